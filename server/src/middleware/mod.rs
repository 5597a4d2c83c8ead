//! The layers around the routes, outermost last: each request passes them top to bottom in
//! [`around`]'s list read from the bottom up.

pub mod outage;
mod server_fn_errors;
mod valid_html;

use crate::auth;
use crate::security::headers::SecurityPolicy;
use crate::security::request_guard::CrossSiteCheck;
use crate::security::{self};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::{Router, middleware};
use service::session_store::DbSessionStore;
use std::time::Duration;
use tower::Layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite, cookie::time};

/// Sessions end after this long without a request.
pub const SESSION_IDLE_TIMEOUT: time::Duration = time::Duration::hours(2);
const REQUEST_ID: &str = "x-request-id";

/// The longest a request may take before the server gives up on it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// `routes` with every layer the service needs, and its state.
pub fn around(
    routes: Router<AppState>,
    state: AppState,
    sessions: DbSessionStore,
    unavailable: outage::UnavailablePage,
) -> Router {
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(state.auth.cookies.session_name())
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.auth.cookies.secure)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE_TIMEOUT));
    routes
        // Innermost, where the matched route is known.
        .layer(middleware::from_fn(crate::metrics::track_request))
        // A failed server function becomes its status, or for a browser without JavaScript a
        // redirect to the page that explains it.
        .layer(middleware::from_fn(server_fn_errors::answer))
        .layer(middleware::from_fn_with_state(
            state.auth.clone(),
            auth::require_sign_in,
        ))
        .layer(session_layer)
        // Outside the session: a session that cannot be read or saved is the database away.
        .layer(middleware::from_fn_with_state(
            unavailable,
            outage::answer_unavailable,
        ))
        // Inside compression: it reads the page as the app wrote it.
        .layer(middleware::from_fn(valid_html::valid_html))
        .layer(RequestBodyLimitLayer::new(security::MAX_BODY_BYTES))
        // Pages and text assets in brotli or gzip, as the browser accepts (a file the build
        // compressed already is sent as it is).
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            SecurityPolicy {
                hsts: state.settings.is_production(),
                // Signing out may continue at DfE Sign-in's end-session page.
                form_action_also: state
                    .auth
                    .dfe_sign_in
                    .as_deref()
                    .and_then(|d| d.issuer_origin()),
            },
            security::security_headers,
        ))
        // No request hangs or dies silently: a bug becomes a logged 500, a stall a 408.
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state)
}

/// Around everything, before routing: every request gets an id (`x-request-id`, on its
/// response too, and on every line it logs, in its span), and cross-site and oversized
/// requests are refused, re-routed to their GOV.UK page (a layer on the router would run after
/// routing).
///
/// `first`: routes answered before any of that (GOV.UK Notify's delivery receipts, which come
/// from Notify, not a browser, and bear their own token).
pub fn outermost(
    router: Router,
    first: Option<Router>,
    cross_site: CrossSiteCheck,
    trust_request_id: bool,
) -> Router {
    let guarded =
        middleware::from_fn_with_state(cross_site, security::guard_requests).layer(router);
    first
        .unwrap_or_default()
        .fallback_service(guarded)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                // One line per request at info (its status and time), for the access log.
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn_with_state(
            trust_request_id,
            drop_untrusted_request_id,
        ))
}

/// The request's span: its id, method and path (escaped: the path is what the visitor sent).
fn request_span(request: &Request) -> tracing::Span {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|id| id.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %id,
        method = %request.method(),
        path = ?request.uri().path()
    )
}

/// An `x-request-id` from the client is not ours to log under: dropped, unless a proxy we
/// trust set it.
async fn drop_untrusted_request_id(
    State(trusted): State<bool>,
    mut request: Request,
    next: Next,
) -> Response {
    if !trusted {
        request.headers_mut().remove(REQUEST_ID);
    }
    next.run(request).await
}
