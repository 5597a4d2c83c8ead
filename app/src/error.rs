//! The error every server function returns. It crosses the wire, so it holds no internals (the
//! cause of an `Internal` error is logged where it is turned into one: `ssr::Failure`), and it
//! has no side effects: the server's edge turns it into a status or a redirect
//! (`server::middleware::server_fn_errors`), and [`ErrorPage`](crate::components::ErrorPage) into a
//! page. Adding a variant is one more arm in [`AppError::describe`], which the compiler asks for.

use domain::content::{self, Problem};
use domain::paths;
use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    thiserror::Error,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "kebab-case")]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign in required")]
    SignInRequired,
    /// Malformed input that no form of ours would send.
    #[error("bad request")]
    BadRequest,
    /// A request that could change something, sent from another website.
    #[error("cross-site request")]
    CrossSite,
    #[error("request too large")]
    TooLarge,
    /// A safeguard's limit was reached (deletions in a short time).
    #[error("too many requests")]
    TooManyRequests,
    /// "Resend invitation" again within 5 minutes of the last resend to that user.
    #[error("invitation resent too recently")]
    ResendTooSoon,
    /// Deactivating or deleting would leave fewer active accounts than the service needs.
    #[error("too few active support users")]
    TooFewUsers,
    /// Signed in (DfE Sign-in or persona) as an account that has been deactivated.
    #[error("account inactive")]
    AccountInactive,
    /// Signed in with DfE Sign-in, but not a support user (or a removed one).
    #[error("no access")]
    NoAccess,
    /// The DfE Sign-in round trip could not be trusted (state, nonce, a replay) or failed.
    #[error("sign-in failed")]
    SignInFailed,
    /// The database is away (stopped, restarting, read-only): try again later.
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The response status and the page that explains the error: the one place each is chosen.
    pub fn describe(self) -> (StatusCode, &'static Problem) {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, &content::NOT_FOUND),
            AppError::Forbidden => (StatusCode::FORBIDDEN, &content::FORBIDDEN),
            AppError::SignInRequired => (StatusCode::UNAUTHORIZED, &content::SIGN_IN_REQUIRED),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, &content::BAD_REQUEST),
            AppError::CrossSite => (StatusCode::FORBIDDEN, &content::CROSS_SITE),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, &content::TOO_LARGE),
            AppError::TooManyRequests => {
                (StatusCode::TOO_MANY_REQUESTS, &content::TOO_MANY_REQUESTS)
            }
            AppError::ResendTooSoon => (StatusCode::TOO_MANY_REQUESTS, &content::RESEND_TOO_SOON),
            AppError::TooFewUsers => (StatusCode::CONFLICT, &content::TOO_FEW_USERS),
            AppError::NoAccess => (StatusCode::FORBIDDEN, &content::NO_ACCESS),
            AppError::AccountInactive => (StatusCode::FORBIDDEN, &content::ACCOUNT_INACTIVE_PAGE),
            AppError::SignInFailed => (StatusCode::BAD_REQUEST, &content::SIGN_IN_FAILED),
            AppError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, &content::UNAVAILABLE),
            AppError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, &content::INTERNAL),
        }
    }

    pub fn status(self) -> StatusCode {
        self.describe().0
    }

    /// The page that explains this error to a person: `/problem/<slug>` (sign-in for
    /// `SignInRequired`). A browser without JavaScript is sent there when a form post fails.
    pub fn page(self) -> String {
        match self {
            AppError::SignInRequired => paths::SIGN_IN.to_owned(),
            other => paths::problem(other.into()),
        }
    }

    /// The error a `/problem/<slug>` page shows; an unknown slug is a page not found.
    pub fn from_slug(slug: &str) -> AppError {
        slug.parse().unwrap_or(AppError::NotFound)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// What the server function machinery failed at: bad arguments are a bad request; anything
    /// else is ours, and its cause is logged here, where it is turned into `Internal` (as
    /// `ssr::Failure` does for the service's errors).
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_)
            | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            other => {
                // Escaped (`?`): the error may quote what the request sent.
                tracing::error!(error = ?other, "server function failed");
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_page_that_names_it_back() {
        for error in [
            AppError::NotFound,
            AppError::Forbidden,
            AppError::BadRequest,
            AppError::CrossSite,
            AppError::TooLarge,
            AppError::TooManyRequests,
            AppError::ResendTooSoon,
            AppError::TooFewUsers,
            AppError::NoAccess,
            AppError::AccountInactive,
            AppError::SignInFailed,
            AppError::Unavailable,
            AppError::Internal,
        ] {
            let page = error.page();
            let slug = page.strip_prefix("/problem/").expect("a problem page");
            assert_eq!(AppError::from_slug(slug), error);
        }
        assert_eq!(AppError::SignInRequired.page(), "/sign-in");
        assert_eq!(AppError::from_slug("no-such-problem"), AppError::NotFound);
        assert_eq!(AppError::TooFewUsers.page(), "/problem/too-few-users");
    }
}
