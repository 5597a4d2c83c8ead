//! Deleting a support user: a soft delete (the row stays, for audit), the audit record and
//! the removal email, in one transaction.

use super::repo;
use crate::outbox::{self, EmailContext};
use crate::{Failed, Refusal, Step, audit, journey};
use chrono::Utc;
use entity::users::{Column, Entity as Users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

/// The safeguards the live service added: one support user deletes at most
/// `MAX_DELETIONS` users in `DELETION_WINDOW_MINUTES` (a slip, or a stolen session, cannot
/// empty the list), and deleting never leaves fewer than [`repo::MIN_ACTIVE_ACCOUNTS`] active
/// accounts (someone must be left to add others). Counted in the database, so they hold across
/// instances.
pub const MAX_DELETIONS: u64 = 3;
pub const DELETION_WINDOW_MINUTES: i64 = 3;

pub async fn delete_user(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    actor_id: i64,
) -> Result<(), Failed> {
    journey("delete the user", delete(db, emails, user_id, actor_id)).await
}

async fn delete(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    actor_id: i64,
) -> Result<(), Step> {
    // The removal email names whom to ask if it was a mistake: the person who removed them.
    let actor = repo::find_not_deleted(db, actor_id)
        .await?
        .ok_or(Refusal::NotFound)?;
    let txn = crate::write::begin(db).await?;
    // Deletions and deactivations take turns, so two at once cannot both pass the checks.
    repo::accounts_lock(&txn).await?;
    // The database's clock, not this instance's: an instance whose clock is off cannot widen
    // the limit.
    let now = crate::clock::database_now(&txn).await?;
    // The update comes first: on SQLite it takes the write lock, so the checks below see
    // every other deletion.
    let deleted = Users::update_many()
        .col_expr(Column::DeletedAt, Expr::value(now))
        .col_expr(Column::DeletedById, Expr::value(actor_id))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::LockVersion, Expr::col(Column::LockVersion).add(1))
        .filter(Column::Id.eq(user_id))
        .filter(repo::is_not_deleted())
        // The policy's one condition, in the statement too: never yourself, whatever was
        // posted. Having signed in does not matter: a leaver's access must end.
        .filter(Column::Id.ne(actor_id))
        // The row as this statement wrote it: the removal email goes to the address the user
        // has when deleted, whatever changed since the confirmation page was read.
        .exec_with_returning(&txn)
        .await?;
    let Some(user) = deleted.into_iter().next() else {
        drop(txn);
        return Err(match repo::find_not_deleted(db, user_id).await? {
            Some(_) => Refusal::Yourself,
            None => Refusal::NotFound,
        }
        .into());
    };
    // This deletion is among them.
    if recent_deletions_by(&txn, actor_id, now).await? > MAX_DELETIONS {
        return Err(Refusal::TooMany.into());
    }
    if repo::count_active_accounts(&txn).await? < repo::MIN_ACTIVE_ACCOUNTS {
        return Err(Refusal::TooFewActive.into());
    }
    super::status::end_sessions_of(&txn, user_id).await?;
    audit::record(
        &txn,
        Some(actor_id),
        audit::Action::UserDeleted,
        user_id,
        &[],
    )
    .await?;
    let removed_by = repo::full_name(&actor);
    outbox::queue(
        &txn,
        Some(user_id),
        emails.removed(&user.first_name, &user.email, &removed_by, &actor.email),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletions `actor_id` made in the window before `now`.
async fn recent_deletions_by<C: ConnectionTrait>(
    db: &C,
    actor_id: i64,
    now: chrono::DateTime<Utc>,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    // The deletions' own times, which each delete wrote by the database's clock.
    Users::find()
        .filter(Column::DeletedById.eq(actor_id))
        .filter(Column::DeletedAt.gt(now - chrono::Duration::minutes(DELETION_WINDOW_MINUTES)))
        .count(db)
        .await
}

/// Whether deleting `user` would leave too few active accounts (deleting an inactive one never
/// does): the confirmation page says so at once, and deactivating asks the same.
pub async fn would_leave_too_few<C: ConnectionTrait>(
    db: &C,
    user: &entity::users::Model,
) -> Result<bool, DbErr> {
    Ok(repo::facts(user).active
        && repo::count_active_accounts(db).await? <= repo::MIN_ACTIVE_ACCOUNTS)
}
