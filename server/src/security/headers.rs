//! Security headers on every response. The Content Security Policy allows no inline script
//! but the app's own, each carrying this response's nonce (hydration and GOV.UK Frontend's
//! start-up), and WebAssembly compilation for the hydrated app.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

/// This response's script nonce, put in the request's extensions for the app to use.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// What varies with the configuration.
#[derive(Debug, Clone)]
pub struct SecurityPolicy {
    /// HSTS: only in production, which is served over HTTPS.
    pub hsts: bool,
    /// An origin forms may also lead to (DfE Sign-in's, for signing out there).
    pub form_action_also: Option<String>,
}

pub async fn security_headers(
    axum::extract::State(policy): axum::extract::State<SecurityPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = content_security_policy(&nonce, policy.form_action_also.as_deref());
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Pages hold people's details and depend on who is signed in: never stored, so the back
    // button after signing out shows nothing. (Static files set their own lifetimes.)
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin only: the no-JavaScript form flow reads the Referer to return to its page.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if policy.hsts {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

pub fn content_security_policy(nonce: &str, form_action_also: Option<&str>) -> String {
    let form_action_also = form_action_also
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; \
         img-src 'self' data:; \
         font-src 'self'; \
         connect-src 'self'; \
         form-action 'self'{form_action_also}; \
         frame-ancestors 'none'; \
         base-uri 'none'; \
         object-src 'none'"
    )
}
