use super::UserDetails;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// An active support user's details, with what the signed-in user may do to them.
#[server(endpoint = "users/get", input = GetUrl)]
pub async fn get_user(id: i64) -> Result<UserDetails, AppError> {
    use super::{FieldChange, HistoryEntry, HistoryKind};
    use crate::policy::UserPolicy;
    use crate::ssr::{audit, drafts, request, time_format, users_repo};
    // Everything from the request before the first read (see `list_users`).
    let actor = request::require_user()?;
    let db = request::db()?;
    let session = request::session().await?;
    let user = users_repo::find_active(&db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let policy = UserPolicy::new(actor.id);
    let facts = users_repo::facts(&user);
    let history = audit::history_of(&db, user.id)
        .await?
        .into_iter()
        .map(|(event, by)| HistoryEntry {
            kind: if event.action == audit::Action::UserAdded.as_str() {
                HistoryKind::Added
            } else {
                HistoryKind::Changed
            },
            by,
            when: time_format::uk_date_time(event.created_at),
            changes: audit::field_changes(&event.changes)
                .into_iter()
                .map(|(field, from, to)| FieldChange {
                    field: field_label(field).to_owned(),
                    from,
                    to,
                })
                .collect(),
        })
        .collect();
    Ok(UserDetails {
        id: user.id,
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        last_signed_in: user.last_signed_in_at.map(time_format::uk_date_time),
        can_change: policy.can_change(facts),
        can_delete: policy.can_delete(facts),
        banner: drafts::take_flash(&session).await?,
        history,
    })
}

#[cfg(feature = "ssr")]
fn field_label(field: &str) -> &'static str {
    use crate::content;
    match field {
        "first_name" => content::FIRST_NAME,
        "last_name" => content::LAST_NAME,
        _ => content::EMAIL_ADDRESS,
    }
}
