//! Starting a signed-in session, whichever way the person signed in.

use domain::paths;
use service::session_keys;
use std::time::Duration;
use tower_sessions::Session;

/// However busy, a session ends this long after signing in.
pub const SESSION_MAX_AGE: Duration = Duration::from_secs(12 * 60 * 60);

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("session: {0}")]
    Session(#[from] tower_sessions::session::Error),
}

/// Starts a signed-in session: a new session id (so an id planted before sign-in is
/// worthless), the user's id, the sign-in time (as the database recorded it), and when they had signed in before (for "Your
/// account"). Returns where to go next: `return_to` when it is a safe path, else the list.
pub async fn sign_in(
    session: &Session,
    user_id: i64,
    signed_in_at: chrono::DateTime<chrono::Utc>,
    previous_sign_in_at: Option<chrono::DateTime<chrono::Utc>>,
    return_to: Option<String>,
) -> Result<String, SignInError> {
    session.cycle_id().await?;
    // Whoever this session was signed in as before (the store put them here as it loaded the
    // session) is no longer; the next request's load reads the new user.
    session.remove_value(session_keys::SIGNED_IN_USER).await?;
    session.insert(session_keys::USER_ID, user_id).await?;
    session
        .insert(session_keys::SIGNED_IN_AT, signed_in_at.timestamp())
        .await?;
    match previous_sign_in_at {
        Some(at) => {
            session
                .insert(session_keys::PREVIOUS_SIGN_IN_AT, at.timestamp())
                .await?
        }
        None => {
            session
                .remove_value(session_keys::PREVIOUS_SIGN_IN_AT)
                .await?;
        }
    }
    Ok(return_to
        .and_then(|p| super::safe_return_path(&p))
        .unwrap_or_else(|| paths::USERS.to_owned()))
}
