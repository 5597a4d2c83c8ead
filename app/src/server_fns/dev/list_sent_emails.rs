use super::SentEmail;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// How many of the newest emails the page lists.
pub const SENT_EMAILS_SHOWN: u64 = 50;

/// The newest emails in the outbox. Not found outside development.
#[server(endpoint = "dev/emails", input = GetUrl)]
pub async fn list_sent_emails() -> Result<Vec<SentEmail>, AppError> {
    use crate::ssr::{outbox, request, time_format};
    request::require_user()?;
    if !request::settings()?.development_tools {
        return Err(AppError::NotFound);
    }
    let db = request::db()?;
    let rows = outbox::newest(&db, SENT_EMAILS_SHOWN).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let text: serde_json::Value =
                serde_json::from_str(&row.personalisation).unwrap_or_default();
            SentEmail {
                recipient: row.recipient,
                subject: text["subject"].as_str().unwrap_or_default().to_owned(),
                body: text["body"].as_str().unwrap_or_default().to_owned(),
                status: row.status,
                queued_at: time_format::uk_date_time(row.created_at),
            }
        })
        .collect())
}
