//! The background task that delivers the outbox. It claims due emails, sends each, and records
//! the outcome: sent; queued again with backoff after a transient failure; failed, with the
//! reason, after a permanent one. No row is ever deleted.
//!
//! It wakes when this instance queues an email, when a retry falls due, and otherwise every
//! `poll_interval` (for emails queued by other instances whose worker has stopped). On shutdown
//! it finishes the email in hand and gives the rest of its batch back.
//!
//! When nothing is due to send, it asks Notify whether the emails it sent were delivered
//! (`service::outbox::status_checks`), until Notify's answer is final or 7 days have passed.

use super::backoff::RetryPolicy;
use super::notify_client::{EmailRequest, NotifyClient, SendError};
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use service::outbox::Email;
use service::outbox::OutboxSignal;
use service::outbox::claims;
use service::outbox::status_checks::{self, Delivery as DeliveryStatus};
use std::time::Duration;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

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
    /// How long after sending Notify is first asked whether an email was delivered, and the
    /// least time between two such questions.
    pub status_check_after: Duration,
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
            let claim = tracing::info_span!("email_claim");
            let wait = match self.deliver_due(&stop).instrument(claim).await {
                Ok(claimed) if claimed > 0 => continue,
                Ok(_) => match self.check_statuses(&stop).await {
                    Ok(checked) if checked > 0 => continue,
                    Ok(_) => self.time_to_next_due().await,
                    Err(err) => {
                        tracing::error!(error = %err, "email worker could not reach the database");
                        self.poll_interval
                    }
                },
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

    /// Claims one batch of due emails and delivers it; how many it claimed. An email whose
    /// outcome could not be written is left to its lease; the rest of the batch still goes.
    pub async fn deliver_due(&self, stop: &CancellationToken) -> Result<usize, DbErr> {
        let clock = DatabaseClock::read(&self.db).await?;
        let batch = claims::claim_due(&self.db, clock.now(), BATCH, LEASE).await?;
        let lease_ends = Instant::now() + LEASE;
        let claimed = batch.len();
        if claimed == 0 {
            return Ok(0);
        }
        // Once a batch: how long after sending to first ask Notify about each.
        let first_check = self.first_status_check(clock.now()).await;
        let mut batch = batch.into_iter();
        for email in batch.by_ref() {
            if let Err(err) = self
                .deliver(&email, &clock, lease_ends, first_check, stop)
                .await
            {
                tracing::error!(
                    email_id = email.id,
                    error = %err,
                    "could not record what happened to an email; its lease will bring it back"
                );
            }
            if stop.is_cancelled() {
                break;
            }
        }
        for unsent in batch {
            if let Err(err) = claims::release(&self.db, &unsent, clock.now()).await {
                tracing::warn!(email_id = unsent.id, error = %err, "could not give an email back; its lease will");
            }
        }
        Ok(claimed)
    }

    async fn deliver(
        &self,
        email: &Email,
        clock: &DatabaseClock,
        lease_ends: Instant,
        first_check: Duration,
        stop: &CancellationToken,
    ) -> Result<(), DbErr> {
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
        let now = clock.now();
        // Notify has the email now, or has answered: what happened must be written, or a
        // worker would send it again once the lease ends. So each write is tried again while
        // the database is away, until the lease's end.
        let keep_trying = Persist {
            until: lease_ends,
            stop,
        };
        crate::metrics::notify_call(match (&self.delivery, &outcome) {
            (Delivery::Log, _) => "logged",
            (_, Ok(_)) => "accepted",
            (_, Err(SendError::Transient(_))) => "transient",
            (_, Err(SendError::Unauthorised(_))) => "unauthorised",
            (_, Err(SendError::Permanent(_))) => "refused",
        });
        match outcome {
            Ok(notify_id) => {
                keep_trying
                    .write("mark an email sent", || {
                        claims::mark_sent(&self.db, email, notify_id.as_deref(), now, first_check)
                    })
                    .await?;
                tracing::info!(
                    email_id = email.id,
                    kind = ?email.kind,
                    reference = %email.reference,
                    notify_id = notify_id.as_deref().unwrap_or("-"),
                    "email sent"
                );
            }
            // Final: Notify refused the email itself, or it has had its last try.
            Err(err) if matches!(err, SendError::Permanent(_)) || claims::gives_up(email, now) => {
                let (reason, why) = match err {
                    SendError::Permanent(reason) => (reason, "GOV.UK Notify refused it for good"),
                    err => (
                        format!(
                            "gave up after {} attempts over {} days: {err}",
                            email.attempts,
                            (now - email.created_at).num_days()
                        ),
                        "no more retries",
                    ),
                };
                keep_trying
                    .write("mark an email failed", || {
                        claims::mark_failed(&self.db, email, &reason, now)
                    })
                    .await?;
                tracing::error!(
                    email_id = email.id,
                    kind = ?email.kind,
                    reference = %email.reference,
                    %reason,
                    why,
                    "email failed"
                );
            }
            Err(err) => {
                let unauthorised = matches!(err, SendError::Unauthorised(_));
                let reason = err.to_string();
                let wait = self.retry.delay(u32::try_from(email.attempts).unwrap_or(1));
                keep_trying
                    .write("schedule an email's retry", || {
                        claims::schedule_retry(&self.db, email, now + wait, &reason)
                    })
                    .await?;
                let retry_in_ms = wait.as_millis() as u64;
                if unauthorised {
                    // Once an attempt: an operator must rotate the key or fix the clock.
                    tracing::error!(
                        email_id = email.id,
                        attempts = email.attempts,
                        retry_in_ms,
                        %reason,
                        "GOV.UK Notify refused our API key; will retry"
                    );
                } else {
                    tracing::warn!(
                        email_id = email.id,
                        attempts = email.attempts,
                        retry_in_ms,
                        %reason,
                        "email not sent yet; will retry"
                    );
                }
            }
        }
        Ok(())
    }

    /// Claims the emails whose delivery is due to be checked, asks Notify about each and
    /// records the answer; how many it claimed. Without Notify there is nothing to ask.
    async fn check_statuses(&self, stop: &CancellationToken) -> Result<usize, DbErr> {
        let Delivery::Notify { client, .. } = &self.delivery else {
            return Ok(0);
        };
        let clock = DatabaseClock::read(&self.db).await?;
        let due = status_checks::claim_due(&self.db, clock.now(), BATCH, LEASE).await?;
        let claimed = due.len();
        for email in due {
            let now = clock.now();
            let answer = match email.notify_id.as_deref() {
                Some(id) if !status_checks::past_asking(email.sent_at, now) => {
                    Some(match client.delivery_status(id).await {
                        Ok(delivery) => delivery,
                        Err(err) => {
                            tracing::warn!(email_id = email.id, error = %err, "could not ask GOV.UK Notify whether an email was delivered; will ask again");
                            DeliveryStatus::NotYet
                        }
                    })
                }
                // Past the 7 days Notify keeps a status for: the email stays "sent".
                _ => None,
            };
            if let Some(
                final_answer @ (DeliveryStatus::Delivered | DeliveryStatus::NotDelivered(_)),
            ) = &answer
            {
                tracing::info!(email_id = email.id, delivery = ?final_answer, "GOV.UK Notify answered about an email's delivery");
            }
            let recorded = status_checks::record(
                &self.db,
                &email,
                answer,
                clock.now(),
                self.status_check_after,
            )
            .await;
            if let Err(err) = recorded {
                // The claim lapses, and the check is made again then.
                tracing::warn!(email_id = email.id, error = %err, "could not record an email's delivery status");
            }
            if stop.is_cancelled() {
                break;
            }
        }
        Ok(claimed)
    }

    /// Until the earliest queued email (a retry) or delivery check falls due by the
    /// database's clock, at most `poll_interval`.
    async fn time_to_next_due(&self) -> Duration {
        let next = async {
            let at = claims::next_due(&self.db).await?;
            Ok::<_, DbErr>(match at {
                Some(at) => Some((at, service::clock::database_now(&self.db).await?)),
                None => None,
            })
        };
        match next.await {
            Ok(Some((at, now))) => (at - now)
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

/// The database's time when a batch was claimed, and the time since by this process's
/// monotonic clock: every time the worker writes is the database's, without asking it again.
struct DatabaseClock {
    at: DateTime<Utc>,
    read: Instant,
}

impl DatabaseClock {
    async fn read(db: &DatabaseConnection) -> Result<Self, DbErr> {
        Ok(Self {
            at: service::clock::database_now(db).await?,
            read: Instant::now(),
        })
    }

    fn now(&self) -> DateTime<Utc> {
        self.at + self.read.elapsed()
    }
}

/// The first wait before writing an outcome again, and the longest.
const PERSIST_FIRST_WAIT: Duration = Duration::from_millis(100);
const PERSIST_LONGEST_WAIT: Duration = Duration::from_secs(5);
/// Once the server is stopping, how many more times an outcome is tried.
const PERSIST_TRIES_WHEN_STOPPING: u32 = 5;

/// Writing an outcome until it is written, the lease ends, or the server is stopping.
struct Persist<'a> {
    until: Instant,
    stop: &'a CancellationToken,
}

impl Persist<'_> {
    async fn write<F, Fut>(&self, what: &'static str, mut write: F) -> Result<(), DbErr>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<(), DbErr>>,
    {
        let mut wait = PERSIST_FIRST_WAIT;
        let mut tries_left_when_stopping = PERSIST_TRIES_WHEN_STOPPING;
        loop {
            let err = match write().await {
                Ok(()) => return Ok(()),
                Err(err) => err,
            };
            if self.stop.is_cancelled() {
                tries_left_when_stopping = tries_left_when_stopping.saturating_sub(1);
            }
            if Instant::now() + wait >= self.until || tries_left_when_stopping == 0 {
                return Err(err);
            }
            tracing::warn!(error = %err, retry_in_ms = wait.as_millis() as u64, "could not {what}; trying again");
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(PERSIST_LONGEST_WAIT);
        }
    }
}

/// Sends `email` through Notify; Notify's id for it. An email tried before (its answer lost,
/// or a worker stopped while sending it) may be at Notify already: Notify is asked for it by
/// its reference first, and it is sent only if Notify does not have it.
async fn send(
    client: &NotifyClient,
    template_id: &str,
    email: &Email,
) -> Result<String, SendError> {
    if email.attempts > 1
        && let Some(notify_id) = client.find_by_reference(&email.reference).await?
    {
        tracing::info!(
            email_id = email.id,
            reference = %email.reference,
            %notify_id,
            "GOV.UK Notify had this email already: not sent again"
        );
        return Ok(notify_id);
    }
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

/// Development without a Notify key: the email is kept (see `/dev/emails`), and its text
/// While GOV.UK Notify's delivery receipts arrive, the first question about a sent email waits
/// this long: the receipt usually comes first, and the question is for one that never does.
const FIRST_CHECK_WHILE_RECEIPTS_ARRIVE: Duration = Duration::from_secs(60 * 60);

impl EmailWorker {
    /// How long after sending to first ask Notify about an email: much later while receipts
    /// are arriving.
    async fn first_status_check(&self, now: DateTime<Utc>) -> Duration {
        match service::outbox::receipts::arriving(&self.db, now).await {
            Ok(true) => FIRST_CHECK_WHILE_RECEIPTS_ARRIVE.max(self.status_check_after),
            Ok(false) => self.status_check_after,
            Err(err) => {
                tracing::warn!(error = %err, "could not tell whether delivery receipts arrive");
                self.status_check_after
            }
        }
    }
}

/// logged at `debug` only, as nothing personal is logged at `info` and above.
fn log_instead_of_sending(email: &Email) {
    tracing::info!(
        email_id = email.id,
        kind = ?email.kind,
        "email not sent (no GOV.UK Notify key): kept for /dev/emails"
    );
    let text: serde_json::Value = serde_json::from_str(&email.personalisation).unwrap_or_default();
    tracing::debug!(
        email_id = email.id,
        to = %email.recipient,
        subject = text["subject"].as_str().unwrap_or_default(),
        body = text["body"].as_str().unwrap_or_default(),
        "the text of an email not sent"
    );
}
