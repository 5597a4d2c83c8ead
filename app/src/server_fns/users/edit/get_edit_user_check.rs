use super::EditUserCheck;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The changed answers to check; without a valid draft, back to the form.
#[server(endpoint = "users/edit/check", input = GetUrl)]
pub async fn get_edit_user_check(id: i64) -> Result<Option<EditUserCheck>, AppError> {
    use crate::forms::UserFormValues;
    use crate::policy::UserAction;
    use crate::ssr::drafts::{self, Journey};
    use crate::ssr::{request, user_access};
    let actor = request::require_user()?;
    let db = request::db()?;
    let session = request::session().await?;
    user_access::require(&db, &actor, id, UserAction::Change).await?;
    let answers_changed = drafts::take_answers_changed(&session, Journey::Change(id)).await?;
    let draft = drafts::draft(&session, Journey::Change(id)).await?;
    match draft.and_then(|d| d.values.parse().ok().map(|fields| (d.id, fields))) {
        Some((draft_id, fields)) => Ok(Some(EditUserCheck {
            values: UserFormValues::from(&fields),
            draft_id,
            answers_changed,
        })),
        None => {
            leptos_axum::redirect(&format!("/users/{id}/edit"));
            Ok(None)
        }
    }
}
