//! GOV.UK Notify's delivery receipts: `POST /notify/delivery-receipts`, Notify's callback with
//! an email's status the moment it knows. It exists only when `NOTIFY_CALLBACK_TOKEN` is set,
//! and answers only a request bearing that token.
//!
//! It is routed before the service's own requests (`middleware::outermost`), so the
//! cross-site check and the sign-in gate never see it; that exemption is this one route's
//! alone. Notify retries a receipt until it gets a 2xx: every receipt it sends (known, unknown,
//! replayed) is answered 200 once it is read, and a database away is a 503, to be retried.

use crate::config::NotifyCallbackToken;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use sea_orm::DatabaseConnection;
use service::outbox::receipts::{self, Receipt};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// A receipt is a few hundred bytes.
const LARGEST_RECEIPT: usize = 16 * 1024;

#[derive(Clone)]
struct Receipts {
    db: DatabaseConnection,
    token: NotifyCallbackToken,
}

/// Notify's callback body: `id`, `reference`, `to`, `status`, `created_at`, `completed_at`,
/// `sent_at`, `notification_type`, `template_id`, `template_version`. Only the id and the
/// status are needed; the rest is read past.
#[derive(Debug, serde::Deserialize)]
struct DeliveryReceipt {
    id: String,
    status: String,
}

/// The route, for `outermost` to put before everything else.
pub fn routes(db: DatabaseConnection, token: NotifyCallbackToken) -> Router {
    Router::new()
        .route(domain::paths::NOTIFY_DELIVERY_RECEIPTS, post(receive))
        .layer(RequestBodyLimitLayer::new(LARGEST_RECEIPT))
        // As the service's own routes: a bug is a logged 500, a stall a 408.
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(10),
        ))
        .with_state(Receipts { db, token })
}

async fn receive(State(receipts): State<Receipts>, headers: HeaderMap, body: Bytes) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !receipts.token.authorises(authorization) {
        tracing::warn!("a delivery receipt without the callback's token was refused");
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "Unauthorised",
        )
            .into_response();
    }
    let receipt: DeliveryReceipt = match serde_json::from_slice(&body) {
        Ok(receipt) => receipt,
        Err(err) => {
            tracing::warn!(error = %err, "a delivery receipt could not be read");
            return (StatusCode::BAD_REQUEST, "Not a delivery receipt").into_response();
        }
    };
    let recorded = async {
        let now = service::clock::database_now(&receipts.db).await?;
        receipts::record(&receipts.db, &receipt.id, &receipt.status, now).await
    };
    match recorded.await {
        Ok(outcome) => {
            tracing::info!(
                notify_id = %receipt.id,
                status = %receipt.status,
                outcome = match outcome {
                    Receipt::Recorded => "recorded",
                    Receipt::Unchanged => "unchanged",
                    Receipt::Unknown => "unknown email",
                },
                "GOV.UK Notify's delivery receipt"
            );
            StatusCode::OK.into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "could not record a delivery receipt");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
