//! Changing a support user on the change form: their personal details (only until they have
//! signed in) and whether their account is active. The updates (only if nobody changed the user
//! since the form was opened), the audit records of what changed, a sign-in email to a new
//! address, the status change's email and sessions (`status`), and the draft's idempotency key,
//! in one transaction.

use super::repo;
use super::status::{self, ChangedBy};
use crate::audit::{self, AuditField};
use crate::outbox::{self, EmailContext};
use crate::{Failed, Refusal, Step, idempotency, journey};
use domain::UserFields;
use domain::forms::{AccountActive, Answers};
use entity::users::{self, AccountStatus, Column, Entity as Users};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, SqlErr};

/// Saves `answers` to the user `user_id`, as of `expected_version`, on behalf of `actor_id`.
pub async fn change_user(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    expected_version: i32,
    answers: Answers,
    actor_id: i64,
    draft_key: &str,
) -> Result<(), Failed> {
    journey(
        "change the user",
        change(
            db,
            emails,
            user_id,
            expected_version,
            answers,
            actor_id,
            draft_key,
        ),
    )
    .await
}

async fn change(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    expected_version: i32,
    answers: Answers,
    actor_id: i64,
    draft_key: &str,
) -> Result<(), Step> {
    if idempotency::is_done(db, draft_key).await? {
        return Ok(());
    }
    let current = repo::find_not_deleted(db, user_id)
        .await?
        .ok_or(Refusal::NotFound)?;
    if current.id == actor_id {
        return Err(Refusal::Yourself.into());
    }
    if answers.personal_details.is_some() && repo::facts(&current).has_signed_in {
        return Err(Refusal::Locked.into());
    }
    if current.lock_version != expected_version {
        return Err(Refusal::Conflict.into());
    }
    match update_in_transaction(db, emails, &current, answers, actor_id, draft_key).await {
        Ok(()) => Ok(()),
        // Lost a race: with this very draft (a double click), or with someone else's change.
        Err(_) if idempotency::is_done(db, draft_key).await? => Ok(()),
        Err(Step::Refused(Refusal::Conflict)) => Err(classify_miss(db, user_id).await?.into()),
        Err(err) => Err(err),
    }
}

/// Why an update guarded by id, version and lock matched no row.
async fn classify_miss(db: &DatabaseConnection, user_id: i64) -> Result<Refusal, DbErr> {
    Ok(match repo::find_not_deleted(db, user_id).await? {
        None => Refusal::NotFound,
        Some(user) if repo::facts(&user).has_signed_in => Refusal::Locked,
        Some(_) => Refusal::Conflict,
    })
}

async fn update_in_transaction(
    db: &DatabaseConnection,
    emails: &EmailContext,
    current: &users::Model,
    answers: Answers,
    actor_id: i64,
    draft_key: &str,
) -> Result<(), Step> {
    let txn = crate::write::begin(db).await?;
    if answers.account_active == Some(AccountActive::No) {
        // A deactivation counts the active accounts: it takes its turn before writing
        // anything, as every deactivation and deletion does, so no two wait on each other.
        repo::accounts_lock(&txn).await?;
    }
    let mut version = Some(current.lock_version);
    if let Some(fields) = answers.personal_details {
        update_details(&txn, emails, current, fields, actor_id).await?;
        // This transaction holds the row now: the status is written over its own change.
        version = None;
    }
    if let Some(active) = answers.account_active {
        let to = match active {
            AccountActive::Yes => AccountStatus::Active,
            AccountActive::No => AccountStatus::Inactive,
        };
        let by = ChangedBy::User(actor_id);
        let guard = match version {
            Some(version) => Condition::all().add(Column::LockVersion.eq(version)),
            None => Condition::all(),
        };
        let now = crate::clock::database_now(&txn).await?;
        status::write_in(&txn, emails, current, to, by, now, guard).await?;
    }
    idempotency::record(&txn, draft_key, current.id).await?;
    txn.commit().await?;
    Ok(())
}

/// The personal details' update, guarded by the version the change started from (still not
/// deleted, still never signed in), with its audit record and the email to a new address.
async fn update_details(
    txn: &sea_orm::DatabaseTransaction,
    emails: &EmailContext,
    current: &users::Model,
    fields: UserFields,
    actor_id: i64,
) -> Result<(), Step> {
    let (first, last, email) = (
        fields.first_name.as_str(),
        fields.last_name.as_str(),
        fields.email.as_str(),
    );
    let changes: Vec<audit::FieldChange> = [
        (AuditField::FirstName, current.first_name.as_str(), first),
        (AuditField::LastName, current.last_name.as_str(), last),
        (AuditField::Email, current.email.as_str(), email),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(field, old, new)| (field, Some(old), Some(new)))
    .collect();

    // The guard is in the UPDATE itself: the version this change started from, still active,
    // still never signed in. The write comes first, so SQLite takes its lock at once.
    let now = crate::clock::database_now(txn).await?;
    let updated = Users::update_many()
        .col_expr(Column::FirstName, Expr::value(first))
        .col_expr(Column::LastName, Expr::value(last))
        .col_expr(Column::Email, Expr::value(email))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::UpdatedById, Expr::value(actor_id))
        .col_expr(Column::LockVersion, Expr::col(Column::LockVersion).add(1))
        .filter(Column::Id.eq(current.id))
        .filter(Column::LockVersion.eq(current.lock_version))
        .filter(repo::is_not_deleted())
        .filter(repo::never_signed_in())
        .exec(txn)
        .await
        .map_err(|err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Step::Refused(Refusal::EmailTaken),
            _ => Step::Db(err),
        })?;
    if updated.rows_affected == 0 {
        return Err(Refusal::Conflict.into());
    }
    if !changes.is_empty() {
        audit::record(
            txn,
            Some(actor_id),
            audit::Action::UserChanged,
            current.id,
            &changes,
        )
        .await?;
    }
    if email != current.email {
        outbox::queue(txn, Some(current.id), emails.sign_in_details(first, email)).await?;
    }
    Ok(())
}
