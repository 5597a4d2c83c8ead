//! The GOV.UK Notify REST API, as much of it as we use: `POST /v2/notifications/email` and
//! `GET /v2/notifications/{id}`, authenticated by a short-lived JWT made from the API key.

use crate::config::NotifyApiKey;
use serde::{Deserialize, Serialize};
use service::outbox::status_checks::Delivery;
use std::time::Duration;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone)]
pub struct NotifyClient {
    http: reqwest::Client,
    base_url: String,
    key: NotifyApiKey,
}

#[derive(Debug, Serialize)]
pub struct EmailRequest<'a> {
    pub email_address: &'a str,
    pub template_id: &'a str,
    pub personalisation: &'a serde_json::Value,
    pub reference: &'a str,
}

/// Why Notify did not take an email.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SendError {
    /// Worth trying again later: the network, a timeout, rate limiting, Notify's own errors.
    #[error("{0}")]
    Transient(String),
    /// Notify did not accept our key (401, 403): it was rotated or revoked, or our clock is
    /// more than 30 seconds off Notify's. An operator can fix either, so it is tried again
    /// later, like a transient failure, but logged as an error every time.
    #[error("{0}")]
    Unauthorised(String),
    /// Trying again cannot help: a bad address or template (400).
    #[error("{0}")]
    Permanent(String),
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    iat: i64,
}

#[derive(Deserialize)]
struct Created {
    id: String,
}

/// The part of a notification we read back: its status.
#[derive(Deserialize)]
struct Notification {
    status: String,
}

/// Notify's error body: `{"status_code": 400, "errors": [{"error": "...", "message": "..."}]}`.
#[derive(Deserialize)]
struct ErrorBody {
    errors: Vec<ErrorItem>,
}

#[derive(Deserialize)]
struct ErrorItem {
    error: String,
    message: String,
}

#[derive(Debug, thiserror::Error)]
#[error("could not set up the HTTP client for GOV.UK Notify: {0}")]
pub struct ClientSetupError(#[from] reqwest::Error);

impl NotifyClient {
    pub fn new(base_url: &str, key: NotifyApiKey) -> Result<Self, ClientSetupError> {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("rotp-support/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            key,
        })
    }

    /// A token for one request: Notify refuses any whose `iat` is over 30 seconds old.
    fn bearer_token(&self) -> Result<String, SendError> {
        let claims = Claims {
            iss: self.key.service_id(),
            iat: chrono::Utc::now().timestamp(),
        };
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &jsonwebtoken::EncodingKey::from_secret(self.key.secret().as_bytes()),
        )
        .map_err(|err| SendError::Permanent(format!("could not sign the Notify token: {err}")))
    }

    /// Sends one email; on success, Notify's id for the notification.
    pub async fn send_email(&self, email: &EmailRequest<'_>) -> Result<String, SendError> {
        let request = self
            .http
            .post(format!("{}/v2/notifications/email", self.base_url))
            .json(email);
        let (status, body) = self.answer(request).await?;
        if status.is_success() {
            return read_body::<Created>(status, &body).map(|created| created.id);
        }
        let detail = describe_error(status, &body);
        Err(match status.as_u16() {
            408 | 429 => SendError::Transient(detail),
            401 | 403 => SendError::Unauthorised(detail),
            s if s >= 500 => SendError::Transient(detail),
            _ => SendError::Permanent(detail),
        })
    }

    /// What Notify says of the email it gave `notify_id`: delivered, not delivered, or not
    /// final yet. A failure to ask is reported as such; the caller asks again later.
    pub async fn delivery_status(&self, notify_id: &str) -> Result<Delivery, SendError> {
        let request = self
            .http
            .get(format!("{}/v2/notifications/{notify_id}", self.base_url));
        let (status, body) = self.answer(request).await?;
        if !status.is_success() {
            let detail = describe_error(status, &body);
            return Err(match status.as_u16() {
                401 | 403 => SendError::Unauthorised(detail),
                _ => SendError::Transient(detail),
            });
        }
        read_body::<Notification>(status, &body).map(|n| delivery_of(&n.status))
    }

    /// Sends `request` with a fresh token; Notify's status and body, whatever the status.
    async fn answer(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<(reqwest::StatusCode, String), SendError> {
        let response = request
            .bearer_auth(self.bearer_token()?)
            .send()
            .await
            .map_err(|err| SendError::Transient(format!("could not reach GOV.UK Notify: {err}")))?;
        let status = response.status();
        let body = response.text().await.map_err(|err| {
            SendError::Transient(format!("GOV.UK Notify's answer was cut short: {err}"))
        })?;
        Ok((status, body))
    }
}

/// A successful answer's body; one we cannot read is worth asking again.
fn read_body<T: serde::de::DeserializeOwned>(
    status: reqwest::StatusCode,
    body: &str,
) -> Result<T, SendError> {
    serde_json::from_str(body).map_err(|_| {
        SendError::Transient(format!(
            "GOV.UK Notify answered {status} with a body we could not read"
        ))
    })
}

/// Notify's email statuses: `delivered` is final; the three failures are final and mean the
/// email did not arrive; `created`, `sending` and `pending` (and any status Notify adds
/// later) are not final yet.
pub fn delivery_of(status: &str) -> Delivery {
    match status {
        "delivered" => Delivery::Delivered,
        "permanent-failure" | "temporary-failure" | "technical-failure" => {
            Delivery::NotDelivered(status.to_owned())
        }
        _ => Delivery::NotYet,
    }
}

fn describe_error(status: reqwest::StatusCode, body: &str) -> String {
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(parsed) if !parsed.errors.is_empty() => {
            let errors: Vec<String> = parsed
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.error, e.message))
                .collect();
            format!("GOV.UK Notify answered {status}: {}", errors.join("; "))
        }
        _ => format!("GOV.UK Notify answered {status}"),
    }
}
