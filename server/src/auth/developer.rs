//! Development sign-in: a persona's button posts the user's id here. It does not exist unless
//! development sign-in is on.

use crate::startup::AppState;
use app::session::{SESSION_RETURN_TO, SESSION_USER_ID};
use app::ssr::users_repo;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Debug, Deserialize)]
pub struct DeveloperSignIn {
    user_id: i64,
}

pub async fn developer_sign_in(
    State(state): State<AppState>,
    session: Session,
    form: Result<Form<DeveloperSignIn>, FormRejection>,
) -> Response {
    if !state.settings.development_sign_in() {
        return StatusCode::NOT_FOUND.into_response();
    }
    // A malformed post or a user who is no longer active: back to the list of personas.
    let Ok(Form(DeveloperSignIn { user_id })) = form else {
        return Redirect::to("/sign-in").into_response();
    };
    let user = match users_repo::find_signed_in(&state.db, user_id).await {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to("/sign-in").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "developer sign-in: user lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match sign_in(&state, &session, user.id).await {
        Ok(destination) => {
            tracing::info!(user_id = user.id, "signed in (development persona)");
            Redirect::to(&destination).into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "developer sign-in failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("session: {0}")]
    Session(#[from] tower_sessions::session::Error),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

/// Starts a signed-in session: a new session id (so an id planted before sign-in is
/// worthless), the user's id, the sign-in time. Returns where to go next.
pub async fn sign_in(
    state: &AppState,
    session: &Session,
    user_id: i64,
) -> Result<String, SignInError> {
    let return_to: Option<String> = session.remove(SESSION_RETURN_TO).await?;
    session.cycle_id().await?;
    session.insert(SESSION_USER_ID, user_id).await?;
    users_repo::record_sign_in(&state.db, user_id).await?;
    Ok(return_to
        .and_then(|p| super::safe_return_path(&p))
        .unwrap_or_else(|| "/users".to_owned()))
}
