//! A support user. Rows are never deleted: `deleted_at` marks a removed account (kept for audit),
//! and a removed account is never reinstated. Apart from that, an account is active or
//! inactive (`status`): an inactive one is switched off, still listed, and can be switched on
//! again.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    /// Normalised (no whitespace, lower case); unique among active users.
    pub email: String,
    /// The DfE Sign-in subject, linked at first sign-in.
    pub dfe_sign_in_uid: Option<String>,
    pub last_signed_in_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    /// Who added, last changed and removed the user (`None` for the CLI and seeding).
    pub created_by_id: Option<i64>,
    pub updated_by_id: Option<i64>,
    pub deleted_by_id: Option<i64>,
    /// Bumped on every change, so a save can refuse to overwrite a change it has not seen.
    pub lock_version: i32,
    /// When the invitation was last sent again ("Resend invitation"); the resend guards on it.
    pub invitation_resent_at: Option<DateTimeUtc>,
    pub status: AccountStatus,
    /// When the account was last deactivated or reactivated.
    pub status_changed_at: Option<DateTimeUtc>,
    /// When the account was last reactivated: a dormant period starts again from it.
    pub reactivated_at: Option<DateTimeUtc>,
    /// When the reminder before automatic deactivation was sent (once per dormant period).
    pub dormancy_reminder_at: Option<DateTimeUtc>,
    /// When a deleted user's personal data was erased (SPEC §10): names and email address
    /// empty, DfE Sign-in id gone. Pages name them "Deleted user".
    pub erased_at: Option<DateTimeUtc>,
}

/// Whether the account is switched on. Apart from deletion: an inactive account is still a
/// support user, listed and countable, who cannot sign in until reactivated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum AccountStatus {
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "inactive")]
    Inactive,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
