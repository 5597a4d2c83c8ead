use super::{BackLink, Button, ErrorSummary, ImportantBanner, TextInput};
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
    /// The id of the field to focus (from a "Change" link).
    #[prop(optional_no_strip)]
    focus: Option<String>,
    /// Something to say above the form.
    #[prop(optional_no_strip)]
    notice: Option<&'static str>,
    /// Fields the form posts without showing: (name, value).
    #[prop(optional)]
    hidden: Vec<(&'static str, String)>,
) -> impl IntoView {
    let focused = {
        let focus = focus.clone();
        move |id: &str| focus.as_deref() == Some(id)
    };
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

    // `autofocus` works when the page is loaded; after client-side navigation the field is
    // focused here instead (unless there are errors: the summary has focus then).
    Effect::new(move || {
        let input = match focus.as_deref() {
            Some(ids::FIRST_NAME) => first_name.get(),
            Some(ids::LAST_NAME) => last_name.get(),
            Some(ids::EMAIL) => email.get(),
            _ => None,
        };
        if let Some(input) = input
            && errors.read_untracked().is_empty()
        {
            // After the router has finished with the new page (it scrolls to the #fragment).
            request_animation_frame(move || {
                let _ = input.focus();
            });
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

    // The server renders the title as it is now. (A reactive title would be read when the
    // document head is rendered, after this page's reactive scope has gone.) In the browser an
    // effect keeps it in step with the errors shown.
    let initial_title = content::page_title(title, !errors.read_untracked().is_empty());
    Effect::new(move || {
        document().set_title(&content::page_title(title, !errors.read().is_empty()));
    });

    view! {
        <Title text=initial_title/>
        <BackLink href=back_href/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || {
                    let items = errors.read().summary();
                    (!items.is_empty()).then(|| view! { <ErrorSummary items node_ref=summary/> })
                }}
                {notice.map(|text| view! { <ImportantBanner text/> })}
                <span class="govuk-caption-l">{caption}</span>
                <h1 class="govuk-heading-l">{content::PERSONAL_DETAILS_HEADING}</h1>
                <form method="post" action=action_url novalidate on:submit=on_submit>
                    {hidden
                        .into_iter()
                        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                        .collect_view()}
                    <TextInput
                        id=ids::FIRST_NAME
                        autofocus=focused(ids::FIRST_NAME)
                        name="first_name"
                        label=content::FIRST_NAME
                        value=values.first_name
                        error=Signal::derive(move || errors.read().first_name_message())
                        autocomplete="given-name"
                        node_ref=first_name
                    />
                    <TextInput
                        id=ids::LAST_NAME
                        autofocus=focused(ids::LAST_NAME)
                        name="last_name"
                        label=content::LAST_NAME
                        value=values.last_name
                        error=Signal::derive(move || errors.read().last_name_message())
                        autocomplete="family-name"
                        node_ref=last_name
                    />
                    <TextInput
                        id=ids::EMAIL
                        autofocus=focused(ids::EMAIL)
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
