use super::{
    BackLink, Button, ErrorSummary, ImportantBanner, Legend, RadioOption, Radios, TextInput,
};
use domain::content;
use domain::forms::{
    AccountActive, Questions, UserFormErrors, UserFormValues, user_form_ids as ids,
};
use leptos::ev::SubmitEvent;
use leptos::html::{Div, Form, Input};
use leptos::prelude::*;
use leptos_meta::Title;

/// The user form, for adding and for changing a support user: the personal details and, when
/// changing, "Is the account active?" (only that, once the user has signed in: `questions`).
///
/// It is a plain form post to `action_url`, with or without JavaScript: the server checks the
/// answers and either moves on or shows the form again with its errors. Where JavaScript runs,
/// the form is an island ([`UserFormFields`]) that first checks the answers in the browser
/// with the same `parse` the server runs, so errors show at once, without a request.
#[component]
pub fn UserForm(
    /// The page title, without the service name.
    title: &'static str,
    #[prop(into)] caption: String,
    questions: Questions,
    values: UserFormValues,
    errors: UserFormErrors,
    #[prop(into)] action_url: String,
    #[prop(into)] back_href: String,
    #[prop(into)] cancel_href: String,
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
    let page_title = content::page_title(title, !errors.is_empty());
    view! {
        <Title text=page_title/>
        <BackLink href=back_href/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <UserFormFields
                    title=title.to_owned()
                    caption
                    questions
                    values
                    errors
                    action_url
                    cancel_href
                    focus
                    notice=notice.map(str::to_owned)
                    hidden=hidden.into_iter().map(|(name, value)| (name.to_owned(), value)).collect()
                />
            </div>
        </div>
    }
}

/// The interactive part of [`UserForm`]: the error summary, the heading and the form. Its
/// props travel in the page, so they are owned and serialisable.
#[island]
fn UserFormFields(
    title: String,
    caption: String,
    questions: Questions,
    values: UserFormValues,
    errors: UserFormErrors,
    action_url: String,
    cancel_href: String,
    focus: Option<String>,
    notice: Option<String>,
    hidden: Vec<(String, String)>,
) -> impl IntoView {
    let focused = |id: &str| focus.as_deref() == Some(id);
    let focus_on = [ids::FIRST_NAME, ids::LAST_NAME, ids::EMAIL, ids::ACTIVE].map(focused);
    let active_chosen = values.active.clone();
    let errors = RwSignal::new(errors);
    let summary = NodeRef::<Div>::new();
    let form = NodeRef::<Form>::new();
    // Effects run only in the browser, once the island is live: the mark says answers are now
    // checked before they are sent (the browser tests wait for it).
    Effect::new(move || {
        if let Some(form) = form.get() {
            let _ = form.set_attribute("data-checks-answers", "");
        }
    });
    let (first_name, last_name, email) = (
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
        NodeRef::<Input>::new(),
    );
    let active_options: Vec<RadioOption> = AccountActive::ALL
        .into_iter()
        .map(|answer| RadioOption {
            value: answer.value(),
            label: answer.label(),
            node_ref: NodeRef::new(),
        })
        .collect();
    let active_refs: Vec<(&'static str, NodeRef<Input>)> = active_options
        .iter()
        .map(|option| (option.value, option.node_ref))
        .collect();

    // Answers that parse are posted as they are; the server checks them again. Otherwise the
    // errors show here, the summary takes focus, and nothing is sent.
    let on_submit = move |ev: SubmitEvent| {
        let read =
            |input: NodeRef<Input>| input.get_untracked().map(|i| i.value()).unwrap_or_default();
        let values = UserFormValues {
            first_name: read(first_name),
            last_name: read(last_name),
            email: read(email),
            active: active_refs
                .iter()
                .find(|(_, radio)| radio.get_untracked().is_some_and(|r| r.checked()))
                .map(|(value, _)| (*value).to_owned()),
        };
        if let Err(found) = values.check(questions) {
            ev.prevent_default();
            errors.set(found);
            document().set_title(&content::page_title(&title, true));
            request_animation_frame(move || {
                if let Some(summary) = summary.get_untracked() {
                    let _ = summary.focus();
                }
            });
        }
    };

    view! {
        {move || {
            let items = errors.read().summary();
            (!items.is_empty()).then(|| view! { <ErrorSummary items node_ref=summary/> })
        }}
        {notice.map(|text| view! { <ImportantBanner text/> })}
        <span class="govuk-caption-l">{caption}</span>
        {questions
            .personal_details
            .then(|| view! { <h1 class="govuk-heading-l">{content::PERSONAL_DETAILS_HEADING}</h1> })}
        <form method="post" action=action_url novalidate on:submit=on_submit node_ref=form>
            {hidden
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                .collect_view()}
            {questions.personal_details.then(|| view! {
            // Every answer is about someone else: the browser must not offer the signed-in
            // person's own name or address (autocomplete off), nor mark names as misspelt.
            <TextInput
                id=ids::FIRST_NAME
                autofocus=focus_on[0]
                name="first_name"
                label=content::FIRST_NAME
                value=values.first_name
                error=Signal::derive(move || errors.read().first_name_message())
                autocomplete="off"
                node_ref=first_name
            />
            <TextInput
                id=ids::LAST_NAME
                autofocus=focus_on[1]
                name="last_name"
                label=content::LAST_NAME
                value=values.last_name
                error=Signal::derive(move || errors.read().last_name_message())
                autocomplete="off"
                node_ref=last_name
            />
            <TextInput
                id=ids::EMAIL
                autofocus=focus_on[2]
                name="email"
                label=content::EMAIL_ADDRESS
                hint=content::EMAIL_HINT
                value=values.email
                error=Signal::derive(move || errors.read().email_message())
                autocomplete="off"
                input_type="email"
                node_ref=email
            />
            })}
            {questions.account_active.then(|| view! {
                <Radios
                    id=ids::ACTIVE
                    name="active"
                    legend=content::ACCOUNT_ACTIVE_QUESTION
                    legend_style=if questions.personal_details {
                        Legend::Question
                    } else {
                        Legend::PageHeading
                    }
                    options=active_options
                    chosen=active_chosen
                    error=Signal::derive(move || errors.read().active_message())
                    autofocus=focus_on[3]
                />
            })}
            <div class="govuk-button-group">
                <Button>{content::CONTINUE}</Button>
                <a class="govuk-link" href=cancel_href>{content::CANCEL}</a>
            </div>
        </form>
    }
}
