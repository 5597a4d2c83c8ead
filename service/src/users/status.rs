//! Switching an account off and on again (SPEC §9): "inactive" is not "deleted". An inactive
//! account stays on the list and can be reactivated; it cannot sign in, and deactivating it
//! ends every session it has, in the same transaction, so every instance refuses its very next
//! request (each request reads its session's user with [`repo::is_active_account`]).
//!
//! Every status change is one transaction: the guarded update, the count of active accounts
//! (never below [`repo::MIN_ACTIVE_ACCOUNTS`], except for an operator's command), the sessions,
//! the audit record and the email.

use super::repo::{self, MIN_ACTIVE_ACCOUNTS};
use crate::outbox::{self, EmailContext};
use crate::{Failed, Refusal, Step, audit, journey};
use chrono::{DateTime, Utc};
use domain::content::emails::DeactivatedBecause;
use entity::users::{self, Column, Entity as Users};

pub use entity::users::AccountStatus;
use sea_orm::sea_query::Condition;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// Who changed an account's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedBy {
    /// A support user, on the change form: never themselves, never below the minimum.
    User(i64),
    /// An operator's `server users deactivate|reactivate`: for a compromised account, or for
    /// an operator locked out of every account, so the minimum does not hold it back.
    CommandLine,
    /// The dormant-account task: nobody signed in for this many days.
    Dormancy { after_days: u32 },
}

impl ChangedBy {
    fn actor_id(self) -> Option<i64> {
        match self {
            ChangedBy::User(id) => Some(id),
            ChangedBy::CommandLine | ChangedBy::Dormancy { .. } => None,
        }
    }

    fn keeps_the_minimum(self) -> bool {
        !matches!(self, ChangedBy::CommandLine)
    }
}

/// What a status change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    Changed,
    /// The account already had that status: nothing was written or sent.
    AlreadySo,
}

/// Sets the account of `user_id` to `to`, in its own transaction.
pub async fn set_status(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    to: AccountStatus,
    by: ChangedBy,
) -> Result<StatusChange, Failed> {
    journey(
        "change the account's status",
        set(db, emails, user_id, to, by),
    )
    .await
}

async fn set(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    to: AccountStatus,
    by: ChangedBy,
) -> Result<StatusChange, Step> {
    let user = repo::find_not_deleted(db, user_id)
        .await?
        .ok_or(Refusal::NotFound)?;
    if user.status == to {
        return Ok(StatusChange::AlreadySo);
    }
    let txn = crate::write::begin(db).await?;
    let now = crate::clock::database_now(&txn).await?;
    match write_in(&txn, emails, &user, to, by, now, Condition::all()).await? {
        StatusChange::Changed => {
            txn.commit().await?;
            Ok(StatusChange::Changed)
        }
        StatusChange::AlreadySo => Ok(StatusChange::AlreadySo),
    }
}

/// The status change of `user` (as read) to `to`, inside the caller's transaction: the update
/// (guarded: not deleted, still of the status it was read with, never the actor's own account,
/// and whatever else `guard` asks: the version a form started from, or still dormant), then
/// the minimum, the sessions, the audit record and the email. `AlreadySo` when the status is
/// already `to`; an error when the guard refused. The caller commits.
pub(crate) async fn write_in<C: ConnectionTrait>(
    txn: &C,
    emails: &EmailContext,
    user: &users::Model,
    to: AccountStatus,
    by: ChangedBy,
    now: DateTime<Utc>,
    guard: Condition,
) -> Result<StatusChange, Step> {
    if user.status == to {
        return Ok(StatusChange::AlreadySo);
    }
    if by.actor_id() == Some(user.id) {
        return Err(Refusal::Yourself.into());
    }
    if to == AccountStatus::Inactive {
        repo::accounts_lock(txn).await?;
    }
    let mut update = Users::update_many()
        .col_expr(Column::Status, Expr::value(to))
        .col_expr(Column::StatusChangedAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::UpdatedById, Expr::value(by.actor_id()))
        .col_expr(Column::LockVersion, Expr::col(Column::LockVersion).add(1))
        .filter(Column::Id.eq(user.id))
        .filter(repo::is_not_deleted())
        .filter(Column::Status.eq(user.status));
    if to == AccountStatus::Active {
        // A new dormant period starts now, with no reminder sent yet.
        update = update
            .col_expr(Column::ReactivatedAt, Expr::value(now))
            .col_expr(
                Column::DormancyReminderAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            );
    }
    if let Some(actor) = by.actor_id() {
        update = update.filter(Column::Id.ne(actor));
    }
    if update.filter(guard).exec(txn).await?.rows_affected == 0 {
        return Err(match repo::find_not_deleted(txn, user.id).await? {
            None => Refusal::NotFound,
            Some(_) => Refusal::Conflict,
        }
        .into());
    }
    if to == AccountStatus::Inactive
        && by.keeps_the_minimum()
        && repo::count_active_accounts(txn).await? < MIN_ACTIVE_ACCOUNTS
    {
        return Err(Refusal::TooFewActive.into());
    }
    let (action, email) = match to {
        AccountStatus::Inactive => {
            end_sessions_of(txn, user.id).await?;
            let because = match by {
                ChangedBy::Dormancy { after_days } => {
                    DeactivatedBecause::NotSignedInFor(after_days)
                }
                ChangedBy::User(_) | ChangedBy::CommandLine => DeactivatedBecause::Someone,
            };
            (
                audit::Action::AccountDeactivated,
                emails.deactivated(&user.first_name, &user.email, because),
            )
        }
        AccountStatus::Active => (
            audit::Action::AccountReactivated,
            emails.reactivated(&user.first_name, &user.email),
        ),
    };
    // An automatic deactivation records the period, for its line in the history.
    let days = match by {
        ChangedBy::Dormancy { after_days } => Some(after_days.to_string()),
        ChangedBy::User(_) | ChangedBy::CommandLine => None,
    };
    let changes: Vec<audit::FieldChange> = days
        .as_deref()
        .map(|days| (audit::AuditField::DormantDays, None, Some(days)))
        .into_iter()
        .collect();
    audit::record(txn, by.actor_id(), action, user.id, &changes).await?;
    outbox::queue(txn, Some(user.id), email).await?;
    Ok(StatusChange::Changed)
}

/// Ends every session of `user_id`, on every instance: the rows go, so no instance can load
/// them again.
pub async fn end_sessions_of<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<(), DbErr> {
    use entity::sessions;
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}
