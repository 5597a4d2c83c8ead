//! The audit trail: a row for every change to a support user, in the change's transaction.

use entity::audit_events;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};
use serde_json::{Map, Value, json};

pub use entity::audit_events::AuditAction as Action;

/// What an audit record can set or change; its name is the key in `changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditField {
    FirstName,
    LastName,
    Email,
    /// The outbox row an operator requeued.
    EmailId,
    /// An automatic deactivation: the days nobody had signed in (`DEACTIVATE_AFTER_DAYS`).
    DormantDays,
    /// An email not delivered: its kind (`invitation`, …).
    EmailKind,
}

impl AuditField {
    /// The personal details, in the order the details page lists them.
    pub const PERSONAL_DETAILS: [AuditField; 3] = [
        AuditField::FirstName,
        AuditField::LastName,
        AuditField::Email,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AuditField::FirstName => "first_name",
            AuditField::LastName => "last_name",
            AuditField::Email => "email",
            AuditField::EmailId => "email_id",
            AuditField::DormantDays => "dormant_days",
            AuditField::EmailKind => "email_kind",
        }
    }
}

/// One field's change: `(field, old value, new value)`; `None` for "no value".
pub type FieldChange<'a> = (AuditField, Option<&'a str>, Option<&'a str>);

pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor_id: Option<i64>,
    action: Action,
    subject_user_id: i64,
    changes: &[FieldChange<'_>],
) -> Result<(), DbErr> {
    let changes: Map<String, Value> = changes
        .iter()
        .map(|(field, old, new)| (field.key().to_owned(), json!({ "old": old, "new": new })))
        .collect();
    audit_events::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(action),
        subject_user_id: Set(subject_user_id),
        changes: Set(Value::Object(changes).to_string()),
        created_at: Set(crate::clock::database_now(db).await?),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// A user's history: their "added", "changed", "invitation sent again", "deactivated" and
/// "reactivated" events, newest first, each with the full name of who did it (deleted users
/// included; `None` for the command line and the service itself).
pub async fn history_of<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
) -> Result<Vec<(audit_events::Model, Option<String>)>, DbErr> {
    use entity::users;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let events = audit_events::Entity::find()
        .filter(audit_events::Column::SubjectUserId.eq(user_id))
        .filter(audit_events::Column::Action.is_in([
            Action::UserAdded,
            Action::UserChanged,
            Action::InvitationResent,
            Action::AccountDeactivated,
            Action::AccountReactivated,
            Action::EmailNotDelivered,
        ]))
        .order_by_desc(audit_events::Column::CreatedAt)
        .order_by_desc(audit_events::Column::Id)
        .all(db)
        .await?;
    let actor_ids: Vec<i64> = events.iter().filter_map(|e| e.actor_id).collect();
    let actors: std::collections::HashMap<i64, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, crate::users::repo::full_name(&u)))
        .collect();
    Ok(events
        .into_iter()
        .map(|event| {
            let by = event.actor_id.and_then(|id| actors.get(&id).cloned());
            (event, by)
        })
        .collect())
}

/// For an automatic deactivation, the days nobody had signed in; `None` for any other event.
pub fn dormant_days(changes: &str) -> Option<u32> {
    let parsed: Map<String, Value> = serde_json::from_str(changes).ok()?;
    parsed
        .get(AuditField::DormantDays.key())?
        .get("new")?
        .as_str()?
        .parse()
        .ok()
}

/// For an email not delivered: its kind and where it was sent (`None` once erased).
pub fn not_delivered(changes: &str) -> (Option<entity::emails::EmailKind>, Option<String>) {
    let parsed: Map<String, Value> = serde_json::from_str(changes).unwrap_or_default();
    let new = |field: AuditField| {
        parsed
            .get(field.key())
            .and_then(|c| c.get("new"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let kind = new(AuditField::EmailKind).and_then(|kind| {
        <entity::emails::EmailKind as sea_orm::ActiveEnum>::try_from_value(&kind).ok()
    });
    (kind, new(AuditField::Email))
}

/// The fields of an event's `changes`, in the order the details page lists them:
/// `(field, old, new)`.
pub fn field_changes(changes: &str) -> Vec<(AuditField, Option<String>, Option<String>)> {
    let parsed: Map<String, Value> = serde_json::from_str(changes).unwrap_or_default();
    AuditField::PERSONAL_DETAILS
        .into_iter()
        .filter_map(|field| {
            let change = parsed.get(field.key())?;
            let value = |key: &str| change.get(key).and_then(Value::as_str).map(str::to_owned);
            Some((field, value("old"), value("new")))
        })
        .collect()
}
