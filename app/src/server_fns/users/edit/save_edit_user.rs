use crate::error::AppError;
use leptos::prelude::*;

/// "Save user" on the change check page: saves exactly the answers that page showed, or shows
/// it again with the current ones (see `save_new_user`). Refuses to overwrite a change made
/// since the form was opened: the form then shows the current details and says why.
#[server(endpoint = "users/edit/save")]
pub async fn save_edit_user(id: i64, draft_id: String) -> Result<(), AppError> {
    use crate::forms::UserFormErrors;
    use crate::policy::UserAction;
    use crate::session::Flash;
    use crate::ssr::change_user::{ChangeUserError, change_user};
    use crate::ssr::drafts::{self, Journey};
    use crate::ssr::{idempotency, request, user_access};
    let actor = request::require_user()?;
    let db = request::db()?;
    let emails = request::email_context()?;
    let session = request::session().await?;
    let journey = Journey::Change(id);
    let details = format!("/users/{id}");
    let form = format!("/users/{id}/edit");

    // Exactly the answers the check page showed, as for adding.
    let in_progress = drafts::draft(&session, journey).await?;
    let draft = match in_progress {
        Some(draft) if draft.id == draft_id => draft,
        _ if idempotency::is_done(&db, &draft_id).await? => {
            drafts::set_flash(&session, Flash::UserUpdated).await?;
            leptos_axum::redirect(&details);
            return Ok(());
        }
        Some(_) => {
            user_access::require(&db, &actor, id, UserAction::Change).await?;
            drafts::set_answers_changed(&session, journey).await?;
            leptos_axum::redirect(&format!("/users/{id}/check"));
            return Ok(());
        }
        None => {
            user_access::require(&db, &actor, id, UserAction::Change).await?;
            leptos_axum::redirect(&form);
            return Ok(());
        }
    };
    user_access::require(&db, &actor, id, UserAction::Change).await?;
    let (fields, version) = match (draft.values.parse(), draft.lock_version) {
        (Ok(fields), Some(version)) => (fields, version),
        _ => {
            leptos_axum::redirect(&form);
            return Ok(());
        }
    };
    match change_user(&db, &emails, id, version, fields, actor.id, &draft.id).await {
        Ok(()) => {
            request::wake_email_worker();
            drafts::clear(&session, journey).await?;
            drafts::set_flash(&session, Flash::UserUpdated).await?;
            leptos_axum::redirect(&details);
            Ok(())
        }
        Err(ChangeUserError::EmailTaken) => {
            drafts::store_errors(&session, journey, &UserFormErrors::email_in_use()).await?;
            leptos_axum::redirect(&form);
            Ok(())
        }
        Err(ChangeUserError::Conflict) => {
            drafts::clear(&session, journey).await?;
            drafts::set_conflict(&session, id).await?;
            leptos_axum::redirect(&form);
            Ok(())
        }
        Err(ChangeUserError::NotFound) => Err(AppError::NotFound),
        Err(ChangeUserError::Locked) => Err(AppError::Forbidden),
        Err(ChangeUserError::Db(err)) => Err(err.into()),
    }
}
