//! Asking GOV.UK Notify whether the emails it accepted were delivered (SPEC §7). An email
//! Notify has carries `status_check_at`, when to ask next; the worker claims due checks the
//! way it claims emails (the claim moves `status_check_at` on by a lease, guarded by its old
//! value, so two workers never ask about one email at once), asks, and records the answer:
//! `delivered` or `not_delivered` end the checks; anything else sets the next one, further
//! apart as the email ages, and none later than [`GIVE_UP_AFTER_DAYS`] after it was sent.

use super::EmailStatus;
use crate::audit::AuditField;
use chrono::{DateTime, Duration as Span, Utc};
use entity::emails::{self, Column, Entity as Emails};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::time::Duration;

/// Notify keeps a notification's status for 7 days.
pub const GIVE_UP_AFTER_DAYS: i64 = 7;
/// The longest wait between two checks of one email.
const LONGEST_WAIT: Duration = Duration::from_secs(60 * 60);

/// What Notify said of an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Delivered,
    /// A permanent, temporary or technical failure: Notify's status, kept as the reason.
    NotDelivered(String),
    /// Not final yet (`created`, `sending`, `pending`), or Notify could not be asked.
    NotYet,
}

/// Notify's email statuses (SPEC §7), whether asked for or called back with: `delivered` is
/// final; the three failures are final and mean the email did not arrive; `created`, `sending`
/// and `pending` (and any status Notify adds later) are not final yet.
pub fn delivery_of(status: &str) -> Delivery {
    match status {
        "delivered" => Delivery::Delivered,
        "permanent-failure" | "temporary-failure" | "technical-failure" => {
            Delivery::NotDelivered(status.to_owned())
        }
        _ => Delivery::NotYet,
    }
}

/// Who told us an email's final status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Told {
    /// The worker asked Notify.
    Asked,
    /// Notify called back (a delivery receipt).
    Receipt,
}

/// Writes `delivery` (final) as `email`'s status, only while `guard` still matches its row, and
/// for an email not delivered the record in its user's history, in one transaction. `true`
/// when written; `false` when the row had moved on (another answer came first) or `delivery`
/// is not final.
pub(crate) async fn finish(
    db: &DatabaseConnection,
    email: &emails::Model,
    delivery: &Delivery,
    now: DateTime<Utc>,
    guard: Condition,
    told: Told,
) -> Result<bool, DbErr> {
    let update = Emails::update_many()
        .filter(guard)
        .col_expr(Column::StatusCheckAt, Expr::value(None::<DateTime<Utc>>))
        .col_expr(Column::FinishedAt, Expr::value(now))
        .col_expr(
            Column::ReceiptAt,
            Expr::value((told == Told::Receipt).then_some(now)),
        );
    let update = match delivery {
        Delivery::Delivered => update.col_expr(Column::Status, Expr::value(EmailStatus::Delivered)),
        Delivery::NotDelivered(status) => update
            .col_expr(Column::Status, Expr::value(EmailStatus::NotDelivered))
            .col_expr(
                Column::LastError,
                Expr::value(format!("GOV.UK Notify: {status}")),
            ),
        Delivery::NotYet => return Ok(false),
    };
    let txn = crate::write::begin(db).await?;
    let written = update.exec(&txn).await?.rows_affected == 1;
    if written && matches!(delivery, Delivery::NotDelivered(_)) {
        record_not_delivered(&txn, email).await?;
    }
    txn.commit().await?;
    Ok(written)
}

/// "Invitation not delivered to …" in the history of the user `email` is about.
pub(crate) async fn record_not_delivered<C: ConnectionTrait>(
    txn: &C,
    email: &emails::Model,
) -> Result<(), DbErr> {
    let Some(user_id) = email.user_id else {
        return Ok(());
    };
    let id = email.id.to_string();
    let kind = sea_orm::ActiveEnum::to_value(&email.kind);
    crate::audit::record(
        txn,
        None,
        crate::audit::Action::EmailNotDelivered,
        user_id,
        &[
            (AuditField::EmailId, None, Some(&id)),
            (AuditField::EmailKind, None, Some(&kind)),
            (AuditField::Email, None, Some(&email.recipient)),
        ],
    )
    .await
}

/// Claims up to `limit` emails whose check is due, each until `now + lease`.
pub async fn claim_due<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    limit: u64,
    lease: Duration,
) -> Result<Vec<emails::Model>, DbErr> {
    let due = Emails::find()
        .filter(Column::Status.eq(EmailStatus::Sent))
        .filter(Column::StatusCheckAt.lte(now))
        .order_by_asc(Column::StatusCheckAt)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::with_capacity(due.len());
    for mut email in due {
        let lease_ends = now + lease;
        let won = Emails::update_many()
            .col_expr(Column::StatusCheckAt, Expr::value(Some(lease_ends)))
            .filter(claimed_by(&email))
            .exec(db)
            .await?;
        if won.rows_affected == 1 {
            email.status_check_at = Some(lease_ends);
            claimed.push(email);
        }
    }
    Ok(claimed)
}

/// Whether an email sent at `sent_at` is too old to ask about at `now`.
pub fn past_asking(sent_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    sent_at.is_none_or(|sent| now >= sent + Span::days(GIVE_UP_AFTER_DAYS))
}

/// Records Notify's answer for a claimed email (or, with `None`, that it is past asking).
/// `shortest_wait` is the wait before the first check, and the least between two.
pub async fn record(
    db: &DatabaseConnection,
    email: &emails::Model,
    answer: Option<Delivery>,
    now: DateTime<Utc>,
    shortest_wait: Duration,
) -> Result<(), DbErr> {
    let update = Emails::update_many().filter(claimed_by(email));
    let update = match answer {
        Some(final_answer @ (Delivery::Delivered | Delivery::NotDelivered(_))) => {
            return finish(
                db,
                email,
                &final_answer,
                now,
                claimed_by(email),
                Told::Asked,
            )
            .await
            .map(|_| ());
        }
        Some(Delivery::NotYet) => update.col_expr(
            Column::StatusCheckAt,
            Expr::value(next_check(email.sent_at, now, shortest_wait)),
        ),
        // Past asking: `sent` is as far as it will get.
        None => update
            .col_expr(Column::StatusCheckAt, Expr::value(None::<DateTime<Utc>>))
            .col_expr(Column::FinishedAt, Expr::value(now)),
    };
    update.exec(db).await.map(|_| ())
}

/// The next check: after as long again as the email has waited so far (so checks thin out as
/// it ages), between `shortest_wait` and an hour; none once that is past the 7 days.
pub fn next_check(
    sent_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    shortest_wait: Duration,
) -> Option<DateTime<Utc>> {
    let sent = sent_at?;
    let age = (now - sent).to_std().unwrap_or(Duration::ZERO);
    let wait = age.clamp(shortest_wait, LONGEST_WAIT.max(shortest_wait));
    let at = now + wait;
    (at < sent + Span::days(GIVE_UP_AFTER_DAYS)).then_some(at)
}

/// The row as this worker claimed it: still `sent`, and its check not moved since.
fn claimed_by(email: &emails::Model) -> sea_orm::Condition {
    let check_at = match email.status_check_at {
        Some(at) => Column::StatusCheckAt.eq(at),
        None => Column::StatusCheckAt.is_null(),
    };
    sea_orm::Condition::all()
        .add(Column::Id.eq(email.id))
        .add(Column::Status.eq(EmailStatus::Sent))
        .add(check_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_thin_out_and_end_after_seven_days() {
        let sent = Utc::now();
        let minute = Duration::from_secs(60);
        assert_eq!(
            next_check(Some(sent), sent + Span::seconds(10), minute),
            Some(sent + Span::seconds(70))
        );
        assert_eq!(
            next_check(Some(sent), sent + Span::minutes(20), minute),
            Some(sent + Span::minutes(40))
        );
        assert_eq!(
            next_check(Some(sent), sent + Span::days(2), minute),
            Some(sent + Span::days(2) + Span::hours(1))
        );
        assert_eq!(
            next_check(Some(sent), sent + Span::days(7) - Span::minutes(30), minute),
            None
        );
        assert!(past_asking(Some(sent), sent + Span::days(7)));
        assert!(!past_asking(
            Some(sent),
            sent + Span::days(7) - Span::seconds(1)
        ));
    }
}
