//! Matching a DfE Sign-in identity to a support user (SPEC §5), and recording the sign-in.
//!
//! By DfE Sign-in id first; else by email, for a user not yet linked to any id. A user
//! linked to a different id is refused (someone else's DfE Sign-in account now has that
//! address), deleted users never match, and an inactive account is told it is inactive. The first sign-in links the id; every sign-in
//! records the time and takes the names and email from DfE Sign-in, which owns them from then on.

use super::repo;
use crate::audit::{self, AuditField};
use chrono::Utc;
use domain::{DfeEmail, FirstName, LastName};
use entity::users::{self, AccountStatus, Column, Entity as Users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, SqlErr};

/// Who DfE Sign-in says this is, from the verified ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DfeIdentity {
    /// The `sub` claim: DfE Sign-in's id for the person, stable across email changes.
    pub uid: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// Why a DfE Sign-in account may not use the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAccess {
    /// Not a support user (or no longer one).
    Unknown,
    /// The address belongs to a support user already linked to another DfE Sign-in account.
    LinkedToAnotherAccount,
    /// A support user whose account has been deactivated: they are told so, and whom to ask.
    Inactive,
}

/// A sign-in that was recorded: the user as they are now, and when they had signed in before
/// (`None` on their first sign-in).
#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    pub user: users::Model,
    pub previous_sign_in_at: Option<chrono::DateTime<Utc>>,
    /// When this sign-in was recorded, by the database's clock.
    pub signed_in_at: chrono::DateTime<Utc>,
}

/// What [`record`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Recorded at this time, by the database's clock.
    Done(chrono::DateTime<Utc>),
    /// The user was changed or deleted since it was read (or its new email taken): nothing
    /// was written.
    Stale,
}

/// How often a sign-in reads the user again when the row keeps changing under it.
const ATTEMPTS: usize = 5;

/// Finds the support user `identity` signs in as and records the sign-in; or says why not.
/// The write is conditional on the row it read: a user deleted meanwhile has no access, and a
/// change made meanwhile by support staff is read again, never overwritten.
pub async fn sign_in(
    db: &DatabaseConnection,
    identity: &DfeIdentity,
) -> Result<Result<SignedIn, NoAccess>, DbErr> {
    for _ in 0..ATTEMPTS {
        let user = match find_match(db, identity).await? {
            Ok(user) => user,
            Err(no_access) => return Ok(Err(no_access)),
        };
        if user.status == AccountStatus::Inactive {
            return Ok(Err(NoAccess::Inactive));
        }
        let Recorded::Done(signed_in_at) = record(db, &user, identity).await? else {
            continue;
        };
        // Deleted or deactivated in the instant since: no access, as if a moment later.
        let previous_sign_in_at = user.last_signed_in_at;
        return Ok(match repo::find_not_deleted(db, user.id).await? {
            Some(user) if user.status == AccountStatus::Active => Ok(SignedIn {
                user,
                previous_sign_in_at,
                signed_in_at,
            }),
            Some(_) => Err(NoAccess::Inactive),
            None => Err(NoAccess::Unknown),
        });
    }
    Err(DbErr::Custom(format!(
        "the user signing in changed {ATTEMPTS} times while they signed in"
    )))
}

/// The support user (not deleted) `identity` is, by DfE Sign-in id, else by email when not
/// linked; whether their account is active is the caller's question.
async fn find_match(
    db: &DatabaseConnection,
    identity: &DfeIdentity,
) -> Result<Result<users::Model, NoAccess>, DbErr> {
    let by_uid = repo::not_deleted()
        .filter(Column::DfeSignInUid.eq(identity.uid.as_str()))
        .one(db)
        .await?;
    if let Some(user) = by_uid {
        return Ok(Ok(user));
    }
    let Some(email) = identity
        .email
        .as_deref()
        .and_then(|e| DfeEmail::parse(e).ok())
    else {
        return Ok(Err(NoAccess::Unknown));
    };
    let by_email = repo::not_deleted()
        .filter(Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    Ok(match by_email {
        None => Err(NoAccess::Unknown),
        Some(user) if user.dfe_sign_in_uid.is_some() => Err(NoAccess::LinkedToAnotherAccount),
        Some(user) => Ok(user),
    })
}

/// Links the id, sets `last_signed_in_at`, and takes the names and email DfE Sign-in has (when
/// they pass our rules, and the email is nobody else's), with an audit record of any change.
/// Only if `user` is still as it was read: an active account, at the same version.
pub async fn record(
    db: &DatabaseConnection,
    user: &users::Model,
    identity: &DfeIdentity,
) -> Result<Recorded, DbErr> {
    let first = identity
        .first_name
        .as_deref()
        .and_then(|n| FirstName::parse(n).ok())
        .map(FirstName::into_inner)
        .unwrap_or_else(|| user.first_name.clone());
    let last = identity
        .last_name
        .as_deref()
        .and_then(|n| LastName::parse(n).ok())
        .map(LastName::into_inner)
        .unwrap_or_else(|| user.last_name.clone());
    let email = match identity
        .email
        .as_deref()
        .and_then(|e| DfeEmail::parse(e).ok())
    {
        Some(new)
            if new.as_str() != user.email
                && !repo::email_in_use(db, &new, Some(user.id)).await? =>
        {
            new.into_inner()
        }
        _ => user.email.clone(),
    };
    let txn = crate::write::begin(db).await?;
    let now = crate::clock::database_now(&txn).await?;
    let updated = Users::update_many()
        .col_expr(Column::DfeSignInUid, Expr::value(identity.uid.as_str()))
        .col_expr(Column::LastSignedInAt, Expr::value(now))
        .col_expr(Column::FirstName, Expr::value(first.as_str()))
        .col_expr(Column::LastName, Expr::value(last.as_str()))
        .col_expr(Column::Email, Expr::value(email.as_str()))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::LockVersion, Expr::col(Column::LockVersion).add(1))
        .filter(Column::Id.eq(user.id))
        .filter(repo::is_active_account())
        .filter(Column::LockVersion.eq(user.lock_version))
        .exec(&txn)
        .await;
    let updated = match updated {
        Ok(updated) => updated,
        // The new address was taken in the meantime: read again, and keep the one we have.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(Recorded::Stale);
        }
        Err(err) => return Err(err),
    };
    if updated.rows_affected == 0 {
        return Ok(Recorded::Stale);
    }
    let changes: Vec<audit::FieldChange> = [
        (AuditField::FirstName, &user.first_name, &first),
        (AuditField::LastName, &user.last_name, &last),
        (AuditField::Email, &user.email, &email),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(field, old, new)| (field, Some(old.as_str()), Some(new.as_str())))
    .collect();
    if !changes.is_empty() {
        // Their own DfE Sign-in account made the change.
        audit::record(
            &txn,
            Some(user.id),
            audit::Action::UserChanged,
            user.id,
            &changes,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Recorded::Done(now))
}
