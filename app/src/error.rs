//! The error every server function returns. It crosses the wire, so it holds no internals:
//! the details of an `Internal` error are logged on the server and never shown.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
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
    /// Deleting would leave fewer support users than the service needs.
    #[error("too few support users")]
    TooFewUsers,
    /// Signed in with DfE Sign-in, but not a support user (or a removed one).
    #[error("no access")]
    NoAccess,
    /// The DfE Sign-in round trip could not be trusted (state, nonce, a replay) or failed.
    #[error("sign-in failed")]
    SignInFailed,
    #[error("internal error")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::SignInRequired => StatusCode::UNAUTHORIZED,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::CrossSite => StatusCode::FORBIDDEN,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooFewUsers => StatusCode::CONFLICT,
            AppError::NoAccess => StatusCode::FORBIDDEN,
            AppError::SignInFailed => StatusCode::BAD_REQUEST,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page that explains this error to a person: `/problem/<slug>` (sign-in for
    /// `SignInRequired`). A browser without JavaScript is sent there when a form post fails.
    pub fn page(&self) -> String {
        match self {
            AppError::SignInRequired => "/sign-in".to_owned(),
            other => format!("/problem/{}", other.slug()),
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Forbidden => "forbidden",
            AppError::SignInRequired => "sign-in-required",
            AppError::BadRequest => "bad-request",
            AppError::CrossSite => "cross-site",
            AppError::TooLarge => "too-large",
            AppError::TooManyRequests => "too-many-requests",
            AppError::TooFewUsers => "too-few-users",
            AppError::NoAccess => "no-access",
            AppError::SignInFailed => "sign-in-failed",
            AppError::Internal => "internal",
        }
    }

    /// The error a `/problem/<slug>` page shows; an unknown slug is a page not found.
    pub fn from_slug(slug: &str) -> AppError {
        [
            AppError::NotFound,
            AppError::Forbidden,
            AppError::SignInRequired,
            AppError::BadRequest,
            AppError::CrossSite,
            AppError::TooLarge,
            AppError::TooManyRequests,
            AppError::TooFewUsers,
            AppError::NoAccess,
            AppError::SignInFailed,
            AppError::Internal,
        ]
        .into_iter()
        .find(|e| e.slug() == slug)
        .unwrap_or(AppError::NotFound)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::BadRequest
            }
            ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            other => {
                // Escaped (`?`): the error may quote what the request sent.
                tracing::error!(error = ?other, "server function failed");
                AppError::Internal
            }
        }
    }

    /// Also answers with the error's status (on the server): a 404 is a 404 to the browser's
    /// fetch too, not a 500.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        crate::ssr::request::answer_with_error(self);
        <JsonEncoding as leptos::server_fn::Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(b"\"Internal\""))
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
