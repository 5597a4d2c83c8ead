//! The policy applied on the server: the user must exist and be active, and the signed-in
//! person must be allowed the action, whatever the page offered.

use super::repo;
use crate::{Context, Failed, Refusal};
use domain::policy::{UserAction, UserPolicy};
use entity::users;
use sea_orm::ConnectionTrait;

/// The user `id` (not deleted), if the person `actor_id` may do `action` to them.
pub async fn require<C: ConnectionTrait>(
    db: &C,
    actor_id: i64,
    id: i64,
    action: UserAction,
) -> Result<users::Model, Failed> {
    let user = repo::find_not_deleted(db, id)
        .await
        .context("read the support user")?
        .ok_or(Refusal::NotFound)?;
    if !UserPolicy::new(actor_id).allows(action, repo::facts(&user)) {
        return Err(Refusal::Forbidden.into());
    }
    Ok(user)
}
