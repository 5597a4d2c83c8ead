//! Leptos 0.8's `HydrationScripts` writes the page's CSP nonce into the `crossorigin` attribute
//! of its preload `<link>`s (`crossorigin="<nonce>"`), which is not a valid value (browsers read
//! it as `anonymous`). On the pages that hydrate, this rewrites it to what it means,
//! `crossorigin="anonymous"`: the same-origin fetch the script makes. Remove this when Leptos
//! writes a valid value (the test `only_pages_with_an_island_load_webassembly` says when).

use super::CspNonce;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};

/// A page is a few tens of kilobytes; anything larger is not one of ours.
const LARGEST_PAGE: usize = 1024 * 1024;

pub async fn valid_crossorigin(request: Request, next: Next) -> Response {
    let nonce = request.extensions().get::<CspNonce>().cloned();
    let hydrates = app::hydrates(request.uri().path());
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let (Some(CspNonce(nonce)), true, true) = (nonce, hydrates, is_html) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST_PAGE).await else {
        tracing::error!("a page's body could not be read");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = String::from_utf8_lossy(&bytes).replace(
        &format!("crossorigin=\"{nonce}\""),
        "crossorigin=\"anonymous\"",
    );
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(html.len()));
    Response::from_parts(parts, Body::from(html))
}
