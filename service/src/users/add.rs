//! Adding a support user: the user, the audit record, the invitation email and the draft's
//! idempotency key, in one transaction.

use super::repo;
use crate::audit::{self, AuditField};
use crate::outbox::{self, EmailContext};
use crate::{Failed, Refusal, Step, idempotency, journey};
use domain::UserFields;
use entity::users;
use sea_orm::DatabaseConnection;

#[derive(Debug)]
pub enum Added {
    New(Box<users::Model>),
    /// This draft was saved before: nothing more was done.
    AlreadySaved,
}

pub async fn add_user(
    db: &DatabaseConnection,
    emails: &EmailContext,
    fields: UserFields,
    actor_id: Option<i64>,
    draft_key: &str,
) -> Result<Added, Failed> {
    journey("add the user", add(db, emails, fields, actor_id, draft_key)).await
}

async fn add(
    db: &DatabaseConnection,
    emails: &EmailContext,
    fields: UserFields,
    actor_id: Option<i64>,
    draft_key: &str,
) -> Result<Added, Step> {
    match add_in_transaction(db, emails, fields, actor_id, draft_key).await {
        Ok(user) => Ok(Added::New(Box::new(user))),
        // A unique violation (email or key) may be this very draft saved by a request that
        // won the race; only if it is not is the address someone else's.
        Err(Step::Refused(Refusal::EmailTaken) | Step::Db(_))
            if idempotency::is_done(db, draft_key).await? =>
        {
            Ok(Added::AlreadySaved)
        }
        Err(err) => Err(err),
    }
}

async fn add_in_transaction(
    db: &DatabaseConnection,
    emails: &EmailContext,
    fields: UserFields,
    actor_id: Option<i64>,
    draft_key: &str,
) -> Result<users::Model, Step> {
    let txn = crate::write::begin(db).await?;
    // The insert comes first: on SQLite it takes the write lock at once, so concurrent saves
    // queue behind it rather than deadlock.
    let user = repo::insert(&txn, fields, actor_id)
        .await
        .map_err(|e| match e {
            repo::InsertUserError::EmailTaken => Step::Refused(Refusal::EmailTaken),
            repo::InsertUserError::Db(e) => Step::Db(e),
        })?;
    audit::record(
        &txn,
        actor_id,
        audit::Action::UserAdded,
        user.id,
        &[
            (AuditField::FirstName, None, Some(&user.first_name)),
            (AuditField::LastName, None, Some(&user.last_name)),
            (AuditField::Email, None, Some(&user.email)),
        ],
    )
    .await?;
    outbox::queue(
        &txn,
        Some(user.id),
        emails.invitation(&user.first_name, &user.email),
    )
    .await?;
    idempotency::record(&txn, draft_key, user.id).await?;
    txn.commit().await?;
    Ok(user)
}
