//! Sending a support user's invitation again ("Resend invitation", SPEC §7): the invitation
//! queued in the outbox and the audit record, in one transaction, at most once in
//! [`RESEND_WAIT_MINUTES`] for each user.

use super::repo;
use crate::outbox::{self, EmailContext};
use crate::{Failed, Refusal, Step, audit, journey};
use chrono::Duration;
use entity::users::{Column, Entity as Users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The least time between two resends to one user.
pub const RESEND_WAIT_MINUTES: i64 = 5;

/// Queues the invitation to `user_id` again, on behalf of `actor_id`.
///
/// The limit is held by the write itself: `invitation_resent_at` is set only where the last
/// resend is old enough, so of two resends at once (on any instances) exactly one passes.
pub async fn resend_invitation(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    actor_id: i64,
) -> Result<(), Failed> {
    journey(
        "resend the invitation",
        resend(db, emails, user_id, actor_id),
    )
    .await
}

async fn resend(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    actor_id: i64,
) -> Result<(), Step> {
    let txn = crate::write::begin(db).await?;
    // The database's clock, not this instance's: an instance whose clock is off cannot widen
    // the limit.
    let now = crate::clock::database_now(&txn).await?;
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
            None => Refusal::NotFound,
            Some(user) if !repo::facts(&user).active || user.last_signed_in_at.is_some() => {
                Refusal::NotInvitable
            }
            Some(_) => Refusal::TooSoon,
        }
        .into());
    }
    let user = repo::find_not_deleted(&txn, user_id)
        .await?
        .ok_or(Refusal::NotFound)?;
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
