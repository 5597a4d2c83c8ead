//! What a server function knows about the request it serves: one [`RequestContext`], read in
//! full before the first database read (if the browser goes away during a read, the request,
//! and what it provides, is gone by the time it finishes).

use super::Failure;
use crate::error::AppError;
use crate::settings::AppSettings;
use domain::SignedInUser;
use leptos::prelude::*;
use service::DatabaseConnection;
use service::outbox::{EmailContext, OutboxSignal};
use service::users::PageIndex;
use service::users::find::Finder;
use tower_sessions::Session;

/// What the server gives every request: the back end's handles. Provided once as Leptos
/// context by the server.
#[derive(Debug, Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub emails: EmailContext,
    /// Where the list's pages start, as this process remembers them.
    pub page_index: PageIndex,
    /// Searches' matches, as this process keeps them.
    pub finder: Finder,
    /// Wakes this instance's email worker.
    pub outbox: OutboxSignal,
}

pub struct RequestContext {
    pub db: DatabaseConnection,
    pub emails: EmailContext,
    pub page_index: PageIndex,
    pub finder: Finder,
    pub session: Session,
    pub settings: AppSettings,
    outbox: OutboxSignal,
    plain_form_post: bool,
}

impl RequestContext {
    /// The context of a request anyone may make (the sign-in page).
    pub async fn anonymous() -> Result<Self, Failure> {
        let services = expect_context_of::<Services>("the back end's services")?;
        let settings = expect_context_of::<AppSettings>("the app's settings")?;
        let session = leptos_axum::extract::<Session>()
            .await
            .map_err(|err| Failure::internal(MissingContext("the session", err.to_string())))?;
        Ok(Self {
            db: services.db,
            emails: services.emails,
            page_index: services.page_index,
            finder: services.finder,
            session,
            settings,
            outbox: services.outbox,
            plain_form_post: is_plain_form_post(),
        })
    }

    /// The context of a request from a signed-in support user, and who they are.
    pub async fn signed_in() -> Result<(Self, SignedInUser), Failure> {
        let user = signed_in_user().ok_or(AppError::SignInRequired)?;
        Ok((Self::anonymous().await?, user))
    }

    /// A form posted by a browser without JavaScript (it asks for HTML back). Its response is a
    /// redirect, so anything the next page must show goes into the session.
    pub fn is_plain_form_post(&self) -> bool {
        self.plain_form_post
    }

    /// Answers with a redirect to `path` (a plain form post follows it; the hydrated app's
    /// fetch navigates there).
    pub fn redirect(&self, path: &str) {
        leptos_axum::redirect(path);
        // Marks the redirect as this function's choice, for the server's edge
        // (`server::middleware::server_fn_errors`), which otherwise picks the page.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::HeaderName::from_static(CHOSEN_REDIRECT),
                http::HeaderValue::from_static("1"),
            );
        }
    }

    /// Tells this instance's email worker that a committed change queued an email, so it goes
    /// now rather than at the worker's next poll.
    pub fn wake_email_worker(&self) {
        self.outbox.wake();
    }
}

/// A header a server function's response carries when the function chose where to redirect;
/// the server's edge removes it.
pub const CHOSEN_REDIRECT: &str = "x-rotp-chosen-redirect";

/// The signed-in user the server's sign-in gate put in the request's extensions.
pub fn signed_in_user() -> Option<SignedInUser> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<SignedInUser>()
        .cloned()
}

fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::ACCEPT).cloned())
        .and_then(|accept| accept.to_str().ok().map(|a| a.contains("text/html")))
        .unwrap_or(false)
}

fn expect_context_of<T: Clone + 'static>(what: &'static str) -> Result<T, Failure> {
    use_context::<T>().ok_or_else(|| Failure::internal(MissingContext(what, String::new())))
}

/// The server did not provide what every request needs: a bug in how it builds the app.
#[derive(Debug, thiserror::Error)]
#[error("no {0} in the request's context {1}")]
struct MissingContext(&'static str, String);
