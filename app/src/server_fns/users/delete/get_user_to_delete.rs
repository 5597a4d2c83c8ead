use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The full name of a user the signed-in person may delete.
#[server(endpoint = "users/delete/confirm", input = GetUrl)]
pub async fn get_user_to_delete(id: i64) -> Result<String, AppError> {
    use crate::policy::UserAction;
    use crate::ssr::{delete_user, request, user_access, users_repo};
    let actor = request::require_user()?;
    let db = request::db()?;
    let user = user_access::require(&db, &actor, id, UserAction::Delete).await?;
    if delete_user::would_leave_too_few(&db).await? {
        return Err(AppError::TooFewUsers);
    }
    Ok(users_repo::full_name(&user))
}
