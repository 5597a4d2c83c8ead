//! Answers in progress, kept in the server-side session (never in the URL), and the form
//! errors and banner that must survive a redirect when JavaScript is off.

use super::request;
use crate::error::AppError;
use crate::forms::{UserFormErrors, UserFormValues};
use crate::session::Flash;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const ADD_USER_DRAFT: &str = "add_user_draft";
const ADD_USER_ERRORS: &str = "add_user_errors";
const FLASH: &str = "flash";

/// The "Add user" answers so far. The id names this draft for the idempotency of its save.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AddUserDraft {
    pub id: String,
    pub values: UserFormValues,
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        tracing::error!(error = %err, "session store error");
        AppError::Internal
    }
}

pub async fn session() -> Result<Session, AppError> {
    request::session().await
}

pub async fn add_user_draft(session: &Session) -> Result<Option<AddUserDraft>, AppError> {
    Ok(session.get(ADD_USER_DRAFT).await?)
}

/// Keeps the typed values, under the draft's existing id (a new one for a new draft).
pub async fn store_add_user_values(
    session: &Session,
    values: UserFormValues,
) -> Result<AddUserDraft, AppError> {
    let id = match add_user_draft(session).await? {
        Some(draft) => draft.id,
        None => uuid::Uuid::new_v4().to_string(),
    };
    let draft = AddUserDraft { id, values };
    session.insert(ADD_USER_DRAFT, &draft).await?;
    Ok(draft)
}

pub async fn clear_add_user_draft(session: &Session) -> Result<(), AppError> {
    session.remove::<AddUserDraft>(ADD_USER_DRAFT).await?;
    session.remove::<UserFormErrors>(ADD_USER_ERRORS).await?;
    Ok(())
}

/// Errors to show once, on the form page a no-JavaScript post is redirected back to.
pub async fn store_add_user_errors(
    session: &Session,
    errors: &UserFormErrors,
) -> Result<(), AppError> {
    Ok(session.insert(ADD_USER_ERRORS, errors).await?)
}

pub async fn take_add_user_errors(session: &Session) -> Result<Option<UserFormErrors>, AppError> {
    Ok(session.remove(ADD_USER_ERRORS).await?)
}

pub async fn set_flash(session: &Session, flash: Flash) -> Result<(), AppError> {
    Ok(session.insert(FLASH, flash).await?)
}

/// The banner to show, once.
pub async fn take_flash(session: &Session) -> Result<Option<Flash>, AppError> {
    Ok(session.remove(FLASH).await?)
}
