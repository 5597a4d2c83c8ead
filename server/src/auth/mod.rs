//! Who may reach what. Every request passes `require_sign_in`: a signed-in, active support user
//! is put in the request's extensions for the app to read; anyone else reaches only the public
//! paths (sign-in, sign-out, health, assets).

mod cookies;
mod developer;
pub mod dfe_sign_in;
mod return_to;
mod session_start;
mod sign_out;

pub use cookies::CookiePolicy;
pub use developer::developer_sign_in;
pub use return_to::safe_return_path;
pub use session_start::SESSION_MAX_AGE;
pub use sign_out::sign_out;

use app::server_fns::sign_in::GetSignInOptions;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use domain::SignedInUser;
use domain::paths;
use leptos::server_fn::ServerFn;
use sea_orm::DatabaseConnection;
use service::session_keys;
use std::sync::Arc;
use tower_sessions::Session;

/// What signing in and out, and the sign-in gate, need of the server's state.
#[derive(Clone)]
pub struct AuthState {
    pub db: DatabaseConnection,
    pub cookies: CookiePolicy,
    /// `None` unless DfE Sign-in is configured.
    pub dfe_sign_in: Option<Arc<dfe_sign_in::DfeSignIn>>,
    /// Whether persona sign-in exists (development only).
    pub development_sign_in: bool,
}

/// Put on a response by the sign-in gate when it could not read the session because the
/// database is away; the outage layer turns it into the unavailable page.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseAway;

/// Static files: served to anyone, without touching the session or the database.
const ASSET_PREFIXES: &[&str] = &["/pkg/", "/assets/"];
const ASSET_FILES: &[&str] = &["/govuk-frontend.min.js", "/favicon.ico"];
/// Pages and endpoints anyone may reach (they still see who is signed in).
const PUBLIC_PATHS: &[&str] = &[
    paths::SIGN_IN,
    paths::DEVELOPER_SIGN_IN,
    paths::SIGN_OUT,
    paths::HEALTH,
    <GetSignInOptions as ServerFn>::PATH,
    paths::DFE_SIGN_IN,
    paths::DFE_CALLBACK,
];

fn is_asset(path: &str) -> bool {
    ASSET_PREFIXES.iter().any(|p| path.starts_with(p)) || ASSET_FILES.contains(&path)
}

pub fn is_public(path: &str) -> bool {
    // The GOV.UK error pages for refused requests: shown to whoever was refused.
    is_asset(path) || PUBLIC_PATHS.contains(&path) || path.starts_with("/problem/")
}

pub async fn require_sign_in(
    State(state): State<AuthState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_asset(&path) {
        return next.run(request).await;
    }

    match signed_in_user(&session).await {
        Ok(Some(user)) => {
            keep_alive(&session).await;
            request.extensions_mut().insert(user);
            return next.run(request).await;
        }
        Ok(None) => {}
        Err(response) => return response,
    }

    if is_public(&path) {
        return next.run(request).await;
    }

    let wants_page = request.method() == Method::GET
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    if wants_page {
        // Come back here after signing in: remembered in a cookie, never in a session, so
        // anonymous requests write nothing to the database.
        let wanted = request
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/");
        let mut response = Redirect::to("/sign-in").into_response();
        if let Some(cookie) = return_to::remember(state.cookies, wanted) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        return response;
    }
    let is_form_post = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    if is_form_post {
        // A form posted from a page whose session has run out.
        return Redirect::to("/sign-in").into_response();
    }
    (StatusCode::UNAUTHORIZED, "Sign in required").into_response()
}

/// The session key holding the minute this session was last seen in.
const SESSION_SEEN: &str = "seen";

/// Moves a signed-in session's idle expiry on. The store keeps the expiry of the last save,
/// and an unchanged session is not saved, so without this 2 hours of reading pages would end
/// the session; rewriting the minute it was seen saves it at most once a minute.
async fn keep_alive(session: &Session) {
    let minute = chrono::Utc::now().timestamp() / 60;
    let seen = session.get::<i64>(SESSION_SEEN).await.ok().flatten();
    if seen != Some(minute)
        && let Err(err) = session.insert(SESSION_SEEN, minute).await
    {
        tracing::warn!(error = %err, "could not move the session's expiry on");
    }
}

/// The user this session belongs to, while theirs is an active account, as the session store
/// read it with the session (in the same statement, on every request). A session whose user
/// has since been deleted or deactivated, or that signed in more than [`SESSION_MAX_AGE`] ago
/// by the database's clock, is ended: a removed person's open browser loses access at once, and a busy session still
/// ends.
async fn signed_in_user(session: &Session) -> Result<Option<SignedInUser>, Response> {
    let read = async {
        let Some(id) = session.get::<i64>(session_keys::USER_ID).await? else {
            return Ok(None);
        };
        let user = session
            .get::<SignedInUser>(session_keys::SIGNED_IN_USER)
            .await?;
        // The database's clock, as the store read the session; a session this request did
        // not load has no age to tell, and is ended.
        let Some(now) = session.get::<i64>(session_keys::READ_AT).await? else {
            return Ok(Some((id, user, true)));
        };
        let signed_in_at = match session.get::<i64>(session_keys::SIGNED_IN_AT).await? {
            Some(at) => at,
            None => {
                // A session from before sessions had an age: its 12 hours start now.
                session.insert(session_keys::SIGNED_IN_AT, now).await?;
                now
            }
        };
        let too_old = now - signed_in_at >= SESSION_MAX_AGE.as_secs() as i64;
        Ok::<_, tower_sessions::session::Error>(Some((id, user, too_old)))
    };
    match read.await {
        Ok(None) => Ok(None),
        Ok(Some((id, Some(user), false))) if user.id == id => Ok(Some(user)),
        Ok(Some(_)) => {
            if let Err(err) = session.flush().await {
                tracing::error!(error = %err, "could not end a session");
            }
            Ok(None)
        }
        Err(err) => {
            // The session is in the database: it is away.
            tracing::error!(error = %err, "could not read the session");
            let mut response = StatusCode::SERVICE_UNAVAILABLE.into_response();
            response.extensions_mut().insert(DatabaseAway);
            Err(response)
        }
    }
}
