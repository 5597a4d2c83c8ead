use crate::error::AppError;
use leptos::prelude::*;

/// "Delete user" on the confirmation page: soft-deletes, queues the removal email, and goes to
/// the list with the banner. A second time, the user is gone: not found.
#[server(endpoint = "users/delete")]
pub async fn delete_user(id: i64) -> Result<(), AppError> {
    use crate::ssr::{Failure, RequestContext, respond};
    use domain::policy::UserAction;
    use domain::{Flash, paths};
    use service::drafts;
    use service::users::{access, delete_user};
    respond("delete_user", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let deleted: Result<(), Failure> =
            match access::require(&cx.db, actor.id, id, UserAction::Delete).await {
                Ok(_) => delete_user(&cx.db, &cx.emails, id, actor.id)
                    .await
                    .map_err(Failure::from),
                Err(err) => Err(err.into()),
            };
        if let Err(err) = deleted {
            // Without JavaScript the browser follows a redirect: to the confirmation page,
            // which shows what is wrong (not found, or no permission) with the right status.
            if cx.is_plain_form_post() {
                cx.redirect(&paths::User(id).delete());
            }
            return Err(err);
        }
        cx.wake_email_worker();
        drafts::set_flash(&cx.session, Flash::UserDeleted).await?;
        cx.redirect(paths::USERS);
        Ok(())
    })
    .await
}
