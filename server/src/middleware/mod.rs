//! The layers around the routes, outermost last: each request passes them top to bottom in
//! [`around`]'s list read from the bottom up.

mod server_fn_errors;

use crate::auth;
use crate::security::headers::SecurityPolicy;
use crate::security::{self};
use crate::session_store::DbSessionStore;
use crate::state::AppState;
use axum::{Router, middleware};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite, cookie::time};

/// Sessions end after this long without a request.
pub const SESSION_IDLE_TIMEOUT: time::Duration = time::Duration::hours(2);
/// The longest a request may take before the server gives up on it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// `routes` with every layer the service needs, and its state.
pub fn around(routes: Router<AppState>, state: AppState, sessions: DbSessionStore) -> Router {
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(state.cookies.session_name())
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.cookies.secure)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE_TIMEOUT));
    routes
        // A failed server function becomes its status, or for a browser without JavaScript a
        // redirect to the page that explains it.
        .layer(middleware::from_fn(server_fn_errors::answer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_sign_in,
        ))
        .layer(session_layer)
        // Inside compression: it reads the page as the app wrote it.
        .layer(middleware::from_fn(
            security::crossorigin::valid_crossorigin,
        ))
        .layer(RequestBodyLimitLayer::new(security::MAX_BODY_BYTES))
        // Pages and text assets in brotli or gzip, as the browser accepts (a file the build
        // compressed already is sent as it is).
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            SecurityPolicy {
                hsts: state.settings.is_production(),
                // Signing out may continue at DfE Sign-in's end-session page.
                form_action_also: state.dfe_sign_in.as_deref().and_then(|d| d.issuer_origin()),
            },
            security::security_headers,
        ))
        // No request hangs or dies silently: a bug becomes a logged 500, a stall a 408.
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
