//! A GOV.UK Notify contract server: a real HTTP server on a random local port that checks each
//! request as Notify does (the JWT's signature, `iss` and `iat`; the JSON fields; the template
//! and its personalisation) and answers in Notify's formats. Tests script failures into it,
//! and the delivery status `GET /v2/notifications/{id}` reports (`sending` until told).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const SERVICE_ID: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
pub const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
pub const TEMPLATE_ID: &str = "f33517ff-2a88-4f6e-b855-c550268ce08a";

pub fn api_key() -> String {
    format!("rotp_test-{SERVICE_ID}-{SECRET}")
}

/// An email Notify accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub email_address: String,
    pub personalisation: Value,
    pub reference: String,
}

impl Received {
    pub fn subject(&self) -> &str {
        self.personalisation["subject"].as_str().unwrap_or_default()
    }

    pub fn body(&self) -> &str {
        self.personalisation["body"].as_str().unwrap_or_default()
    }
}

#[derive(Default)]
struct Contract {
    accepted: Vec<Received>,
    /// Requests refused, for whatever reason (scripted or a broken contract).
    refused: Vec<(u16, String)>,
    /// Statuses to answer with, one per request, before accepting again.
    scripted: VecDeque<u16>,
    /// Requests received so far, answered or not.
    received: usize,
    /// How long to take over each answer.
    delay: Duration,
    /// Accept the next this many emails but answer with a body no one can read (as if the
    /// answer were lost on the way).
    unreadable: usize,
    /// Each accepted email's delivery status, by Notify's id (`sending` until a test says).
    statuses: HashMap<String, String>,
    /// The ids asked about with `GET /v2/notifications/{id}`, in order.
    status_requests: Vec<String>,
    /// Where delivery receipts go, and the bearer token they carry (the service's "callbacks
    /// for delivery receipts" settings in Notify).
    callback: Option<(String, String)>,
}

#[derive(Clone)]
pub struct NotifyContract {
    pub base_url: String,
    state: Arc<Mutex<Contract>>,
}

impl NotifyContract {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(Contract::default()));
        let router = axum::Router::new()
            .route("/v2/notifications/email", post(send_email))
            .route("/v2/notifications", get(by_reference))
            .route("/v2/notifications/{id}", get(notification))
            .with_state(state.clone());
        // Bound and served on the servers' runtime, which outlives each test's own.
        let port = crate::helpers::SERVER_RUNTIME
            .spawn(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("contract server binds");
                let port = listener.local_addr().unwrap().port();
                tokio::spawn(async move { axum::serve(listener, router).await });
                port
            })
            .await
            .expect("contract server starts");
        Self {
            base_url: format!("http://127.0.0.1:{port}"),
            state,
        }
    }

    /// The next `times` requests get `status` in Notify's error format.
    pub fn fail_next(&self, times: usize, status: u16) {
        let mut state = self.state.lock().unwrap();
        state.scripted.extend(std::iter::repeat_n(status, times));
    }

    /// The next `times` emails are accepted, but answered with a body that cannot be read.
    pub fn accept_unreadably_next(&self, times: usize) {
        self.state.lock().unwrap().unreadable += times;
    }

    /// Every answer from now on takes `delay`.
    pub fn answer_after(&self, delay: Duration) {
        self.state.lock().unwrap().delay = delay;
    }

    /// Requests received so far, including any still being answered.
    pub fn received(&self) -> usize {
        self.state.lock().unwrap().received
    }

    pub fn accepted(&self) -> Vec<Received> {
        self.state.lock().unwrap().accepted.clone()
    }

    pub fn refused(&self) -> Vec<(u16, String)> {
        self.state.lock().unwrap().refused.clone()
    }

    pub fn accepted_to(&self, email_address: &str) -> Vec<Received> {
        self.accepted()
            .into_iter()
            .filter(|r| r.email_address == email_address)
            .collect()
    }

    /// From now on, Notify reports the email it gave `id` as `status` (`delivered`,
    /// `permanent-failure`, …).
    pub fn set_status(&self, id: &str, status: &str) {
        self.state
            .lock()
            .unwrap()
            .statuses
            .insert(id.to_owned(), status.to_owned());
    }

    /// Sets where Notify sends delivery receipts, with which bearer token.
    pub fn call_back_to(&self, url: &str, token: &str) {
        self.state.lock().unwrap().callback = Some((url.to_owned(), token.to_owned()));
    }

    /// The email Notify gave `id` reaches `status`, and Notify calls back with its delivery
    /// receipt (with the token it was given): what the service answered.
    pub async fn deliver(&self, id: &str, status: &str) -> reqwest::StatusCode {
        self.set_status(id, status);
        let token = self.state.lock().unwrap().callback.clone().map(|c| c.1);
        self.send_receipt(id, status, token.as_deref()).await
    }

    /// Sends the delivery receipt for the email Notify gave `id` (any id, in tests), with
    /// `status`, bearing `token` (or no `Authorization` at all): what the service answered.
    pub async fn send_receipt(
        &self,
        id: &str,
        status: &str,
        token: Option<&str>,
    ) -> reqwest::StatusCode {
        let (url, email) = {
            let state = self.state.lock().unwrap();
            let (url, _) = state.callback.clone().expect("call_back_to first");
            let email = state.accepted.iter().find(|r| r.id == id).cloned();
            (url, email)
        };
        let now = chrono::Utc::now().to_rfc3339();
        // Notify's callback body, as its documentation gives it.
        let receipt = json!({
            "id": id,
            "reference": email.as_ref().map(|e| e.reference.clone()),
            "to": email.as_ref().map(|e| e.email_address.clone()),
            "status": status,
            "created_at": now,
            "completed_at": now,
            "sent_at": now,
            "notification_type": "email",
            "template_id": TEMPLATE_ID,
            "template_version": 1,
        });
        let mut request = reqwest::Client::new().post(url).json(&receipt);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("the service answers").status()
    }

    /// How many times the status of the email Notify gave `id` was asked for.
    pub fn status_requests_for(&self, id: &str) -> usize {
        let state = self.state.lock().unwrap();
        state.status_requests.iter().filter(|r| *r == id).count()
    }

    /// Waits (up to 10 seconds) until the status of `id` has been asked for `count` times.
    pub async fn wait_for_status_requests(&self, id: &str, count: usize) -> usize {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let asked = self.status_requests_for(id);
            if asked >= count || tokio::time::Instant::now() > deadline {
                return asked;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits (up to 10 seconds) until Notify has accepted `count` emails.
    pub async fn wait_for_accepted(&self, count: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let accepted = self.accepted();
            if accepted.len() >= count || tokio::time::Instant::now() > deadline {
                return accepted;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

type Answer = (StatusCode, Json<Value>);

fn error(status: u16, error: &str, message: &str) -> Answer {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({
            "status_code": status,
            "errors": [{ "error": error, "message": message }],
        })),
    )
}

/// `GET /v2/notifications?reference=…&template_type=email`: the accepted emails with that
/// reference, newest first, in Notify's list format.
async fn by_reference(
    State(state): State<Arc<Mutex<Contract>>>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Answer {
    let mut state = state.lock().unwrap();
    // A refused lookup is a refusal like any other (`received` counts sends only).
    if let Err(refusal) = check_token(&headers) {
        state
            .refused
            .push((refusal.0.as_u16(), refusal.1.to_string()));
        return refusal;
    }
    let notifications: Vec<Value> = state
        .accepted
        .iter()
        .rev()
        .filter(|r| query.get("reference") == Some(&r.reference))
        .map(|r| {
            json!({
                "id": r.id,
                "reference": r.reference,
                "email_address": r.email_address,
                "type": "email",
                "status": state.statuses.get(&r.id).cloned().unwrap_or_else(|| "sending".into()),
            })
        })
        .collect();
    (
        StatusCode::OK,
        Json(
            json!({ "notifications": notifications, "links": { "current": "/v2/notifications" } }),
        ),
    )
}

async fn send_email(
    State(state): State<Arc<Mutex<Contract>>>,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let delay = {
        let mut state = state.lock().unwrap();
        state.received += 1;
        state.delay
    };
    tokio::time::sleep(delay).await;
    let answer = check_and_accept(&state, &headers, &body);
    let mut state = state.lock().unwrap();
    if answer.0 != StatusCode::CREATED {
        state
            .refused
            .push((answer.0.as_u16(), answer.1.to_string()));
    } else if state.unreadable > 0 {
        state.unreadable -= 1;
        return (StatusCode::CREATED, "{\"id\": ").into_response();
    }
    answer.into_response()
}

fn check_and_accept(state: &Mutex<Contract>, headers: &HeaderMap, body: &str) -> Answer {
    if let Err(refusal) = check_token(headers) {
        return refusal;
    }
    let Ok(request) = serde_json::from_str::<Value>(body) else {
        return error(400, "BadRequestError", "Invalid JSON supplied in POST data");
    };
    for field in ["email_address", "template_id"] {
        if !request[field].is_string() {
            return error(
                400,
                "ValidationError",
                &format!("{field} is a required property"),
            );
        }
    }
    if request["template_id"] != TEMPLATE_ID {
        return error(400, "BadRequestError", "Template not found");
    }
    for placeholder in ["subject", "body"] {
        if !request["personalisation"][placeholder].is_string() {
            return error(
                400,
                "BadRequestError",
                &format!("Missing personalisation: {placeholder}"),
            );
        }
    }
    if !request["reference"].is_string() {
        return error(400, "ValidationError", "reference is not of type string");
    }
    let mut state = state.lock().unwrap();
    if let Some(status) = state.scripted.pop_front() {
        return match status {
            400 => error(
                400,
                "BadRequestError",
                "Can't send to this recipient using a team-only API key",
            ),
            403 => error(403, "AuthError", "Invalid token: API key not found"),
            429 => error(
                429,
                "RateLimitError",
                "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
            ),
            _ => error(status, "Exception", "Internal server error"),
        };
    }
    let id = uuid::Uuid::new_v4().to_string();
    let received = Received {
        id: id.clone(),
        email_address: request["email_address"].as_str().unwrap().to_owned(),
        personalisation: request["personalisation"].clone(),
        reference: request["reference"].as_str().unwrap().to_owned(),
    };
    let answer = json!({
        "id": id,
        "reference": received.reference,
        "content": {
            "subject": received.subject(),
            "body": received.body(),
            "from_email": "register.of.training.providers@notifications.service.gov.uk",
        },
        "uri": format!("https://api.notifications.service.gov.uk/v2/notifications/{id}"),
        "template": {
            "id": TEMPLATE_ID,
            "version": 1,
            "uri": format!("https://api.notifications.service.gov.uk/v2/template/{TEMPLATE_ID}"),
        },
    });
    state.statuses.insert(id.clone(), "sending".to_owned());
    state.accepted.push(received);
    (StatusCode::CREATED, Json(answer))
}

/// `GET /v2/notifications/{id}`: the notification, with its delivery status, as Notify
/// answers it; 404 for an id Notify never gave.
async fn notification(
    State(state): State<Arc<Mutex<Contract>>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer {
    if let Err(refusal) = check_token(&headers) {
        return refusal;
    }
    let mut state = state.lock().unwrap();
    state.status_requests.push(id.clone());
    let Some(status) = state.statuses.get(&id).cloned() else {
        return error(404, "NoResultFound", "No result found");
    };
    let Some(email) = state.accepted.iter().find(|r| r.id == id).cloned() else {
        return error(404, "NoResultFound", "No result found");
    };
    (
        StatusCode::OK,
        Json(json!({
            "id": id,
            "reference": email.reference,
            "email_address": email.email_address,
            "type": "email",
            "status": status,
            "template": { "id": TEMPLATE_ID, "version": 1 },
            "body": email.body(),
            "subject": email.subject(),
            "created_at": chrono::Utc::now().to_rfc3339(),
        })),
    )
}

/// Notify's authentication: a bearer JWT, HS256 with the key's secret, `iss` the service id,
/// `iat` within 30 seconds of now.
fn check_token(headers: &HeaderMap) -> Result<(), Answer> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            error(
                401,
                "AuthError",
                "Unauthorized: authentication token must be provided",
            )
        })?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()),
        &validation,
    )
    .map_err(|_| {
        error(
            403,
            "AuthError",
            "Invalid token: signature, api token not found",
        )
    })?
    .claims;
    if claims["iss"] != SERVICE_ID {
        return Err(error(403, "AuthError", "Invalid token: service not found"));
    }
    let iat = claims["iat"]
        .as_i64()
        .ok_or_else(|| error(403, "AuthError", "Invalid token: iat field not provided"))?;
    if (chrono::Utc::now().timestamp() - iat).abs() > 30 {
        return Err(error(
            403,
            "AuthError",
            "Error: Your system clock must be accurate to within 30 seconds",
        ));
    }
    Ok(())
}
