//! Support user queries, and the two ideas the service keeps apart:
//!
//! - **deleted** (gone for good, kept only for audit): every read of "users" goes through
//!   [`not_deleted()`] (and raw SQL through [`NOT_DELETED`]), so a deleted user can never be
//!   listed, shown or signed in as;
//! - **inactive** (switched off, still listed, can be switched on again): only an active
//!   account ([`is_active_account()`]) can sign in or hold a session, and at
//!   least [`MIN_ACTIVE_ACCOUNTS`] of them always remain.

use chrono::Utc;
use domain::personas::PERSONAS;
use domain::policy::UserFacts;
use domain::{DfeEmail, SignedInUser, UserFields};
use entity::users::{self, AccountStatus, Column, Entity as Users};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Select, SqlErr,
};

/// Deactivating or deleting never leaves fewer active accounts than this: someone must be left
/// to add or reactivate others. Counted in the transaction of the write (`accounts_lock`).
pub const MIN_ACTIVE_ACCOUNTS: u64 = 2;

/// "Not deleted" in SQL, for the statements written by hand (the list's seek, the search).
pub const NOT_DELETED: &str = "deleted_at IS NULL";

/// The condition every listed user meets: not deleted. Reads use [`not_deleted()`]; writes
/// that must only touch a user who is not deleted filter on this.
pub fn is_not_deleted() -> SimpleExpr {
    Column::DeletedAt.is_null()
}

/// The condition of an account that may sign in: not deleted, and active. The session's user is
/// read with it (`session_store`), so deleting or deactivating someone ends their sessions at
/// their next request.
pub fn is_active_account() -> SimpleExpr {
    Column::DeletedAt
        .is_null()
        .and(Column::Status.eq(AccountStatus::Active))
}

/// The condition of an inactive account (not deleted, switched off).
pub fn is_inactive_account() -> SimpleExpr {
    Column::DeletedAt
        .is_null()
        .and(Column::Status.eq(AccountStatus::Inactive))
}

/// The condition of a user who has never signed in: only their personal details may be
/// changed, and only they are sent the invitation again (`domain::policy`); writes guard on it
/// in the statement itself.
pub fn never_signed_in() -> SimpleExpr {
    Column::LastSignedInAt.is_null()
}

/// Every read of support users starts here.
pub fn not_deleted() -> Select<Users> {
    Users::find().filter(is_not_deleted())
}

pub fn full_name(user: &users::Model) -> String {
    if user.erased_at.is_some() {
        return domain::content::DELETED_USER.to_owned();
    }
    domain::full_name(&user.first_name, &user.last_name)
}

/// What the policy needs to know about a user.
pub fn facts(user: &users::Model) -> UserFacts {
    UserFacts {
        id: user.id,
        has_signed_in: user.last_signed_in_at.is_some(),
        active: user.status == AccountStatus::Active,
    }
}

/// Active accounts: not deleted, and switched on.
pub async fn count_active_accounts<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    Users::find().filter(is_active_account()).count(db).await
}

/// Makes the deactivations and deletions of every instance take turns, so two at once cannot
/// both pass the count of active accounts. PostgreSQL: a transaction-scoped advisory lock;
/// SQLite: the write transaction (`BEGIN IMMEDIATE`) already excludes every other writer.
/// Take it before the transaction's first write: one that holds a row while it waits for this
/// lock can deadlock with one that holds this lock and waits for the row.
pub async fn accounts_lock<C: ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    /// "rotd" in ASCII.
    const ACCOUNTS_LOCK: i64 = 0x726f_7464;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({ACCOUNTS_LOCK})"))
            .await?;
    }
    Ok(())
}

/// Whether any user was ever added (deleted ones count): development data seeds only an empty
/// database.
pub async fn any_user_ever<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    Ok(Users::find().count(db).await? > 0)
}

pub async fn count_not_deleted<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    not_deleted().count(db).await
}

pub async fn find_not_deleted<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<users::Model>, DbErr> {
    not_deleted().filter(Column::Id.eq(id)).one(db).await
}

/// The signed-in user for a session's user id, if that account is still active.
pub async fn find_signed_in<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<SignedInUser>, DbErr> {
    Ok(Users::find()
        .filter(Column::Id.eq(id))
        .filter(is_active_account())
        .one(db)
        .await?
        .map(|u| SignedInUser::new(u.id, &u.first_name, &u.last_name)))
}

/// The users who are development personas (active or not: an inactive one is shown why they
/// cannot sign in), in list order.
pub async fn personas<C: ConnectionTrait>(db: &C) -> Result<Vec<users::Model>, DbErr> {
    super::list_order::in_list_order(
        not_deleted().filter(Column::Email.is_in(PERSONAS.iter().map(|p| p.email))),
    )
    .all(db)
    .await
}

/// Whether a user (not deleted) other than `except_id` has this address. The unique index is the
/// final word; this lets the form say so before the check page.
pub async fn email_in_use<C: ConnectionTrait>(
    db: &C,
    email: &DfeEmail,
    except_id: Option<i64>,
) -> Result<bool, DbErr> {
    let mut query = not_deleted().filter(Column::Email.eq(email.as_str()));
    if let Some(id) = except_id {
        query = query.filter(Column::Id.ne(id));
    }
    Ok(query.count(db).await? > 0)
}

/// The user (not deleted) with this address, if any.
pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &DfeEmail,
) -> Result<Option<users::Model>, DbErr> {
    not_deleted()
        .filter(Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// When the address last belonged to a support user who was deleted, if it ever did. The one
/// read of deleted users: the add journey's check page says the address is being reused.
pub async fn last_deleted_with_email<C: ConnectionTrait>(
    db: &C,
    email: &DfeEmail,
) -> Result<Option<chrono::DateTime<Utc>>, DbErr> {
    use sea_orm::QuerySelect;
    Users::find()
        .select_only()
        .column(Column::DeletedAt)
        .filter(Column::Email.eq(email.as_str()))
        .filter(Column::DeletedAt.is_not_null())
        .order_by_desc(Column::DeletedAt)
        .into_tuple::<Option<chrono::DateTime<Utc>>>()
        .one(db)
        .await
        .map(Option::flatten)
}

/// Records a sign-in: every sign-in sets `last_signed_in_at`, by the database's clock, and the
/// time is returned. `None` when the account is no longer active (deleted or deactivated since
/// it was read), so nothing was recorded.
pub async fn record_sign_in<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<chrono::DateTime<Utc>>, DbErr> {
    let now = crate::clock::database_now(db).await?;
    let updated = Users::update_many()
        .col_expr(Column::LastSignedInAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(is_active_account())
        .exec(db)
        .await?;
    Ok((updated.rows_affected == 1).then_some(now))
}

#[derive(Debug, thiserror::Error)]
pub enum InsertUserError {
    #[error("email address already in use")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Inserts a user, with an active account. The partial unique index decides uniqueness, so two simultaneous
/// inserts of one address cannot both succeed.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    new: UserFields,
    actor_id: Option<i64>,
) -> Result<users::Model, InsertUserError> {
    let now = crate::clock::database_now(db).await?;
    let model = users::ActiveModel {
        first_name: Set(new.first_name.into_inner()),
        last_name: Set(new.last_name.into_inner()),
        email: Set(new.email.into_inner()),
        dfe_sign_in_uid: Set(None),
        last_signed_in_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        created_by_id: Set(actor_id),
        updated_by_id: Set(actor_id),
        deleted_by_id: Set(None),
        lock_version: Set(1),
        status: Set(AccountStatus::Active),
        ..Default::default()
    };
    model.insert(db).await.map_err(|err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => InsertUserError::EmailTaken,
        _ => InsertUserError::Db(err),
    })
}
