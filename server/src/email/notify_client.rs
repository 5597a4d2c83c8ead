//! The GOV.UK Notify REST API, as much of it as we use: `POST /v2/notifications/email` and
//! `GET /v2/notifications/{id}`, authenticated by a short-lived JWT made from the API key.

use crate::config::NotifyApiKey;
use serde::{Deserialize, Serialize};
use service::outbox::status_checks::{Delivery, delivery_of};
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

/// `GET /v2/notifications?reference=…`: the notifications Notify has with a reference.
#[derive(Deserialize)]
struct Found {
    notifications: Vec<Created>,
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
            // Notify never redirects: an answer that does is not Notify's, and the email (and
            // its token) must not go where it points.
            .redirect(reqwest::redirect::Policy::none())
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
            let created = read_body::<Created>(status, &body)?;
            // Notify's ids are UUIDs: anything else is neither stored nor put in a URL. The
            // email did reach Notify, so it is not sent again: it fails, for an operator.
            return notify_id(&created.id).ok_or_else(|| {
                SendError::Permanent(format!(
                    "GOV.UK Notify answered {status} with an id that is not a UUID"
                ))
            });
        }
        let detail = describe_error(status, &body);
        Err(match status.as_u16() {
            300..=399 => SendError::Transient(format!("{detail} (a redirect: not followed)")),
            408 | 429 => SendError::Transient(detail),
            401 | 403 => SendError::Unauthorised(detail),
            s if s >= 500 => SendError::Transient(detail),
            _ => SendError::Permanent(detail),
        })
    }

    /// Notify's id for the email we sent with `reference`, if Notify has one: asked before an
    /// email that may already have reached Notify (its answer was lost, or a worker died while
    /// sending) is sent again, so it is never sent twice.
    pub async fn find_by_reference(&self, reference: &str) -> Result<Option<String>, SendError> {
        let request = self
            .http
            .get(format!("{}/v2/notifications", self.base_url))
            .query(&[("reference", reference), ("template_type", "email")]);
        let (status, body) = self.answer(request).await?;
        if !status.is_success() {
            return Err(lookup_error(status, &body));
        }
        let found = read_body::<Found>(status, &body)?;
        match found.notifications.first() {
            None => Ok(None),
            Some(created) => notify_id(&created.id).map(Some).ok_or_else(|| {
                SendError::Permanent(format!(
                    "GOV.UK Notify answered {status} with an id that is not a UUID"
                ))
            }),
        }
    }

    /// What Notify says of the email it gave `notify_id`: delivered, not delivered, or not
    /// final yet. A failure to ask is reported as such; the caller asks again later.
    pub async fn delivery_status(&self, notify_id: &str) -> Result<Delivery, SendError> {
        let Some(notify_id) = self::notify_id(notify_id) else {
            return Err(SendError::Permanent(
                "the stored GOV.UK Notify id is not a UUID".to_owned(),
            ));
        };
        let request = self
            .http
            .get(format!("{}/v2/notifications/{notify_id}", self.base_url));
        let (status, body) = self.answer(request).await?;
        if !status.is_success() {
            return Err(lookup_error(status, &body));
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

/// A failed look-up (an email by its reference, or its status): our key refused, or worth
/// asking again later.
fn lookup_error(status: reqwest::StatusCode, body: &str) -> SendError {
    let detail = describe_error(status, body);
    match status.as_u16() {
        401 | 403 => SendError::Unauthorised(detail),
        _ => SendError::Transient(detail),
    }
}

/// A Notify id, if `id` is one (a UUID), written as Notify writes them.
fn notify_id(id: &str) -> Option<String> {
    uuid::Uuid::try_parse(id).ok().map(|id| id.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Json;
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    use axum::routing::{get, post};

    const KEY: &str =
        "test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
    const ID: &str = "740e5834-3a29-46b4-9a6f-16142fde533a";

    /// A server that answers sends with `answer`, and accepts anything sent to `/elsewhere`.
    async fn notify_answering(
        answer: fn(u16) -> axum::response::Response,
    ) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let elsewhere = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = elsewhere.clone();
        let router = axum::Router::new()
            .route(
                "/v2/notifications/email",
                post(move || async move { answer(port) }),
            )
            .route(
                "/elsewhere",
                post(move || {
                    seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    async { (StatusCode::CREATED, Json(serde_json::json!({ "id": ID }))) }
                }),
            )
            .route(
                "/v2/notifications/{id}",
                get(|| async { Json(serde_json::json!({ "status": "delivered" })) }),
            );
        tokio::spawn(async move { axum::serve(listener, router).await });
        (format!("http://127.0.0.1:{port}"), elsewhere)
    }

    fn email() -> EmailRequest<'static> {
        static PERSONALISATION: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        EmailRequest {
            email_address: "ada@education.gov.uk",
            template_id: ID,
            personalisation: PERSONALISATION.get_or_init(|| serde_json::json!({})),
            reference: "ref",
        }
    }

    fn client(base: &str) -> NotifyClient {
        NotifyClient::new(base, NotifyApiKey::parse(KEY).unwrap()).unwrap()
    }

    #[tokio::test]
    async fn a_redirect_is_never_followed() {
        let (base, elsewhere) = notify_answering(|port| {
            (
                StatusCode::TEMPORARY_REDIRECT,
                [(
                    header::LOCATION,
                    format!("http://127.0.0.1:{port}/elsewhere"),
                )],
            )
                .into_response()
        })
        .await;
        let sent = client(&base).send_email(&email()).await;
        assert!(
            matches!(&sent, Err(SendError::Transient(why)) if why.contains("redirect")),
            "{sent:?}"
        );
        assert_eq!(elsewhere.load(std::sync::atomic::Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn an_id_that_is_not_a_uuid_is_neither_kept_nor_put_in_a_url() {
        let (base, _) = notify_answering(|_| {
            (
                StatusCode::CREATED,
                Json(serde_json::json!({ "id": "../../v2/template/x?" })),
            )
                .into_response()
        })
        .await;
        let client = client(&base);
        let sent = client.send_email(&email()).await;
        assert!(matches!(sent, Err(SendError::Permanent(_))), "{sent:?}");
        let asked = client.delivery_status("../../v2/template/x?").await;
        assert!(matches!(asked, Err(SendError::Permanent(_))), "{asked:?}");
        // A real id: asked, and written as Notify writes them.
        assert!(matches!(
            client.delivery_status(&ID.to_uppercase()).await,
            Ok(Delivery::Delivered)
        ));
    }
}
