//! When the database is away before the app could answer (the session could not be read, or
//! not saved), the person gets the GOV.UK page "Sorry, the service is unavailable" with a 503,
//! at once, rather than a bare 500. Everything recovers by itself when the database is back:
//! nothing here holds state.

use app::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{Method, StatusCode};
use std::pin::Pin;
use std::sync::Arc;

use crate::security::CspNonce;

pub use crate::auth::DatabaseAway;

type Render = dyn Fn(Request<Body>) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync;

/// Renders the app's unavailable page (which reads nothing from the database).
#[derive(Clone)]
pub struct UnavailablePage(pub Arc<Render>);

pub async fn answer_unavailable(
    State(page): State<UnavailablePage>,
    request: Request,
    next: Next,
) -> Response {
    let wants_page = request
        .headers()
        .get(ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let nonce = request.extensions().get::<CspNonce>().cloned();
    let response = next.run(request).await;
    let away =
        response.extensions().get::<DatabaseAway>().is_some() || is_failed_session_save(&response);
    if !away {
        return response;
    }
    if !wants_page {
        // As a server function's error: the hydrated app shows the same page.
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(AppError::Unavailable),
        )
            .into_response();
    }
    let mut problem = Request::new(Body::empty());
    *problem.method_mut() = Method::GET;
    *problem.uri_mut() = AppError::Unavailable
        .page()
        .parse()
        .unwrap_or_else(|_| http::Uri::from_static("/"));
    problem
        .headers_mut()
        .insert(ACCEPT, http::HeaderValue::from_static("text/html"));
    if let Some(nonce) = nonce {
        problem.extensions_mut().insert(nonce);
    }
    let mut rendered = (page.0)(problem).await;
    *rendered.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    rendered
}

/// tower-sessions answers a bare 500 (no body, no type) when it cannot save a session; every
/// other answer of ours has a type.
fn is_failed_session_save(response: &Response) -> bool {
    response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && !response.headers().contains_key(CONTENT_TYPE)
}
