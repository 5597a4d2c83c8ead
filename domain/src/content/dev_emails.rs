//! The emails page (development only).

pub const DEV_EMAILS_TITLE: &str = "Emails sent";
pub const DEV_EMAILS_FOOTER_LINK: &str = "Emails sent (development)";
pub const FOOTER_SUPPORT_LINKS: &str = "Support links";
pub const DEV_EMAILS_INTRO: &str = "This is a development environment: no email is sent. \
    These are the emails the service would have sent through GOV.UK Notify, newest first.";
pub const DEV_EMAILS_NONE: &str = "No emails yet.";
pub const DEV_EMAIL_TO: &str = "To";
pub const DEV_EMAIL_STATUS: &str = "Status";
pub const DEV_EMAIL_QUEUED_AT: &str = "Queued";
pub const DEV_EMAIL_BODY: &str = "Email";
// An email's status (here and on a user's details page).
pub const EMAIL_QUEUED: &str = "Queued";
pub const EMAIL_SENDING: &str = "Sending";
pub const EMAIL_SENT: &str = "Sent";
pub const EMAIL_DELIVERED: &str = "Delivered";
pub const EMAIL_NOT_DELIVERED: &str = "Not delivered";
pub const EMAIL_FAILED: &str = "Failed";
