//! Sending a support user's invitation again ("Resend invitation", SPEC §7): the invitation
//! queued in the outbox and the audit record, in one transaction, at most once in
//! [`RESEND_WAIT_MINUTES`] for each user.

use super::repo;
use crate::audit;
use crate::outbox::{self, EmailContext};
use chrono::{Duration, Utc};
use entity::users::{Column, Entity as Users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// The least time between two resends to one user.
pub const RESEND_WAIT_MINUTES: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum ResendError {
    #[error("an invitation was resent to this user less than {RESEND_WAIT_MINUTES} minutes ago")]
    TooSoon,
    #[error("no such user")]
    NotFound,
    /// They signed in meanwhile (the invitation has done its job), or the account is inactive
    /// (only active accounts are invited).
    #[error("the user has signed in, or the account is inactive")]
    NotInvitable,
    #[error("could not resend the invitation")]
    Db(#[from] DbErr),
}

/// Queues the invitation to `user_id` again, on behalf of `actor_id`.
///
/// The limit is held by the write itself: `invitation_resent_at` is set only where the last
/// resend is old enough, so of two resends at once (on any instances) exactly one passes.
pub async fn resend_invitation(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    actor_id: i64,
) -> Result<(), ResendError> {
    let now = Utc::now();
    let txn = crate::write::begin(db).await?;
    let stamped = Users::update_many()
        .col_expr(Column::InvitationResentAt, Expr::value(now))
        .filter(Column::Id.eq(user_id))
        .filter(repo::is_active_account())
        .filter(repo::never_signed_in())
        .filter(
            Column::InvitationResentAt
                .is_null()
                .or(Column::InvitationResentAt.lte(now - Duration::minutes(RESEND_WAIT_MINUTES))),
        )
        .exec(&txn)
        .await?;
    if stamped.rows_affected == 0 {
        drop(txn);
        return Err(match repo::find_not_deleted(db, user_id).await? {
            None => ResendError::NotFound,
            Some(user) if !repo::facts(&user).active || user.last_signed_in_at.is_some() => {
                ResendError::NotInvitable
            }
            Some(_) => ResendError::TooSoon,
        });
    }
    let user = repo::find_not_deleted(&txn, user_id)
        .await?
        .ok_or(ResendError::NotFound)?;
    audit::record(
        &txn,
        Some(actor_id),
        audit::Action::InvitationResent,
        user_id,
        &[],
    )
    .await?;
    outbox::queue(
        &txn,
        Some(user_id),
        emails.invitation(&user.first_name, &user.email),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
