//! The policy applied on the server: the user must exist and be active (else 404), and the
//! signed-in person must be allowed the action (else 403), whatever the page offered.

use super::users_repo;
use crate::error::AppError;
use crate::policy::{UserAction, UserPolicy};
use crate::session::SignedInUser;
use entity::users;
use sea_orm::DatabaseConnection;

pub async fn require(
    db: &DatabaseConnection,
    actor: &SignedInUser,
    id: i64,
    action: UserAction,
) -> Result<users::Model, AppError> {
    let user = users_repo::find_active(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !UserPolicy::new(actor.id).allows(action, users_repo::facts(&user)) {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}
