use super::AuthState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::paths;
use tower_sessions::Session;

/// `POST /sign-out`: ends the session (deleting it from the store), then ends the DfE Sign-in
/// session too when the provider offers that (it comes back to our sign-in page), or goes
/// straight to sign-in.
pub async fn sign_out(State(state): State<AuthState>, session: Session) -> Response {
    let next = match state.dfe_sign_in.as_deref() {
        Some(dfe) => dfe
            .end_session_url(super::dfe_sign_in::id_token(&session).await)
            .await
            .unwrap_or_else(|| paths::SIGN_IN.to_owned()),
        None => paths::SIGN_IN.to_owned(),
    };
    match session.flush().await {
        Ok(()) => Redirect::to(&next).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "sign-out failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
