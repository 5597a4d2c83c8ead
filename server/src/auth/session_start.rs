//! Starting a signed-in session, whichever way the person signed in.

use crate::startup::AppState;
use app::session::{SESSION_RETURN_TO, SESSION_SIGNED_IN_USER, SESSION_USER_ID};
use app::ssr::users_repo;
use tower_sessions::Session;

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
    // Whoever this session was signed in as before (the store put them here as it loaded the
    // session) is no longer; the next request's load reads the new user.
    session.remove_value(SESSION_SIGNED_IN_USER).await?;
    session.insert(SESSION_USER_ID, user_id).await?;
    users_repo::record_sign_in(&state.db, user_id).await?;
    Ok(return_to
        .and_then(|p| super::safe_return_path(&p))
        .unwrap_or_else(|| "/users".to_owned()))
}
