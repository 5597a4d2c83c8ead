use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The full name of a user the signed-in person may delete.
#[server(endpoint = "users/delete/confirm", input = GetUrl)]
pub async fn get_user_to_delete(id: i64) -> Result<String, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::policy::UserAction;
    use service::Context;
    use service::users::{access, repo, would_leave_too_few};
    respond("get_user_to_delete", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let user = access::require(&cx.db, actor.id, id, UserAction::Delete).await?;
        if would_leave_too_few(&cx.db, &user)
            .await
            .context("count the support users")?
        {
            return Err(AppError::TooFewUsers.into());
        }
        Ok(repo::full_name(&user))
    })
    .await
}
