use crate::error::AppError;
use leptos::prelude::*;

/// "Resend invitation" on a details page: queues the invitation again and returns to the
/// details page with the banner. Within 5 minutes of the last resend to the same user, nothing
/// is sent, and the page says to wait.
#[server(endpoint = "users/resend-invitation")]
pub async fn resend_invitation(id: i64) -> Result<(), AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::policy::UserAction;
    use domain::{Flash, paths};
    use service::drafts;
    use service::users::{access, resend_invitation};
    respond("resend_invitation", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        access::require(&cx.db, actor.id, id, UserAction::ResendInvitation).await?;
        resend_invitation(&cx.db, &cx.emails, id, actor.id).await?;
        cx.wake_email_worker();
        drafts::set_flash(&cx.session, Flash::InvitationSent).await?;
        cx.redirect(&paths::User(id).details());
        Ok(())
    })
    .await
}
