//! The one place a server function's outcome becomes its HTTP answer. A server function returns
//! an [`AppError`] (encoded as JSON, with the `serverfnerror` header); this layer gives the
//! hydrated app's fetch the error's status, and sends a browser without JavaScript, which would
//! show whatever came back, to the page that explains the error, unless the function chose
//! where to send it. A plain form post that succeeded without choosing a page goes back to the
//! page it came from.

use app::error::AppError;
use app::ssr::CHOSEN_REDIRECT;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::HeaderValue;
use http::header::{ACCEPT, LOCATION, REFERER};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use std::collections::HashSet;
use std::sync::LazyLock;

/// An encoded `AppError` is a few bytes; anything longer is not one.
const MAX_ERROR_BYTES: usize = 4 * 1024;

pub async fn answer(request: Request, next: Next) -> Response {
    if !is_server_fn(request.uri().path()) {
        return next.run(request).await;
    }
    let plain_form_post = request
        .headers()
        .get(ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let referer = request.headers().get(REFERER).cloned();
    let mut response = next.run(request).await;
    let chosen = response.headers_mut().remove(CHOSEN_REDIRECT).is_some();
    let failed = response.headers().contains_key(SERVER_FN_ERROR_HEADER);
    if !failed {
        return match referer {
            // Where server_fn sends it too, but without its error details in the address.
            Some(referer) if plain_form_post && !chosen => found(referer),
            _ => response,
        };
    }
    let (mut parts, body) = response.into_parts();
    let body = to_bytes(body, MAX_ERROR_BYTES).await.unwrap_or_default();
    let error: AppError = serde_json::from_slice(&body).unwrap_or(AppError::Internal);
    if !plain_form_post {
        parts.status = error.status();
    } else if !chosen {
        return found_at(&error.page());
    }
    Response::from_parts(parts, Body::from(body))
}

/// A 302, as `leptos_axum::redirect` answers.
fn found(location: HeaderValue) -> Response {
    (http::StatusCode::FOUND, [(LOCATION, location)]).into_response()
}

fn found_at(path: &str) -> Response {
    match HeaderValue::from_str(path) {
        Ok(location) => found(location),
        Err(_) => http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Whether `path` is a server function's.
fn is_server_fn(path: &str) -> bool {
    static PATHS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path)
            .collect()
    });
    PATHS.contains(path)
}
