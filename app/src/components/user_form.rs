use super::{BackLink, Button, ErrorSummary, TextInput};
use crate::content;
use crate::forms::{UserFormErrors, UserFormValues, user_form_ids as ids};
use leptos::ev::SubmitEvent;
use leptos::html::{Div, Input};
use leptos::prelude::*;
use leptos_meta::Title;

/// The personal details form, for adding and for changing a support user.
///
/// Without JavaScript it is a plain form post to `action_url`. Hydrated, it checks the
/// answers in the browser with the same `parse` the server runs, shows any errors at once, and
/// only then hands valid answers to `on_valid`; errors the server finds later (an address now in
/// use) arrive through `server_errors`.
#[component]
pub fn UserForm(
    /// The page title, without the service name.
    title: &'static str,
    #[prop(into)] caption: String,
    values: UserFormValues,
    errors: UserFormErrors,
    #[prop(into)] action_url: String,
    #[prop(into)] back_href: String,
    #[prop(into)] cancel_href: String,
    #[prop(into)] server_errors: Signal<Option<UserFormErrors>>,
    on_valid: Callback<UserFormValues>,
) -> impl IntoView {
    let errors = RwSignal::new(errors);
    let summary = NodeRef::<Div>::new();
    let (first_name, last_name, email) = (
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
    );

    let focus_summary = move || {
        request_animation_frame(move || {
            if let Some(summary) = summary.get_untracked() {
                let _ = summary.focus();
            }
        })
    };
    Effect::new(move || {
        if let Some(found) = server_errors.get() {
            let any = !found.is_empty();
            errors.set(found);
            if any {
                focus_summary();
            }
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let read =
            |input: NodeRef<Input>| input.get_untracked().map(|i| i.value()).unwrap_or_default();
        let values = UserFormValues {
            first_name: read(first_name),
            last_name: read(last_name),
            email: read(email),
        };
        match values.parse() {
            Ok(_) => {
                errors.set(UserFormErrors::default());
                on_valid.run(values);
            }
            Err(found) => {
                errors.set(found);
                focus_summary();
            }
        }
    };

    view! {
        <Title text=move || content::page_title(title, !errors.read().is_empty())/>
        <BackLink href=back_href/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    let items = errors.read().summary();
                    (!items.is_empty()).then(|| view! { <ErrorSummary items node_ref=summary/> })
                }}
                <span class="govuk-caption-l">{caption}</span>
                <h1 class="govuk-heading-l">{content::PERSONAL_DETAILS_HEADING}</h1>
                <form method="post" action=action_url novalidate on:submit=on_submit>
                    <TextInput
                        id=ids::FIRST_NAME
                        name="first_name"
                        label=content::FIRST_NAME
                        value=values.first_name
                        error=Signal::derive(move || errors.read().first_name_message())
                        autocomplete="given-name"
                        node_ref=first_name
                    />
                    <TextInput
                        id=ids::LAST_NAME
                        name="last_name"
                        label=content::LAST_NAME
                        value=values.last_name
                        error=Signal::derive(move || errors.read().last_name_message())
                        autocomplete="family-name"
                        node_ref=last_name
                    />
                    <TextInput
                        id=ids::EMAIL
                        name="email"
                        label=content::EMAIL_ADDRESS
                        hint=content::EMAIL_HINT
                        value=values.email
                        error=Signal::derive(move || errors.read().email_message())
                        autocomplete="email"
                        input_type="email"
                        node_ref=email
                    />
                    <div class="govuk-button-group">
                        <Button>{content::CONTINUE}</Button>
                        <a class="govuk-link" href=cancel_href>{content::CANCEL}</a>
                    </div>
                </form>
            </div>
        </div>
    }
}
