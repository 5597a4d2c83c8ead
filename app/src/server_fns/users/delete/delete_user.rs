use crate::error::AppError;
use leptos::prelude::*;

/// "Delete user" on the confirmation page: soft-deletes, queues the removal email, and goes to
/// the list with the banner. A second time, the user is gone: not found.
#[server(endpoint = "users/delete")]
pub async fn delete_user(id: i64) -> Result<(), AppError> {
    use crate::policy::UserAction;
    use crate::session::Flash;
    use crate::ssr::delete_user::{DeleteUserError, delete_user};
    use crate::ssr::{drafts, request, user_access};
    let actor = request::require_user()?;
    let db = request::db()?;
    let emails = request::email_context()?;
    let session = request::session().await?;
    let outcome = match user_access::require(&db, &actor, id, UserAction::Delete).await {
        Ok(_) => delete_user(&db, &emails, id, actor.id)
            .await
            .map_err(|err| match err {
                DeleteUserError::NotFound => AppError::NotFound,
                DeleteUserError::Locked => AppError::Forbidden,
                DeleteUserError::TooMany => AppError::TooManyRequests,
                DeleteUserError::TooFewUsers => AppError::TooFewUsers,
                DeleteUserError::Db(err) => err.into(),
            }),
        Err(err) => Err(err),
    };
    match outcome {
        Ok(()) => {
            request::wake_email_worker();
            drafts::set_flash(&session, Flash::UserDeleted).await?;
            leptos_axum::redirect("/users");
            Ok(())
        }
        Err(err) => {
            // Without JavaScript the browser follows a redirect: to the user's page, which
            // shows what is wrong (not found, or no permission) with the right status.
            if request::is_plain_form_post() {
                leptos_axum::redirect(&format!("/users/{id}/delete"));
            }
            Err(err)
        }
    }
}
