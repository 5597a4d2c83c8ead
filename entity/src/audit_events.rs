//! The audit trail: who did what to which support user, and when.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `None` for the operator's command line.
    pub actor_id: Option<i64>,
    pub action: AuditAction,
    pub subject_user_id: i64,
    /// JSON: the fields set or changed (old and new values).
    #[sea_orm(column_type = "Text")]
    pub changes: String,
    pub created_at: DateTimeUtc,
}

/// What was done to the support user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum AuditAction {
    #[sea_orm(string_value = "user_added")]
    UserAdded,
    #[sea_orm(string_value = "user_changed")]
    UserChanged,
    #[sea_orm(string_value = "user_deleted")]
    UserDeleted,
    /// An operator put a failed email about the user back in the queue.
    #[sea_orm(string_value = "email_requeued")]
    EmailRequeued,
    /// GOV.UK Notify could not deliver an email about the user, or refused it for good.
    #[sea_orm(string_value = "email_not_delivered")]
    EmailNotDelivered,
    /// A support user sent the invitation again ("Resend invitation").
    #[sea_orm(string_value = "invitation_resent")]
    InvitationResent,
    /// The account was switched off: by a support user, by the command line (no actor), or
    /// automatically after the dormant period (no actor; `changes` says so).
    #[sea_orm(string_value = "account_deactivated")]
    AccountDeactivated,
    /// The account was switched on again.
    #[sea_orm(string_value = "account_reactivated")]
    AccountReactivated,
    /// The reminder before automatic deactivation was sent.
    #[sea_orm(string_value = "dormancy_reminder_sent")]
    DormancyReminderSent,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
