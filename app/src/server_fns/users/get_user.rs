use super::UserDetails;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// An active support user's details, with what the signed-in user may do to them.
#[server(endpoint = "users/get", input = GetUrl)]
pub async fn get_user(id: i64) -> Result<UserDetails, AppError> {
    use crate::policy::UserPolicy;
    use crate::ssr::{drafts, request, time_format, users_repo};
    let actor = request::require_user()?;
    let db = request::db()?;
    let user = users_repo::find_active(&db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let policy = UserPolicy::new(actor.id);
    let facts = users_repo::facts(&user);
    Ok(UserDetails {
        id: user.id,
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        last_signed_in: user.last_signed_in_at.map(time_format::uk_date_time),
        can_change: policy.can_change(facts),
        can_delete: policy.can_delete(facts),
        banner: drafts::take_flash(&drafts::session().await?).await?,
    })
}
