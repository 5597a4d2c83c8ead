//! GOV.UK Notify's delivery receipts: Notify calls back with an email's status the moment it
//! knows (`POST /notify/delivery-receipts`). A receipt sets the final status the worker would
//! otherwise learn by asking (`status_checks`), through the same write: only from `sent`, so a
//! receipt Notify sends again, or one that arrives after the worker's answer, changes nothing.

use super::EmailStatus;
use super::status_checks::{self, Told, delivery_of};
use chrono::{DateTime, Utc};
use entity::emails::{Column, Entity as Emails};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// What a receipt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receipt {
    /// The email's final status is recorded.
    Recorded,
    /// Nothing to change: already final, or a status that is not final yet.
    Unchanged,
    /// No email has that Notify id (not ours, or its send not recorded yet: the worker's
    /// asking will find it).
    Unknown,
}

/// Records Notify's `status` for the email Notify knows as `notify_id`, at `now` (the
/// database's clock).
pub async fn record(
    db: &DatabaseConnection,
    notify_id: &str,
    status: &str,
    now: DateTime<Utc>,
) -> Result<Receipt, DbErr> {
    // Ids are Notify's UUIDs, which is all we store; anything else is no email of ours.
    if uuid::Uuid::try_parse(notify_id).is_err() {
        return Ok(Receipt::Unknown);
    }
    let Some(email) = Emails::find()
        .filter(Column::NotifyId.eq(notify_id))
        .one(db)
        .await?
    else {
        return Ok(Receipt::Unknown);
    };
    let guard = Condition::all()
        .add(Column::Id.eq(email.id))
        .add(Column::Status.eq(EmailStatus::Sent));
    let written =
        status_checks::finish(db, &email, &delivery_of(status), now, guard, Told::Receipt).await?;
    Ok(if written {
        Receipt::Recorded
    } else {
        Receipt::Unchanged
    })
}

/// Whether receipts are arriving: one set an email's status within the last day, before `now`.
/// While they do, the worker asks Notify about a sent email much later.
pub async fn arriving(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<bool, DbErr> {
    Ok(Emails::find()
        .filter(Column::ReceiptAt.gt(now - chrono::Duration::days(1)))
        .one(db)
        .await?
        .is_some())
}
