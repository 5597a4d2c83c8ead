//! What a server function or page knows about the request it serves. The server provides the
//! database and settings as context, and the signed-in user in the request's extensions.

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

pub fn signed_in_user() -> Option<SignedInUser> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<SignedInUser>()
        .cloned()
}

pub fn require_user() -> Result<SignedInUser, AppError> {
    signed_in_user().ok_or(AppError::SignInRequired)
}
