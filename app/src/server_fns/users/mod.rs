pub mod delete;
pub mod edit;
mod get_user;
mod list_users;
pub mod new;

pub use get_user::*;
pub use list_users::*;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
}

/// One page of the support users list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListPage {
    pub rows: Vec<UserListRow>,
    /// Active users in all.
    pub total: u64,
    pub page: u32,
    pub total_pages: u32,
    /// A success banner to show once (after adding or deleting a user).
    pub banner: Option<domain::Flash>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetails {
    pub id: i64,
    pub full_name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// When they last signed in, worded for people (UK time); `None` if they never have.
    pub last_signed_in: Option<String>,
    pub can_change: bool,
    pub can_delete: bool,
    /// A success banner to show once (after a change was saved).
    pub banner: Option<domain::Flash>,
    /// Who added the user and every change since, newest first.
    pub history: Vec<HistoryEntry>,
}

/// One entry of a user's history, from the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub kind: HistoryKind,
    /// Who did it; `None` when it was done with the server's command line.
    pub by: Option<String>,
    /// When, worded for people (UK time).
    pub when: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryKind {
    Added,
    Changed,
}

/// A field's value before and after; `from` is `None` when the user was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's label, e.g. "Email address".
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}
