//! The email outbox. A row is written in the same transaction as the change that causes the
//! email; the worker delivers it through GOV.UK Notify.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "emails")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: EmailKind,
    pub recipient: String,
    /// JSON object passed to the Notify template.
    #[sea_orm(column_type = "Text")]
    pub personalisation: String,
    /// Unique: Notify's `reference`, and our guard against sending twice.
    pub reference: String,
    pub status: EmailStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub notify_id: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The support user the email is about (for the audit trail of an operator's retry).
    pub user_id: Option<i64>,
    /// When to ask GOV.UK Notify next whether a sent email was delivered; `None` once Notify's
    /// answer is final, after 7 days of asking, or for an email Notify never had.
    pub status_check_at: Option<DateTimeUtc>,
    /// When the email reached its final status (failed, delivered, not delivered, or sent and
    /// past asking about): its body is erased 30 days later.
    pub finished_at: Option<DateTimeUtc>,
    /// When GOV.UK Notify's delivery receipt (its callback) set the final status; `None` when
    /// the worker's asking did, or nothing has yet.
    pub receipt_at: Option<DateTimeUtc>,
}

/// Which email this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum EmailKind {
    /// To a new support user: how to sign in.
    #[sea_orm(string_value = "invitation")]
    Invitation,
    /// To a changed email address: the same sign-in details.
    #[sea_orm(string_value = "sign_in_details")]
    SignInDetails,
    /// To a removed support user.
    #[sea_orm(string_value = "removed")]
    Removed,
    /// To a support user whose account was switched off.
    #[sea_orm(string_value = "deactivated")]
    Deactivated,
    /// To a support user whose account was switched on again: how to sign in.
    #[sea_orm(string_value = "reactivated")]
    Reactivated,
    /// To a support user who has not signed in for a while: sign in, or be deactivated.
    #[sea_orm(string_value = "dormancy_reminder")]
    DormancyReminder,
}

/// Where an email is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum EmailStatus {
    /// Waiting for the worker (a first attempt, or a retry at `next_attempt_at`).
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Claimed by a worker until `next_attempt_at`; if that worker dies, it is retried then.
    #[sea_orm(string_value = "sending")]
    Sending,
    /// Notify accepted it (or, with no Notify key, it was logged).
    #[sea_orm(string_value = "sent")]
    Sent,
    /// Notify refused it for good; `last_error` says why.
    #[sea_orm(string_value = "failed")]
    Failed,
    /// Notify says it reached the recipient's inbox.
    #[sea_orm(string_value = "delivered")]
    Delivered,
    /// Notify accepted it but says it could not be delivered (a permanent, temporary or
    /// technical failure); `last_error` holds Notify's status.
    #[sea_orm(string_value = "not_delivered")]
    NotDelivered,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The support user the email is about.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    User,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
