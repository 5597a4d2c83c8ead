//! Who is signed in, as the server's auth middleware found them for this request.

use serde::{Deserialize, Serialize};

/// Put in the request's extensions by the server for a signed-in, active support user; the app
/// reads it from there (never from anything the browser sends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: i64,
    pub full_name: String,
}

impl SignedInUser {
    pub fn new(id: i64, first_name: &str, last_name: &str) -> Self {
        Self {
            id,
            full_name: format!("{first_name} {last_name}"),
        }
    }
}

/// Server settings the app needs while rendering.
#[derive(Debug, Clone, Copy)]
pub struct AppSettings {
    /// Development sign-in (personas) is on: never in production, nor where DfE Sign-in is
    /// configured.
    pub development_sign_in: bool,
    /// Pages that help a developer (the emails the service would have sent): never in
    /// production.
    pub development_tools: bool,
}

/// The stylesheet's path (named by its content's hash in a hashed build), known on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stylesheet(pub String);

/// Whether pages for developers (the emails page) exist: known on the server, shared with the
/// browser when it hydrates so both render the same footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentTools(pub bool);

/// The session key holding the signed-in user's id.
pub const SESSION_USER_ID: &str = "user_id";
/// The session key under which the session store puts the active user [`SESSION_USER_ID`]
/// names, read in the same statement as the session itself. Absent when that user has been
/// deleted. Never saved: it is read afresh with every load.
pub const SESSION_SIGNED_IN_USER: &str = "signed_in_user";

/// A success banner to show once, on the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flash {
    UserAdded,
    UserUpdated,
    UserDeleted,
}

impl Flash {
    pub fn message(self) -> &'static str {
        match self {
            Flash::UserAdded => crate::content::USER_ADDED,
            Flash::UserUpdated => crate::content::USER_UPDATED,
            Flash::UserDeleted => crate::content::USER_DELETED,
        }
    }
}
