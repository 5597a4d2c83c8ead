//! Deleting a support user: a soft delete (the row stays, for audit), the audit record and
//! the removal email, in one transaction.

use super::outbox::{self, EmailContext};
use super::{audit, users_repo};
use chrono::Utc;
use entity::users::{Column, Entity as Users};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, TransactionTrait};

#[derive(Debug, thiserror::Error)]
pub enum DeleteUserError {
    #[error("no such active user")]
    NotFound,
    #[error("user is locked")]
    Locked,
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub async fn delete_user(
    db: &DatabaseConnection,
    emails: &EmailContext,
    user_id: i64,
    actor_id: i64,
) -> Result<(), DeleteUserError> {
    let user = users_repo::find_active(db, user_id)
        .await?
        .ok_or(DeleteUserError::NotFound)?;
    // The removal email names whom to ask if it was a mistake: the person who removed them.
    let actor = users_repo::find_active(db, actor_id)
        .await?
        .ok_or(DeleteUserError::NotFound)?;
    let txn = db.begin().await?;
    let now = Utc::now();
    let deleted = Users::update_many()
        .col_expr(Column::DeletedAt, Expr::value(now))
        .col_expr(Column::DeletedById, Expr::value(actor_id))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .col_expr(Column::LockVersion, Expr::col(Column::LockVersion).add(1))
        .filter(Column::Id.eq(user_id))
        .filter(Column::DeletedAt.is_null())
        .filter(Column::LastSignedInAt.is_null())
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        drop(txn);
        return Err(match users_repo::find_active(db, user_id).await? {
            Some(_) => DeleteUserError::Locked,
            None => DeleteUserError::NotFound,
        });
    }
    audit::record(
        &txn,
        Some(actor_id),
        audit::Action::UserDeleted,
        user_id,
        &[],
    )
    .await?;
    let removed_by = format!("{} {}", actor.first_name, actor.last_name);
    outbox::queue(
        &txn,
        emails.removed(&user.first_name, &user.email, &removed_by, &actor.email),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
