//! A support user's details page, with their history (the audit trail).

pub const USER_TITLE: &str = "View support user";
pub const USER_CAPTION: &str = "Support user";
pub const FIRST_NAME: &str = "First name";
pub const LAST_NAME: &str = "Last name";
pub const EMAIL_ADDRESS: &str = "Email address";
pub const CHANGE: &str = "Change";
pub const DELETE_USER: &str = "Delete user";
pub const NEVER_SIGNED_IN: &str = "User has never signed in";
/// "Last signed in at 10:15am on 27 November 2026" (UK time).
pub fn last_signed_in_at(when: &str) -> String {
    format!("Last signed in at {when}")
}

pub const RESEND_INVITATION: &str = "Resend invitation";

pub const EMAILS_HEADING: &str = "Emails";
pub const EMAILS_NONE: &str = "No emails have been sent to this support user.";
pub const COLUMN_EMAIL_KIND: &str = "Email";
pub const COLUMN_SENT_TO: &str = "Sent to";
pub const COLUMN_STATUS: &str = "Status";
pub const EMAIL_INVITATION: &str = "Invitation";
pub const EMAIL_SIGN_IN_DETAILS: &str = "New sign-in details";
pub const EMAIL_REMOVAL: &str = "Removal";
pub const EMAIL_DEACTIVATED: &str = "Account deactivated";
pub const EMAIL_REACTIVATED: &str = "Account reactivated";
pub const EMAIL_DORMANCY_REMINDER: &str = "Reminder to sign in";
pub const NOT_DELIVERED_HINT: &str =
    "GOV.UK Notify could not deliver this email. Check the email address is right.";

pub const HISTORY_HEADING: &str = "History";
pub const HISTORY_EMPTY: &str = "No changes have been recorded.";
pub fn history_added(by: Option<&str>) -> String {
    match by {
        Some(name) => format!("Added by {name}"),
        None => "Added with the server's command line".to_owned(),
    }
}
pub fn history_changed(by: Option<&str>) -> String {
    match by {
        Some(name) => format!("Changed by {name}"),
        None => "Changed with the server's command line".to_owned(),
    }
}
pub fn history_invitation_resent(by: Option<&str>) -> String {
    match by {
        Some(name) => format!("Invitation sent again by {name}"),
        None => "Invitation sent again with the server's command line".to_owned(),
    }
}
pub fn history_deactivated(by: Option<&str>) -> String {
    match by {
        Some(name) => format!("Account deactivated by {name}"),
        None => "Account deactivated with the server's command line".to_owned(),
    }
}
pub fn history_deactivated_automatically(days: u32) -> String {
    format!("Account deactivated automatically: not signed in for {days} days")
}
pub fn history_reactivated(by: Option<&str>) -> String {
    match by {
        Some(name) => format!("Account reactivated by {name}"),
        None => "Account reactivated with the server's command line".to_owned(),
    }
}
pub fn history_field_set(field: &str, value: &str) -> String {
    format!("{field}: {value}")
}
pub fn history_field_changed(field: &str, from: &str, to: &str) -> String {
    format!("{field} changed from {from} to {to}")
}

/// Who did something, once that person's account was deleted and its personal data erased
/// (SPEC §10).
pub const DELETED_USER: &str = "Deleted user";
