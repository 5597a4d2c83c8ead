//! The worker's side of the outbox table: claiming due emails, recording what happened.
//!
//! A claim marks rows `sending` with a lease (`next_attempt_at` moves to the lease's end) in one
//! statement, so two workers never hold the same email: on PostgreSQL the rows are chosen
//! `FOR UPDATE SKIP LOCKED`, so workers pass each other's rows by; SQLite runs the one
//! conditional UPDATE under its database write lock. A worker that dies mid-send leaves its rows
//! `sending`: they become due again when the lease ends.
//!
//! Leases are reckoned by the database's clock ([`crate::clock`]), never by an instance's own:
//! instances whose clocks differ by minutes still agree on when a lease ends.

use super::EmailStatus;
use chrono::{DateTime, Utc};
use entity::emails::{self, Column, Entity as Emails};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::time::Duration;

/// An email waiting to be sent: queued, or claimed by a worker whose lease may have ended. Its
/// `next_attempt_at` says when it is due.
pub fn awaiting_send() -> sea_orm::sea_query::SimpleExpr {
    Column::Status.is_in([EmailStatus::Queued, EmailStatus::Sending])
}

/// An email whose delivery GOV.UK Notify is still to be asked about; `status_check_at` says
/// when.
fn awaiting_status_check() -> sea_orm::sea_query::SimpleExpr {
    Column::Status
        .eq(EmailStatus::Sent)
        .and(Column::StatusCheckAt.is_not_null())
}

/// When the worker next has something to do: the earliest due send or status check, if any.
pub async fn next_due<C: ConnectionTrait>(db: &C) -> Result<Option<DateTime<Utc>>, DbErr> {
    let send = Emails::find()
        .select_only()
        .column(Column::NextAttemptAt)
        .filter(awaiting_send())
        .order_by_asc(Column::NextAttemptAt)
        .limit(1)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    let check = Emails::find()
        .select_only()
        .column(Column::StatusCheckAt)
        .filter(awaiting_status_check())
        .order_by_asc(Column::StatusCheckAt)
        .limit(1)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    Ok(match (send, check) {
        (Some(a), Some(b)) => Some(Ord::min(a, b)),
        (a, b) => a.or(b),
    })
}

/// The outbox as the metrics show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gauges {
    /// Emails in each status.
    pub by_status: Vec<(EmailStatus, u64)>,
    /// When the oldest email still waiting to be sent was queued.
    pub oldest_waiting: Option<DateTime<Utc>>,
}

/// Reads the outbox's [`Gauges`].
pub async fn gauges<C: ConnectionTrait>(db: &C) -> Result<Gauges, DbErr> {
    let mut by_status = Vec::new();
    for status in <EmailStatus as sea_orm::Iterable>::iter() {
        let count = Emails::find()
            .filter(Column::Status.eq(status))
            .count(db)
            .await?;
        by_status.push((status, count));
    }
    let oldest_waiting = Emails::find()
        .select_only()
        .column(Column::CreatedAt)
        .filter(awaiting_send())
        .order_by_asc(Column::CreatedAt)
        .limit(1)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    Ok(Gauges {
        by_status,
        oldest_waiting,
    })
}

/// Claims up to `limit` due emails, oldest due first.
pub async fn claim_due<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    limit: u64,
    lease: Duration,
) -> Result<Vec<emails::Model>, DbErr> {
    let due = Query::select()
        .column(Column::Id)
        .from(Emails)
        .and_where(awaiting_send())
        .and_where(Column::NextAttemptAt.lte(now))
        .order_by(Column::NextAttemptAt, sea_orm::Order::Asc)
        .order_by(Column::Id, sea_orm::Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let lease_ends = now + lease;
    Emails::update_many()
        .col_expr(Column::Status, Expr::value(EmailStatus::Sending))
        .col_expr(Column::NextAttemptAt, Expr::value(lease_ends))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .filter(Column::Id.in_subquery(due))
        // Re-checked by the UPDATE itself: a row another worker claimed between the choice and
        // the update (possible on PostgreSQL under READ COMMITTED) is left alone.
        .filter(Column::NextAttemptAt.lte(now))
        .exec_with_returning(db)
        .await
}

/// Notify took it (`notify_id`, its id for it; `None` when it was only logged). Only the
/// worker holding the claim records the outcome. An email Notify has is checked on from
/// `first_status_check` ([`super::status_checks`]).
pub async fn mark_sent<C: ConnectionTrait>(
    db: &C,
    email: &emails::Model,
    notify_id: Option<&str>,
    at: DateTime<Utc>,
    first_status_check: Duration,
) -> Result<(), DbErr> {
    let check_at = notify_id.map(|_| at + first_status_check);
    Emails::update_many()
        .col_expr(Column::Status, Expr::value(EmailStatus::Sent))
        .col_expr(Column::NotifyId, Expr::value(notify_id.map(str::to_owned)))
        .col_expr(Column::SentAt, Expr::value(at))
        .col_expr(Column::StatusCheckAt, Expr::value(check_at))
        // Nothing to ask Notify about: its status is final.
        .col_expr(
            Column::FinishedAt,
            Expr::value(check_at.is_none().then_some(at)),
        )
        .col_expr(Column::LastError, Expr::value(Option::<String>::None))
        .filter(claimed_by(email))
        .exec(db)
        .await
        .map(|_| ())
}

/// Retries stop at this many attempts…
pub const MAX_ATTEMPTS: i32 = 50;
/// …or this long after the email was queued, whichever comes first: the email then fails, with
/// why, for an operator (`server emails list --status failed`, then `server emails retry`).
pub const GIVE_UP_AFTER: chrono::Duration = chrono::Duration::days(7);

/// Whether an email that failed again at `now` (the database's clock) has had its last try.
pub fn gives_up(email: &emails::Model, now: DateTime<Utc>) -> bool {
    email.attempts >= MAX_ATTEMPTS || now - email.created_at >= GIVE_UP_AFTER
}

/// A transient failure: queued again for `retry_at`.
pub async fn schedule_retry<C: ConnectionTrait>(
    db: &C,
    email: &emails::Model,
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<(), DbErr> {
    Emails::update_many()
        .col_expr(Column::Status, Expr::value(EmailStatus::Queued))
        .col_expr(Column::NextAttemptAt, Expr::value(retry_at))
        .col_expr(Column::LastError, Expr::value(error))
        .filter(claimed_by(email))
        .exec(db)
        .await
        .map(|_| ())
}

/// A permanent failure: kept, with the reason, and never tried again; recorded in the history
/// of the user it is about, as an email not delivered.
pub async fn mark_failed(
    db: &sea_orm::DatabaseConnection,
    email: &emails::Model,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let txn = crate::write::begin(db).await?;
    let updated = Emails::update_many()
        .col_expr(Column::Status, Expr::value(EmailStatus::Failed))
        .col_expr(Column::LastError, Expr::value(error))
        .col_expr(Column::FinishedAt, Expr::value(now))
        .filter(claimed_by(email))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 1 {
        super::status_checks::record_not_delivered(&txn, email).await?;
    }
    txn.commit().await
}

/// Gives a claimed email back unsent (the worker is stopping), due at once for any worker.
pub async fn release<C: ConnectionTrait>(
    db: &C,
    email: &emails::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Emails::update_many()
        .col_expr(Column::Status, Expr::value(EmailStatus::Queued))
        .col_expr(Column::NextAttemptAt, Expr::value(now))
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).sub(1))
        .filter(claimed_by(email))
        .exec(db)
        .await
        .map(|_| ())
}

/// The row as this worker claimed it: still `sending`, and not claimed again since (every
/// claim counts an attempt).
fn claimed_by(email: &emails::Model) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(Column::Id.eq(email.id))
        .add(Column::Status.eq(EmailStatus::Sending))
        .add(Column::Attempts.eq(email.attempts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(attempts: i32, queued: DateTime<Utc>) -> emails::Model {
        emails::Model {
            id: 1,
            kind: super::super::EmailKind::Invitation,
            recipient: "ada@education.gov.uk".into(),
            personalisation: "{}".into(),
            reference: "r".into(),
            status: EmailStatus::Sending,
            attempts,
            next_attempt_at: queued,
            last_error: None,
            notify_id: None,
            sent_at: None,
            created_at: queued,
            user_id: None,
            status_check_at: None,
            finished_at: None,
            receipt_at: None,
        }
    }

    #[test]
    fn retries_end_at_50_attempts_or_7_days_whichever_is_first() {
        let now = Utc::now();
        let minute = chrono::Duration::minutes(1);
        assert!(!gives_up(&email(49, now), now));
        assert!(gives_up(&email(50, now), now));
        assert!(!gives_up(&email(2, now - GIVE_UP_AFTER + minute), now));
        assert!(gives_up(&email(2, now - GIVE_UP_AFTER), now));
        assert!(gives_up(&email(2, now - GIVE_UP_AFTER - minute), now));
    }
}
