//! "Your account" (SPEC §9): the signed-in person's own details, and "Sign out everywhere".

mod get_account;
mod sign_out_everywhere;

pub use get_account::*;
pub use sign_out_everywhere::*;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// When they signed in before this session, worded for people (UK time); `None` when this
    /// is their first sign-in.
    pub previous_sign_in: Option<String>,
}
