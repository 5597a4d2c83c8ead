//! The audit trail: a row for every change to a support user, in the change's transaction.

use chrono::Utc;
use entity::audit_events;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy)]
pub enum Action {
    UserAdded,
    UserChanged,
    UserDeleted,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::UserAdded => "user_added",
            Action::UserChanged => "user_changed",
            Action::UserDeleted => "user_deleted",
        }
    }
}

/// One field's change: `(field, old value, new value)`; `None` for "no value".
pub type FieldChange<'a> = (&'static str, Option<&'a str>, Option<&'a str>);

pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor_id: Option<i64>,
    action: Action,
    subject_user_id: i64,
    changes: &[FieldChange<'_>],
) -> Result<(), DbErr> {
    let changes: Map<String, Value> = changes
        .iter()
        .map(|(field, old, new)| ((*field).to_owned(), json!({ "old": old, "new": new })))
        .collect();
    audit_events::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(action.as_str().to_owned()),
        subject_user_id: Set(subject_user_id),
        changes: Set(Value::Object(changes).to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}
