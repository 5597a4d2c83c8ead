//! Emails across every support user: the ones that did not arrive.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// One email that did not arrive, as "Emails not delivered" lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeliveredRow {
    /// "Invitation", "New sign-in details", …
    pub kind: String,
    /// The user it is about: their id (to link to) while not deleted, and their name ("Deleted
    /// user" once their data is erased); `None` for an email about nobody.
    pub user: Option<(Option<i64>, String)>,
    pub sent_to: String,
    /// When it was queued, worded for people (UK time).
    pub when: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeliveredPage {
    pub rows: Vec<UndeliveredRow>,
    pub page: u32,
    pub total_pages: u32,
}

/// A page of the emails that did not arrive, newest first; pages past the end are not found.
#[server(endpoint = "emails/not-delivered", input = GetUrl)]
pub async fn list_undelivered(page: u32) -> Result<UndeliveredPage, AppError> {
    use crate::ssr::{RequestContext, email_labels, respond, time_format};
    use domain::content;
    use service::Context;
    use service::outbox::{EmailStatus, undelivered};
    use service::users::repo;
    respond("list_undelivered", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        let (rows, request) = undelivered::page(&cx.db, page)
            .await
            .context("read the emails not delivered")?
            .ok_or(AppError::NotFound)?;
        Ok(UndeliveredPage {
            rows: rows
                .into_iter()
                .map(|row| {
                    let notify_status =
                        (row.email.status == EmailStatus::NotDelivered).then(|| {
                            row.email
                                .last_error
                                .as_deref()
                                .and_then(|e| e.strip_prefix("GOV.UK Notify: "))
                                .unwrap_or_default()
                                .to_owned()
                        });
                    UndeliveredRow {
                        kind: email_labels::kind(row.email.kind).to_owned(),
                        user: row.user.map(|user| match user.deleted_at {
                            Some(_) => (None, content::DELETED_USER.to_owned()),
                            None => (Some(user.id), repo::full_name(&user)),
                        }),
                        sent_to: row.email.recipient,
                        when: time_format::uk_date_time(row.email.created_at),
                        reason: content::not_delivered_reason(notify_status.as_deref()).to_owned(),
                    }
                })
                .collect(),
            page: request.page,
            total_pages: request.total_pages,
        })
    })
    .await
}
