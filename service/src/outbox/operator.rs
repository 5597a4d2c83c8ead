//! What an operator does with the outbox from the command line: see the queue, and put failed
//! emails back in it (after fixing what made Notify refuse them), each recorded in the audit
//! trail of the user the email is about.

use super::EmailStatus;
use crate::audit::{self, Action, AuditField};
use entity::emails::{self, Column, Entity as Emails};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// The newest `limit` emails, newest first; only those with `status` if given.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    status: Option<EmailStatus>,
    limit: u64,
) -> Result<Vec<emails::Model>, DbErr> {
    let mut query = Emails::find().order_by_desc(Column::Id).limit(limit);
    if let Some(status) = status {
        query = query.filter(Column::Status.eq(status));
    }
    query.all(db).await
}

#[derive(Debug, thiserror::Error)]
pub enum RequeueError {
    #[error("there is no email {0}")]
    NoSuchEmail(i64),
    #[error("email {id} has not failed (it is {status:?}), so there is nothing to retry")]
    NotFailed { id: i64, status: EmailStatus },
    #[error("could not put the emails back in the queue")]
    Db(#[from] DbErr),
}

/// An email put back in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requeued {
    pub id: i64,
    /// The audit record is on the user the email is about; an email queued by hand is about
    /// nobody.
    pub audited: bool,
}

/// Puts failed emails back in the queue, due now: the one with `id`, or every failed one.
/// Each gets an audit record (by the command line) on the user it is about.
pub async fn requeue_failed(
    db: &sea_orm::DatabaseConnection,
    id: Option<i64>,
) -> Result<Vec<Requeued>, RequeueError> {
    let txn = crate::write::begin(db).await?;
    let failed = match id {
        Some(id) => {
            let email = Emails::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(RequeueError::NoSuchEmail(id))?;
            if email.status != EmailStatus::Failed {
                return Err(RequeueError::NotFailed {
                    id,
                    status: email.status,
                });
            }
            vec![email]
        }
        None => {
            Emails::find()
                .filter(Column::Status.eq(EmailStatus::Failed))
                .order_by_asc(Column::Id)
                .all(&txn)
                .await?
        }
    };
    let now = crate::clock::database_now(&txn).await?;
    let mut requeued = Vec::with_capacity(failed.len());
    for email in failed {
        // Only if still failed: nobody else requeued it meanwhile.
        let updated = Emails::update_many()
            .col_expr(Column::Status, Expr::value(EmailStatus::Queued))
            .col_expr(Column::NextAttemptAt, Expr::value(now))
            .col_expr(
                Column::FinishedAt,
                Expr::value(None::<chrono::DateTime<chrono::Utc>>),
            )
            .filter(Column::Id.eq(email.id))
            .filter(Column::Status.eq(EmailStatus::Failed))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            continue;
        }
        if let Some(user_id) = email.user_id {
            let id = email.id.to_string();
            audit::record(
                &txn,
                None,
                Action::EmailRequeued,
                user_id,
                &[(AuditField::EmailId, None, Some(&id))],
            )
            .await?;
        }
        requeued.push(Requeued {
            id: email.id,
            audited: email.user_id.is_some(),
        });
    }
    txn.commit().await?;
    Ok(requeued)
}
