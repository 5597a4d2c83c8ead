//! The email outbox: `queue` writes an email in the caller's transaction, so an email exists
//! exactly when the change that causes it does. The worker delivers queued emails.

use chrono::Utc;
use entity::emails;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    /// To a new support user: how to sign in.
    Invitation,
    /// To a changed email address: the same sign-in details.
    SignInDetails,
    /// To a removed support user.
    Removed,
}

impl EmailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Invitation => "invitation",
            EmailKind::SignInDetails => "sign_in_details",
            EmailKind::Removed => "removed",
        }
    }
}

pub const STATUS_QUEUED: &str = "queued";

pub async fn queue<C: ConnectionTrait>(
    db: &C,
    kind: EmailKind,
    recipient: &str,
    personalisation: Value,
) -> Result<emails::Model, DbErr> {
    let now = Utc::now();
    emails::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        recipient: Set(recipient.to_owned()),
        personalisation: Set(personalisation.to_string()),
        // Notify's `reference`: unique, so the worker and Notify can both tell emails apart.
        reference: Set(uuid::Uuid::new_v4().to_string()),
        status: Set(STATUS_QUEUED.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        notify_id: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}
