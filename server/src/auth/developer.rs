//! Development sign-in: a persona's button posts the user's id here. It does not exist unless
//! development sign-in is on.

use super::AuthState;
use super::return_to;
use app::error::AppError;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::paths;
use serde::Deserialize;
use service::users::repo;
use tower_sessions::Session;

#[derive(Debug, Deserialize)]
pub struct DeveloperSignIn {
    user_id: i64,
}

pub async fn developer_sign_in(
    State(state): State<AuthState>,
    session: Session,
    headers: HeaderMap,
    form: Result<Form<DeveloperSignIn>, FormRejection>,
) -> Response {
    if !state.development_sign_in {
        return StatusCode::NOT_FOUND.into_response();
    }
    // A malformed post or a user who has been deleted: back to the list of personas.
    let Ok(Form(DeveloperSignIn { user_id })) = form else {
        return Redirect::to(paths::SIGN_IN).into_response();
    };
    let user = match repo::find_not_deleted(&state.db, user_id).await {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to(paths::SIGN_IN).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "developer sign-in: user lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // As with DfE Sign-in: a deactivated account is told so.
    let inactive = Redirect::to(&AppError::AccountInactive.page()).into_response();
    if !repo::facts(&user).active {
        return inactive;
    }
    // Recorded only while the account is still active: deleted or deactivated meanwhile, no
    // sign-in.
    let signed_in_at = match repo::record_sign_in(&state.db, user.id).await {
        Ok(Some(at)) => at,
        Ok(None) => {
            return match repo::find_not_deleted(&state.db, user.id).await {
                Ok(Some(_)) => inactive,
                _ => Redirect::to(paths::SIGN_IN).into_response(),
            };
        }
        Err(err) => {
            tracing::error!(error = %err, "developer sign-in: could not record the sign-in");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let wanted = return_to::remembered(state.cookies, &headers);
    match super::session_start::sign_in(
        &session,
        user.id,
        signed_in_at,
        user.last_signed_in_at,
        wanted,
    )
    .await
    {
        Ok(destination) => {
            tracing::info!(user_id = user.id, "signed in (development persona)");
            let mut response = Redirect::to(&destination).into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, return_to::forget(state.cookies));
            response
        }
        Err(err) => {
            tracing::error!(error = %err, "developer sign-in failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
