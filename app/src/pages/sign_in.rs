use crate::components::{Button, ButtonVariant, PageData};
use crate::content;
use crate::server_fns::sign_in::{PersonaOption, list_personas};
use leptos::prelude::*;
use leptos_meta::Title;

/// Development sign-in: a button per persona. Each is a plain form post, so it works without
/// JavaScript; the server signs the persona in and redirects.
#[component]
pub fn SignInPage() -> impl IntoView {
    let personas = Resource::new(|| (), |_| list_personas());
    view! {
        <PageData resource=personas let:personas>
            <Personas personas/>
        </PageData>
    }
}

#[component]
fn Personas(personas: Vec<PersonaOption>) -> impl IntoView {
    let none = personas.is_empty();
    view! {
        <Title text=content::page_title(content::SIGN_IN_TITLE, false)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{content::SIGN_IN_HEADING}</h1>
                <p class="govuk-body">{content::SIGN_IN_PERSONAS_INTRO}</p>
                {none.then(|| view! { <p class="govuk-body">{content::SIGN_IN_NO_PERSONAS}</p> })}
                {personas
                    .into_iter()
                    .map(|p| {
                        view! {
                            <form method="post" action="/sign-in/developer" class="app-persona">
                                <input type="hidden" name="user_id" value=p.user_id/>
                                <Button variant=ButtonVariant::Secondary>
                                    {content::sign_in_as(&p.full_name)}
                                </Button>
                            </form>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
