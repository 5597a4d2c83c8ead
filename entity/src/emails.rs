//! The email outbox. A row is written in the same transaction as the change that causes the
//! email; the worker delivers it through GOV.UK Notify.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "emails")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// "invitation", "sign_in_details", "removed".
    pub kind: String,
    pub recipient: String,
    /// JSON object passed to the Notify template.
    #[sea_orm(column_type = "Text")]
    pub personalisation: String,
    /// Unique: Notify's `reference`, and our guard against sending twice.
    pub reference: String,
    /// "queued", "sent", "failed".
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub notify_id: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
