//! Personal data kept no longer than needed (SPEC §10).
//!
//! - A deleted user's personal data (names, email address, DfE Sign-in id) is erased
//!   `RETAIN_DELETED_DAYS` after the deletion, everywhere the service holds it: the user row,
//!   the audit records about them, the emails about them and their sessions ([`erase_user`]).
//!   The row and the records stay, so every history keeps its shape: what happened, when, and
//!   "Deleted user" where their name was.
//! - An email's body goes [`EMAIL_BODY_DAYS`] after its final status; its kind, status, dates
//!   and Notify id stay.
//! - Idempotency keys go after [`IDEMPOTENCY_HOURS`]: a draft is saved within its session's
//!   12 hours, so a key older than that can never match again.
//!
//! [`run`] does all three, under one claim across instances (`crate::jobs`), by the database's
//! clock (the caller's `now`, so tests set it instead of waiting). On SQLite, freed pages are
//! overwritten as they are freed (`secure_delete`, set on every connection) and the write-ahead
//! log is emptied after a run that erased anything, so the old values are not left in the
//! file; on PostgreSQL the tables are vacuumed then.

use crate::audit::AuditField;
use crate::users::list_index;
use chrono::{DateTime, Duration, Utc};
use entity::{audit_events, emails, idempotency, sessions, users};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::{Map, Value};
use std::num::NonZeroU32;

/// An email's body is erased this long after the email reached its final status.
pub const EMAIL_BODY_DAYS: i64 = 30;
/// Idempotency keys are forgotten this long after they were recorded.
pub const IDEMPOTENCY_HOURS: i64 = 24;
/// The body an email has once erased.
const ERASED_BODY: &str = "{}";
/// Deleted users erased in one run, at most; the rest wait for the next.
const BATCH: u64 = 500;

/// `RETAIN_DELETED_DAYS`: how long a deleted user's personal data is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionRules {
    pub deleted_days: NonZeroU32,
}

impl Default for RetentionRules {
    fn default() -> Self {
        Self {
            deleted_days: NonZeroU32::new(730).expect("730 is not 0"),
        }
    }
}

/// What one run erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionRun {
    pub users_erased: u64,
    pub email_bodies_erased: u64,
    pub idempotency_keys_removed: u64,
}

/// Erases what is due at `now` (the database's clock).
pub async fn run(
    db: &DatabaseConnection,
    rules: RetentionRules,
    now: DateTime<Utc>,
) -> Result<RetentionRun, DbErr> {
    let mut done = RetentionRun::default();
    let deleted_before = now - Duration::days(i64::from(rules.deleted_days.get()));
    let due: Vec<i64> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::DeletedAt.lt(deleted_before))
        .filter(users::Column::ErasedAt.is_null())
        .order_by_asc(users::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await?;
    for id in due {
        if erase_user(db, id, now).await? == Erased::Now {
            done.users_erased += 1;
        }
    }
    done.email_bodies_erased = emails::Entity::update_many()
        .col_expr(emails::Column::Personalisation, Expr::value(ERASED_BODY))
        .filter(emails::Column::FinishedAt.lt(now - Duration::days(EMAIL_BODY_DAYS)))
        .filter(emails::Column::Personalisation.ne(ERASED_BODY))
        .exec(db)
        .await?
        .rows_affected;
    done.idempotency_keys_removed = idempotency::Entity::delete_many()
        .filter(idempotency::Column::CreatedAt.lt(now - Duration::hours(IDEMPOTENCY_HOURS)))
        .exec(db)
        .await?
        .rows_affected;
    if done.users_erased + done.email_bodies_erased > 0 {
        leave_no_old_copies(db).await?;
    }
    Ok(done)
}

/// What [`erase_user`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erased {
    /// Erased by this call.
    Now,
    /// Erased before.
    Already,
    /// Not deleted (or no such user): nothing was erased.
    NotDeleted,
}

/// Erases a deleted user's personal data everywhere the service holds it, in one transaction.
pub async fn erase_user(
    db: &DatabaseConnection,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Erased, DbErr> {
    let txn = crate::write::begin(db).await?;
    let updated = users::Entity::update_many()
        .col_expr(users::Column::FirstName, Expr::value(""))
        .col_expr(users::Column::LastName, Expr::value(""))
        .col_expr(users::Column::Email, Expr::value(""))
        .col_expr(users::Column::DfeSignInUid, Expr::value(None::<String>))
        .col_expr(users::Column::ErasedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::DeletedAt.is_not_null())
        .filter(users::Column::ErasedAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        let user = users::Entity::find_by_id(user_id).one(&txn).await?;
        return Ok(match user {
            Some(user) if user.erased_at.is_some() => Erased::Already,
            _ => Erased::NotDeleted,
        });
    }
    let events = audit_events::Entity::find()
        .filter(audit_events::Column::SubjectUserId.eq(user_id))
        .all(&txn)
        .await?;
    for event in events {
        let erased = erase_personal_details(&event.changes);
        if erased != event.changes {
            audit_events::Entity::update_many()
                .col_expr(audit_events::Column::Changes, Expr::value(erased))
                .filter(audit_events::Column::Id.eq(event.id))
                .exec(&txn)
                .await?;
        }
    }
    emails::Entity::update_many()
        .col_expr(emails::Column::Recipient, Expr::value(""))
        .col_expr(emails::Column::Personalisation, Expr::value(ERASED_BODY))
        .filter(emails::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    list_index::forget_changes_of(&txn, user_id).await?;
    txn.commit().await?;
    Ok(Erased::Now)
}

/// What [`erase_by_email`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErasedByEmail {
    /// These deleted accounts had the address; each is erased now (or was already).
    Erased(Vec<i64>),
    /// A current account has the address: nothing was erased.
    NotDeleted(i64),
    /// No account, current or deleted, has the address.
    Unknown,
}

/// An erasure request: erases every deleted account that had `address`, now.
pub async fn erase_by_email(
    db: &DatabaseConnection,
    address: &domain::DfeEmail,
    now: DateTime<Utc>,
) -> Result<ErasedByEmail, DbErr> {
    let accounts = users::Entity::find()
        .filter(users::Column::Email.eq(address.as_str()))
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    if let Some(current) = accounts.iter().find(|u| u.deleted_at.is_none()) {
        return Ok(ErasedByEmail::NotDeleted(current.id));
    }
    if accounts.is_empty() {
        return Ok(ErasedByEmail::Unknown);
    }
    let mut erased = Vec::with_capacity(accounts.len());
    for account in accounts {
        erase_user(db, account.id, now).await?;
        erased.push(account.id);
    }
    leave_no_old_copies(db).await?;
    Ok(ErasedByEmail::Erased(erased))
}

/// An audit record's `changes` with every personal detail's old and new values erased (the
/// fields stay: the history still says what changed).
pub fn erase_personal_details(changes: &str) -> String {
    let Ok(mut parsed) = serde_json::from_str::<Map<String, Value>>(changes) else {
        // Not ours to read: nothing of it is kept.
        return "{}".to_owned();
    };
    for field in AuditField::PERSONAL_DETAILS {
        if let Some(Value::Object(change)) = parsed.get_mut(field.key()) {
            for value in change.values_mut() {
                *value = Value::Null;
            }
        }
    }
    Value::Object(parsed).to_string()
}

/// After an erasure, the old values' last copies go: SQLite moves its write-ahead log into the
/// file and empties it (the file's freed space was overwritten as it was freed); PostgreSQL
/// vacuums the tables erased in, so the old row versions are reclaimed now rather than when
/// autovacuum next comes by.
async fn leave_no_old_copies(db: &DatabaseConnection) -> Result<(), DbErr> {
    let statement = match db.get_database_backend() {
        DbBackend::Sqlite => "PRAGMA wal_checkpoint(TRUNCATE)",
        _ => "VACUUM users, audit_events, emails, sessions, user_list_changes",
    };
    db.execute_unprepared(statement).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_details_are_erased_and_the_fields_kept() {
        let changes = r#"{"email":{"old":"ada@education.gov.uk","new":"bob@education.gov.uk"},"first_name":{"old":null,"new":"Ada"},"dormant_days":{"old":null,"new":"90"}}"#;
        let erased: Value = serde_json::from_str(&erase_personal_details(changes)).unwrap();
        assert_eq!(
            erased["email"],
            serde_json::json!({"old": null, "new": null})
        );
        assert_eq!(
            erased["first_name"],
            serde_json::json!({"old": null, "new": null})
        );
        assert_eq!(erased["dormant_days"]["new"], "90");
        assert_eq!(erase_personal_details("not json"), "{}");
    }
}
