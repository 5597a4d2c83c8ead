use super::SentEmail;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// How many of the newest emails the page lists.
pub const SENT_EMAILS_SHOWN: u64 = 50;

/// The newest emails in the outbox. Not found outside development.
#[server(endpoint = "dev/emails", input = GetUrl)]
pub async fn list_sent_emails() -> Result<Vec<SentEmail>, AppError> {
    use crate::ssr::{RequestContext, respond, time_format};
    use domain::content;
    use service::Context;
    use service::outbox::{self, EmailStatus};
    respond("list_sent_emails", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        if !cx.settings.development_tools {
            return Err(AppError::NotFound.into());
        }
        let rows = outbox::newest(&cx.db, SENT_EMAILS_SHOWN)
            .await
            .context("read the newest emails")?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let text: serde_json::Value =
                    serde_json::from_str(&row.personalisation).unwrap_or_default();
                SentEmail {
                    recipient: row.recipient,
                    subject: text["subject"].as_str().unwrap_or_default().to_owned(),
                    body: text["body"].as_str().unwrap_or_default().to_owned(),
                    status: match row.status {
                        EmailStatus::Queued => content::EMAIL_QUEUED,
                        EmailStatus::Sending => content::EMAIL_SENDING,
                        EmailStatus::Sent => content::EMAIL_SENT,
                        EmailStatus::Delivered => content::EMAIL_DELIVERED,
                        EmailStatus::NotDelivered => content::EMAIL_NOT_DELIVERED,
                        EmailStatus::Failed => content::EMAIL_FAILED,
                    }
                    .to_owned(),
                    queued_at: time_format::uk_date_time(row.created_at),
                }
            })
            .collect())
    })
    .await
}
