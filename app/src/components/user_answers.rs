use super::{SummaryAction, SummaryList, SummaryRow};
use domain::content;
use domain::forms::{UserFormValues, user_form_ids as ids};
use leptos::prelude::*;

/// A support user's personal details as a summary list, each with a "Change" link back to the
/// form at `form_href`, which then focuses that field.
#[component]
pub fn UserAnswers(values: UserFormValues, #[prop(into)] form_href: String) -> impl IntoView {
    let change = |id: &str, label: &str| {
        Some(SummaryAction {
            href: format!("{form_href}?change={id}#{id}"),
            text: content::CHANGE,
            visually_hidden: label.to_lowercase(),
        })
    };
    let rows = vec![
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
    ];
    view! { <SummaryList rows/> }
}
