//! The background task that delivers the outbox. It claims due emails, sends each, and records
//! the outcome: sent; queued again with backoff after a transient failure; failed, with the
//! reason, after a permanent one. No row is ever deleted.
//!
//! It wakes when this instance queues an email, when a retry falls due, and otherwise every
//! `poll_interval` (for emails queued by other instances whose worker has stopped). On shutdown
//! it finishes the email in hand and gives the rest of its batch back.

use super::backoff::RetryPolicy;
use super::notify_client::{EmailRequest, NotifyClient, SendError};
use chrono::{DateTime, Utc};
use entity::emails::{self, Column, Entity as Emails};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use service::outbox::claims;
use service::outbox::{EmailStatus, OutboxSignal};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Emails claimed at a time.
const BATCH: u64 = 10;
/// How long a claim lasts: longer than a batch of sends can take (each send times out at
/// 15 seconds), so only a dead worker's claims ever lapse.
const LEASE: Duration = Duration::from_secs(10 * 60);

/// Where emails go.
#[derive(Debug, Clone)]
pub enum Delivery {
    /// No Notify key (local development): the email is written to the log and kept as sent.
    Log,
    Notify {
        client: NotifyClient,
        template_id: String,
    },
}

#[derive(Debug, Clone)]
pub struct EmailWorker {
    pub db: DatabaseConnection,
    pub delivery: Delivery,
    pub signal: OutboxSignal,
    pub retry: RetryPolicy,
    pub poll_interval: Duration,
}

impl EmailWorker {
    pub async fn run(self, stop: CancellationToken) {
        tracing::info!(
            delivery = match self.delivery {
                Delivery::Log => "log",
                Delivery::Notify { .. } => "GOV.UK Notify",
            },
            "email worker started"
        );
        while !stop.is_cancelled() {
            let wait = match self.deliver_due(&stop).await {
                Ok(claimed) if claimed > 0 => continue,
                Ok(_) => self.time_to_next_due().await,
                Err(err) => {
                    tracing::error!(error = %err, "email worker could not reach the database");
                    self.poll_interval
                }
            };
            tokio::select! {
                _ = stop.cancelled() => break,
                _ = self.signal.woken() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
        tracing::info!("email worker stopped");
    }

    /// Claims one batch of due emails and delivers it; how many it claimed.
    pub async fn deliver_due(&self, stop: &CancellationToken) -> Result<usize, DbErr> {
        let batch = claims::claim_due(&self.db, Utc::now(), BATCH, LEASE).await?;
        let claimed = batch.len();
        let mut batch = batch.into_iter();
        for email in batch.by_ref() {
            self.deliver(&email).await?;
            if stop.is_cancelled() {
                break;
            }
        }
        for unsent in batch {
            claims::release(&self.db, &unsent, Utc::now()).await?;
        }
        Ok(claimed)
    }

    async fn deliver(&self, email: &emails::Model) -> Result<(), DbErr> {
        let outcome = match &self.delivery {
            Delivery::Log => {
                log_instead_of_sending(email);
                Ok(None)
            }
            Delivery::Notify {
                client,
                template_id,
            } => send(client, template_id, email).await.map(Some),
        };
        let now = Utc::now();
        match outcome {
            Ok(notify_id) => {
                claims::mark_sent(&self.db, email, notify_id.as_deref(), now).await?;
                tracing::info!(
                    email_id = email.id,
                    kind = ?email.kind,
                    reference = %email.reference,
                    notify_id = notify_id.as_deref().unwrap_or("-"),
                    "email sent"
                );
            }
            Err(SendError::Transient(reason)) => {
                let wait = self.retry.delay(u32::try_from(email.attempts).unwrap_or(1));
                let retry_at = now + wait;
                claims::schedule_retry(&self.db, email, retry_at, &reason).await?;
                tracing::warn!(
                    email_id = email.id,
                    attempts = email.attempts,
                    retry_in_ms = wait.as_millis() as u64,
                    %reason,
                    "email not sent yet; will retry"
                );
            }
            Err(SendError::Permanent(reason)) => {
                claims::mark_failed(&self.db, email, &reason).await?;
                tracing::error!(
                    email_id = email.id,
                    kind = ?email.kind,
                    reference = %email.reference,
                    %reason,
                    "email failed: GOV.UK Notify refused it for good"
                );
            }
        }
        Ok(())
    }

    /// Until the earliest queued email (a retry) falls due, at most `poll_interval`.
    async fn time_to_next_due(&self) -> Duration {
        match next_due(&self.db).await {
            Ok(Some(at)) => (at - Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .min(self.poll_interval),
            Ok(None) => self.poll_interval,
            Err(err) => {
                tracing::error!(error = %err, "email worker could not reach the database");
                self.poll_interval
            }
        }
    }
}

async fn next_due(db: &DatabaseConnection) -> Result<Option<DateTime<Utc>>, DbErr> {
    Emails::find()
        .select_only()
        .column(Column::NextAttemptAt)
        .filter(Column::Status.is_in([EmailStatus::Queued, EmailStatus::Sending]))
        .order_by_asc(Column::NextAttemptAt)
        .limit(1)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await
}

async fn send(
    client: &NotifyClient,
    template_id: &str,
    email: &emails::Model,
) -> Result<String, SendError> {
    let personalisation: serde_json::Value = serde_json::from_str(&email.personalisation)
        .map_err(|err| SendError::Permanent(format!("personalisation is not JSON: {err}")))?;
    client
        .send_email(&EmailRequest {
            email_address: &email.recipient,
            template_id,
            personalisation: &personalisation,
            reference: &email.reference,
        })
        .await
}

fn log_instead_of_sending(email: &emails::Model) {
    let text: serde_json::Value = serde_json::from_str(&email.personalisation).unwrap_or_default();
    tracing::info!(
        email_id = email.id,
        to = %email.recipient,
        subject = text["subject"].as_str().unwrap_or_default(),
        body = text["body"].as_str().unwrap_or_default(),
        "email not sent (no GOV.UK Notify key): logged instead"
    );
}
