//! The "Emails not delivered" page: every email that did not arrive, in one place.

pub const EMAILS_NOT_DELIVERED_TITLE: &str = "Emails not delivered";
pub const EMAILS_NOT_DELIVERED_NONE: &str = "There are no undelivered emails.";
/// The link on the list page, with how many there are: "Emails not delivered (3)".
pub fn emails_not_delivered_link(count: u64) -> String {
    format!("{EMAILS_NOT_DELIVERED_TITLE} ({count})")
}
pub const COLUMN_UNDELIVERED_EMAIL: &str = "Email";
pub const COLUMN_UNDELIVERED_USER: &str = "User";
pub const COLUMN_UNDELIVERED_SENT_TO: &str = "Sent to";
pub const COLUMN_UNDELIVERED_WHEN: &str = "When";
pub const COLUMN_UNDELIVERED_REASON: &str = "Reason";
/// An email about nobody (queued by hand).
pub const NO_USER: &str = "None";

/// GOV.UK Notify's reason, in its own words (its statuses' descriptions), where it gave one.
pub fn not_delivered_reason(notify_status: Option<&str>) -> &'static str {
    match notify_status {
        Some("permanent-failure") => "The email address does not exist or is wrong",
        Some("temporary-failure") => {
            "The inbox was full or its anti-spam filter rejected the email: try again later"
        }
        Some("technical-failure") => "A problem between GOV.UK Notify and the email provider",
        Some(_) => "GOV.UK Notify could not deliver it",
        None => "GOV.UK Notify refused it",
    }
}

/// The history of a user: "Invitation not delivered to ada@education.gov.uk" (the address is
/// gone once the user's data is erased).
pub fn history_not_delivered(email: &str, to: Option<&str>) -> String {
    match to {
        Some(to) if !to.is_empty() => format!("{email} not delivered to {to}"),
        _ => format!("{email} not delivered"),
    }
}
/// An email whose kind is not known any more.
pub const EMAIL_GENERIC: &str = "Email";
