use crate::components::{Button, ButtonVariant, PageData};
use crate::server_fns::sign_in::{PersonaOption, SignInOptions, get_sign_in_options};
use domain::content;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sign in: with DfE Sign-in, or in development as a persona. Both work without JavaScript: a
/// link to start DfE Sign-in, a plain form post per persona.
#[component]
pub fn SignInPage() -> impl IntoView {
    let options = get_sign_in_options();
    view! {
        <PageData load=options let:options>
            <Title text=content::page_title(content::SIGN_IN_TITLE, false)/>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <h1 class="govuk-heading-l">{content::SIGN_IN_HEADING}</h1>
                    {match options {
                        SignInOptions::DfeSignIn => view! { <DfeSignIn/> }.into_any(),
                        SignInOptions::Personas(personas) => view! { <Personas personas/> }.into_any(),
                    }}
                </div>
            </div>
        </PageData>
    }
}

#[component]
fn DfeSignIn() -> impl IntoView {
    view! {
        <p class="govuk-body">{content::SIGN_IN_DFE_INTRO}</p>
        // GOV.UK's start button: a link, since it only begins the journey at DfE Sign-in. The
        // server answers it (a redirect to DfE Sign-in), not the app's router: rel="external".
        <a
            href=paths::DFE_SIGN_IN
            rel="external"
            role="button"
            draggable="false"
            class="govuk-button govuk-button--start"
            data-module="govuk-button"
        >
            {content::SIGN_IN_DFE_BUTTON}
            <svg
                class="govuk-button__start-icon"
                xmlns="http://www.w3.org/2000/svg"
                width="17.5"
                height="19"
                viewBox="0 0 33 40"
                aria-hidden="true"
                focusable="false"
            >
                <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"></path>
            </svg>
        </a>
    }
}

#[component]
fn Personas(personas: Vec<PersonaOption>) -> impl IntoView {
    let none = personas.is_empty();
    view! {
        <p class="govuk-body">{content::SIGN_IN_PERSONAS_INTRO}</p>
        {none.then(|| view! { <p class="govuk-body">{content::SIGN_IN_NO_PERSONAS}</p> })}
        {personas
            .into_iter()
            .map(|p| {
                view! {
                    <form method="post" action=paths::DEVELOPER_SIGN_IN class="app-persona">
                        <input type="hidden" name="user_id" value=p.user_id/>
                        <Button variant=ButtonVariant::Secondary>
                            {content::sign_in_as(&p.full_name)}
                        </Button>
                    </form>
                }
            })
            .collect_view()}
    }
}
