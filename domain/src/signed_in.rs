//! Who is signed in, and the banner a change leaves for the next page.

use serde::{Deserialize, Serialize};

/// A signed-in, active support user, as the server's sign-in gate found them for this request
/// (never from anything the browser sends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: i64,
    pub full_name: String,
}

impl SignedInUser {
    pub fn new(id: i64, first_name: &str, last_name: &str) -> Self {
        Self {
            id,
            full_name: crate::full_name(first_name, last_name),
        }
    }
}

/// A success banner to show once, on the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flash {
    UserAdded,
    UserUpdated,
    UserDeleted,
    InvitationSent,
}

impl Flash {
    pub fn message(self) -> &'static str {
        match self {
            Flash::UserAdded => crate::content::USER_ADDED,
            Flash::UserUpdated => crate::content::USER_UPDATED,
            Flash::UserDeleted => crate::content::USER_DELETED,
            Flash::InvitationSent => crate::content::INVITATION_SENT,
        }
    }
}
