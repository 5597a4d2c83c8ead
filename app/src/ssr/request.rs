//! What a server function or page knows about the request it serves. The server provides the
//! database and settings as context, and the signed-in user in the request's extensions.

use super::outbox::{EmailContext, OutboxSignal};
use super::user_list::PageStarts;
use crate::error::AppError;
use crate::session::{AppSettings, SignedInUser};
use leptos::prelude::*;
use sea_orm::DatabaseConnection;

pub fn db() -> Result<DatabaseConnection, AppError> {
    use_context::<DatabaseConnection>().ok_or_else(|| {
        tracing::error!("no database connection in context");
        AppError::Internal
    })
}

pub fn settings() -> Result<AppSettings, AppError> {
    use_context::<AppSettings>().ok_or_else(|| {
        tracing::error!("no settings in context");
        AppError::Internal
    })
}

/// Where the list's pages start, as this process remembers them.
pub fn page_starts() -> Result<PageStarts, AppError> {
    use_context::<PageStarts>().ok_or_else(|| {
        tracing::error!("no list page starts in context");
        AppError::Internal
    })
}

pub fn email_context() -> Result<EmailContext, AppError> {
    use_context::<EmailContext>().ok_or_else(|| {
        tracing::error!("no email context in context");
        AppError::Internal
    })
}

/// Tells this instance's email worker that a committed change queued an email.
pub fn wake_email_worker() {
    match use_context::<OutboxSignal>() {
        Some(signal) => signal.wake(),
        // Another instance's worker, or this one's next poll, will send it.
        None => tracing::warn!("no email worker signal in context"),
    }
}

pub fn signed_in_user() -> Option<SignedInUser> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<SignedInUser>()
        .cloned()
}

pub fn require_user() -> Result<SignedInUser, AppError> {
    signed_in_user().ok_or(AppError::SignInRequired)
}

/// The request's server-side session.
pub async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|err| {
            tracing::error!(error = ?err, "no session on the request");
            AppError::Internal
        })
}

/// Shapes a failed server function's response: a fetch from the hydrated app gets the error's
/// status; a browser without JavaScript, which would show whatever came back, is sent to the
/// GOV.UK page for the error (unless the function already chose where to send it).
pub fn answer_with_error(error: &AppError) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if is_plain_form_post() {
        let redirected = response
            .0
            .read()
            .map(|parts| parts.headers.contains_key(http::header::LOCATION))
            .unwrap_or(false);
        if !redirected {
            leptos_axum::redirect(&error.page());
        }
    } else {
        response.set_status(error.status());
    }
}

/// A form posted by a browser without JavaScript (it asks for HTML back). Its response is a
/// redirect, so anything the next page must show goes into the session.
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::ACCEPT).cloned())
        .and_then(|accept| accept.to_str().ok().map(|a| a.contains("text/html")))
        .unwrap_or(false)
}
