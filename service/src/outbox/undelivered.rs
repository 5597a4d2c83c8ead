//! "Emails not delivered": every email that did not arrive (GOV.UK Notify could not deliver
//! it, or refused it for good), newest first, where support staff look first.

use super::{Email, EmailStatus};
use domain::paging::{PAGE_SIZE, PageRequest};
use entity::emails::{Column, Entity as Emails};
use entity::users;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// An email that did not arrive.
pub fn is_undelivered() -> SimpleExpr {
    Column::Status.is_in([EmailStatus::Failed, EmailStatus::NotDelivered])
}

/// How many emails did not arrive.
pub async fn count<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    Emails::find().filter(is_undelivered()).count(db).await
}

/// One row of the page: the email and the user it is about (deleted ones included; `None` for
/// an email about nobody).
#[derive(Debug, Clone, PartialEq)]
pub struct Undelivered {
    pub email: Email,
    pub user: Option<users::Model>,
}

/// A page of the emails that did not arrive, newest first, and which page of how many it is;
/// `None` past the end.
pub async fn page<C: ConnectionTrait>(
    db: &C,
    page: u32,
) -> Result<Option<(Vec<Undelivered>, PageRequest)>, DbErr> {
    let Some(request) = PageRequest::new(page, count(db).await?) else {
        return Ok(None);
    };
    let rows = Emails::find()
        .filter(is_undelivered())
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .offset(u64::from(request.page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .find_also_related(users::Entity)
        .all(db)
        .await?;
    Ok(Some((
        rows.into_iter()
            .map(|(email, user)| Undelivered { email, user })
            .collect(),
        request,
    )))
}

/// Development data: an invitation to `user` that GOV.UK Notify could not deliver, as a
/// bounced one is recorded (the email, and the entry in their history), so "Emails not
/// delivered" has something to show.
pub async fn seed_bounced_invitation(
    db: &sea_orm::DatabaseConnection,
    user: &users::Model,
    invitation: super::OutgoingEmail,
) -> Result<(), DbErr> {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let now = crate::clock::database_now(db).await?;
    let txn = crate::write::begin(db).await?;
    let email = entity::emails::ActiveModel {
        kind: Set(invitation.kind),
        recipient: Set(invitation.recipient.clone()),
        personalisation: Set(invitation.personalisation().to_string()),
        reference: Set(uuid::Uuid::new_v4().to_string()),
        status: Set(EmailStatus::NotDelivered),
        attempts: Set(1),
        next_attempt_at: Set(now),
        last_error: Set(Some("GOV.UK Notify: permanent-failure".to_owned())),
        notify_id: Set(Some(uuid::Uuid::new_v4().to_string())),
        sent_at: Set(Some(now)),
        created_at: Set(now),
        user_id: Set(Some(user.id)),
        finished_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::status_checks::record_not_delivered(&txn, &email).await?;
    txn.commit().await
}
