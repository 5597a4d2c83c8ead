//! Development sign-in: a persona's button posts the user's id here. It does not exist unless
//! development sign-in is on.

use crate::startup::AppState;
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
    match super::session_start::sign_in(&state, &session, user.id).await {
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
