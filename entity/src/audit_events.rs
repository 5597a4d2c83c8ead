//! The audit trail: who did what to which support user, and when.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `None` for the operator's command line.
    pub actor_id: Option<i64>,
    /// "user_added", "user_changed", "user_deleted".
    pub action: String,
    pub subject_user_id: i64,
    /// JSON: the fields set or changed (old and new values).
    #[sea_orm(column_type = "Text")]
    pub changes: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
