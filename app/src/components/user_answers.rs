use super::{SummaryAction, SummaryList, SummaryRow};
use domain::content;
use domain::forms::{AccountActive, Questions, UserFormValues, user_form_ids as ids};
use leptos::prelude::*;

/// A user form's answers as a summary list (what `questions` asked), each with a "Change" link
/// back to the form at `form_href`, which then focuses that field.
#[component]
pub fn UserAnswers(
    questions: Questions,
    values: UserFormValues,
    #[prop(into)] form_href: String,
) -> impl IntoView {
    let change = |id: &str, label: &str| {
        Some(SummaryAction {
            href: format!("{form_href}?change={id}#{id}"),
            text: content::CHANGE,
            visually_hidden: label.to_lowercase(),
        })
    };
    let mut rows = Vec::new();
    if questions.personal_details {
        rows.extend([
            SummaryRow {
                key: content::FIRST_NAME,
                value: values.first_name,
                action: change(ids::FIRST_NAME, content::FIRST_NAME),
            },
            SummaryRow {
                key: content::LAST_NAME,
                value: values.last_name,
                action: change(ids::LAST_NAME, content::LAST_NAME),
            },
            SummaryRow {
                key: content::EMAIL_ADDRESS,
                value: values.email,
                action: change(ids::EMAIL, content::EMAIL_ADDRESS),
            },
        ]);
    }
    if questions.account_active {
        let answer = AccountActive::parse(values.active.as_deref()).ok();
        rows.push(SummaryRow {
            key: content::ACCOUNT_ACTIVE_QUESTION,
            value: answer
                .map(AccountActive::label)
                .unwrap_or_default()
                .to_owned(),
            action: Some(SummaryAction {
                href: format!("{form_href}?change={0}#{0}", ids::ACTIVE),
                text: content::CHANGE,
                visually_hidden: content::CHANGE_ACCOUNT_ACTIVE_HIDDEN.to_owned(),
            }),
        });
    }
    view! { <SummaryList rows/> }
}
