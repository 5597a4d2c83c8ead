pub mod delete;
pub mod edit;
mod get_user;
mod list_users;
pub mod new;
mod resend_invitation;

pub use get_user::*;
pub use list_users::*;
pub use resend_invitation::*;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    /// Whether the account is active (its tag says "Active" or "Inactive").
    pub active: bool,
    /// The day they last signed in (UK time), or "Never".
    pub last_signed_in: String,
}

/// One page of the support users list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListPage {
    pub rows: Vec<UserListRow>,
    /// Users in all, deleted ones aside (active or not).
    pub total: u64,
    /// How many users the search and filter keep; `None` when they keep everyone.
    pub matched: Option<u64>,
    pub page: u32,
    pub total_pages: u32,
    /// A success banner to show once (after adding or deleting a user).
    pub banner: Option<domain::Flash>,
    /// How many emails did not arrive ("Emails not delivered (3)").
    pub not_delivered: u64,
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
    /// Whether the account is active (not deactivated).
    pub active: bool,
    pub can_change: bool,
    pub can_change_status: bool,
    pub can_delete: bool,
    pub can_resend_invitation: bool,
    /// The emails queued about them, newest first.
    pub emails: Vec<EmailRow>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryKind {
    Added,
    Changed,
    InvitationResent,
    Deactivated,
    /// Deactivated by the service: nobody signed in for this many days.
    DeactivatedAutomatically(u32),
    Reactivated,
    /// An email about them did not arrive: which ("Invitation"), and where it was sent (`None`
    /// once erased).
    NotDelivered {
        email: String,
        to: Option<String>,
    },
}

/// One email about a support user, as their details page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailRow {
    /// "Invitation", "New sign-in details" or "Removal".
    pub kind: String,
    pub sent_to: String,
    pub status: EmailTag,
}

/// Where an email is, as its GOV.UK tag says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailTag {
    Queued,
    Sending,
    Sent,
    Delivered,
    NotDelivered,
}

/// A field's value before and after; `from` is `None` when the user was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's label, e.g. "Email address".
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}
