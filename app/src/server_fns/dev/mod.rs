//! Development tools: never in production.

mod list_sent_emails;

pub use list_sent_emails::*;

use serde::{Deserialize, Serialize};

/// An email from the outbox, as the development emails page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentEmail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Worded for people: "Sent".
    pub status: String,
    pub queued_at: String,
}
