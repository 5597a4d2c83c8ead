use crate::error::AppError;
use leptos::prelude::*;

/// "Sign out everywhere": ends every session of the signed-in person, on every instance, this
/// one included (for a lost or shared device), and goes to the sign-in page.
#[server(endpoint = "account/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::paths;
    use service::Context;
    use service::users::status;
    respond("sign_out_everywhere", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        status::end_sessions_of(&cx.db, actor.id)
            .await
            .context("end the user's sessions")?;
        // This request's own session is one of them: nothing of it is written back.
        cx.session.flush().await.context("end this session")?;
        tracing::info!(user_id = actor.id, "signed out everywhere");
        cx.redirect(paths::SIGN_IN);
        Ok(())
    })
    .await
}
