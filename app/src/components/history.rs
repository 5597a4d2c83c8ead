use crate::server_fns::users::{HistoryEntry, HistoryKind};
use domain::content;
use leptos::prelude::*;

/// A user's history: who added them and each change since (which fields, from what to what,
/// by whom, when), newest first.
#[component]
pub fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    let empty = entries.is_empty();
    view! {
        <section class="app-history" aria-labelledby="history-heading">
            <h2 class="govuk-heading-m" id="history-heading">{content::HISTORY_HEADING}</h2>
            {empty.then(|| view! { <p class="govuk-body">{content::HISTORY_EMPTY}</p> })}
            <ol class="app-history__list">
                {entries.into_iter().map(|entry| view! { <HistoryItem entry/> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn HistoryItem(entry: HistoryEntry) -> impl IntoView {
    let title = match &entry.kind {
        HistoryKind::Added => content::history_added(entry.by.as_deref()),
        HistoryKind::Changed => content::history_changed(entry.by.as_deref()),
        HistoryKind::InvitationResent => content::history_invitation_resent(entry.by.as_deref()),
        HistoryKind::Deactivated => content::history_deactivated(entry.by.as_deref()),
        HistoryKind::DeactivatedAutomatically(days) => {
            content::history_deactivated_automatically(*days)
        }
        HistoryKind::Reactivated => content::history_reactivated(entry.by.as_deref()),
        HistoryKind::NotDelivered { email, to } => {
            content::history_not_delivered(email, to.as_deref())
        }
    };
    let lines: Vec<String> = entry
        .changes
        .iter()
        .map(|change| match (&change.from, &change.to) {
            (Some(from), Some(to)) => content::history_field_changed(&change.field, from, to),
            (_, to) => content::history_field_set(&change.field, to.as_deref().unwrap_or("")),
        })
        .collect();
    view! {
        <li class="app-history__item">
            <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{title}</h3>
            <p class="govuk-body-s app-history__when">{entry.when}</p>
            <ul class="govuk-list govuk-list--bullet">
                {lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </li>
    }
}
