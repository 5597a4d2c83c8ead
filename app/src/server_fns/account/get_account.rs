use super::AccountDetails;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The signed-in person's own details, as the database has them now, and the sign-in before
/// this session's (kept in the session when it started).
#[server(endpoint = "account", input = GetUrl)]
pub async fn get_account() -> Result<AccountDetails, AppError> {
    use crate::ssr::{RequestContext, respond, time_format};
    use service::Context;
    use service::session_keys;
    use service::users::repo;
    respond("get_account", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let user = repo::find_not_deleted(&cx.db, actor.id)
            .await
            .context("read the signed-in user")?
            .ok_or(AppError::SignInRequired)?;
        let previous = cx
            .session
            .get::<i64>(session_keys::PREVIOUS_SIGN_IN_AT)
            .await
            .context("read the session")?;
        Ok(AccountDetails {
            first_name: user.first_name,
            last_name: user.last_name,
            email: user.email,
            previous_sign_in: previous
                .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
                .map(time_format::uk_date_time),
        })
    })
    .await
}
