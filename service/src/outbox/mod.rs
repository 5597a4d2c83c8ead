//! The email outbox. `queue` writes an email in the caller's transaction, so an email exists
//! exactly when the change that causes it does; the server's worker delivers it afterwards.
//! The text is rendered when it is queued: the row is a record of exactly what goes out.
//! [`claims`] is the worker's side: claiming due emails and recording what happened.

pub mod claims;
pub mod operator;
pub mod receipts;
pub mod status_checks;
pub mod undelivered;

use domain::content::emails::{self, EmailText};
use entity::emails as email_rows;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};
use std::sync::Arc;

pub use entity::emails::{EmailKind, EmailStatus, Model as Email};

/// What every email needs to know about where it is sent from.
#[derive(Debug, Clone)]
pub struct EmailContext {
    /// The service's public address, e.g. `https://support.register-training-providers.education.gov.uk`.
    pub service_url: String,
    /// Put in front of subjects outside production, e.g. "development".
    pub environment_label: Option<String>,
}

impl EmailContext {
    fn sign_in_url(&self) -> String {
        format!("{}/users", self.service_url.trim_end_matches('/'))
    }

    fn label(&self) -> Option<&str> {
        self.environment_label.as_deref()
    }

    pub fn invitation(&self, first_name: &str, email: &str) -> OutgoingEmail {
        OutgoingEmail {
            kind: EmailKind::Invitation,
            recipient: email.to_owned(),
            text: emails::invitation(self.label(), first_name, email, &self.sign_in_url()),
        }
    }

    pub fn sign_in_details(&self, first_name: &str, email: &str) -> OutgoingEmail {
        OutgoingEmail {
            kind: EmailKind::SignInDetails,
            recipient: email.to_owned(),
            text: emails::sign_in_details(self.label(), first_name, email, &self.sign_in_url()),
        }
    }

    pub fn removed(
        &self,
        first_name: &str,
        email: &str,
        removed_by_name: &str,
        removed_by_email: &str,
    ) -> OutgoingEmail {
        OutgoingEmail {
            kind: EmailKind::Removed,
            recipient: email.to_owned(),
            text: emails::removed(self.label(), first_name, removed_by_name, removed_by_email),
        }
    }
}

impl EmailContext {
    pub fn deactivated(
        &self,
        first_name: &str,
        email: &str,
        because: emails::DeactivatedBecause,
    ) -> OutgoingEmail {
        OutgoingEmail {
            kind: EmailKind::Deactivated,
            recipient: email.to_owned(),
            text: emails::deactivated(self.label(), first_name, because),
        }
    }

    pub fn reactivated(&self, first_name: &str, email: &str) -> OutgoingEmail {
        OutgoingEmail {
            kind: EmailKind::Reactivated,
            recipient: email.to_owned(),
            text: emails::reactivated(self.label(), first_name, email, &self.sign_in_url()),
        }
    }

    /// `deactivation_date`: the day the account will be deactivated, as people write it.
    pub fn dormancy_reminder(
        &self,
        first_name: &str,
        email: &str,
        deactivation_date: &str,
    ) -> OutgoingEmail {
        OutgoingEmail {
            kind: EmailKind::DormancyReminder,
            recipient: email.to_owned(),
            text: emails::dormancy_reminder(
                self.label(),
                first_name,
                deactivation_date,
                email,
                &self.sign_in_url(),
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub kind: EmailKind,
    pub recipient: String,
    pub text: EmailText,
}

impl OutgoingEmail {
    /// The personalisation of the generic Notify template.
    pub fn personalisation(&self) -> serde_json::Value {
        serde_json::json!({ "subject": self.text.subject, "body": self.text.body })
    }
}

/// Queues `email`, about the support user `about` (every email the service sends is about one;
/// `None` only for an email queued by hand).
pub async fn queue<C: ConnectionTrait>(
    db: &C,
    about: Option<i64>,
    email: OutgoingEmail,
) -> Result<email_rows::Model, DbErr> {
    let now = crate::clock::database_now(db).await?;
    email_rows::ActiveModel {
        kind: Set(email.kind),
        recipient: Set(email.recipient.clone()),
        personalisation: Set(email.personalisation().to_string()),
        // Notify's `reference`: unique, so each email can be told apart at both ends.
        reference: Set(uuid::Uuid::new_v4().to_string()),
        status: Set(EmailStatus::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        notify_id: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        user_id: Set(about),
        status_check_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Wakes this instance's email worker: used once a transaction that queued an email has
/// committed, so the email goes now rather than at the worker's next poll.
#[derive(Debug, Clone, Default)]
pub struct OutboxSignal(Arc<tokio::sync::Notify>);

impl OutboxSignal {
    pub fn wake(&self) {
        // `notify_one` keeps a permit when the worker is busy, so no wake is lost.
        self.0.notify_one();
    }

    pub async fn woken(&self) {
        self.0.notified().await;
    }
}

/// The newest `limit` emails, newest first.
pub async fn newest<C: ConnectionTrait>(
    db: &C,
    limit: u64,
) -> Result<Vec<email_rows::Model>, DbErr> {
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    email_rows::Entity::find()
        .order_by_desc(email_rows::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The emails about one support user, newest first (their details page lists them).
pub async fn about_user<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
) -> Result<Vec<email_rows::Model>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    email_rows::Entity::find()
        .filter(email_rows::Column::UserId.eq(user_id))
        .order_by_desc(email_rows::Column::CreatedAt)
        .order_by_desc(email_rows::Column::Id)
        .all(db)
        .await
}
