use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// `POST /sign-out`: ends the session (deleting it from the store) and goes to sign-in.
pub async fn sign_out(session: Session) -> Response {
    match session.flush().await {
        Ok(()) => Redirect::to("/sign-in").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "sign-out failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
