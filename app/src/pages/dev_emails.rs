use crate::components::{PageData, SummaryList, SummaryRow};
use crate::server_fns::dev::{SentEmail, list_sent_emails};
use domain::content;
use leptos::prelude::*;
use leptos_meta::Title;

/// Development only: the emails the service would have sent, so a person trying the app sees
/// what went out.
#[component]
pub fn DevEmailsPage() -> impl IntoView {
    let emails = list_sent_emails();
    view! {
        <PageData load=emails let:emails>
            <SentEmails emails/>
        </PageData>
    }
}

#[component]
fn SentEmails(emails: Vec<SentEmail>) -> impl IntoView {
    let none = emails.is_empty();
    view! {
        <Title text=content::page_title(content::DEV_EMAILS_TITLE, false)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{content::DEV_EMAILS_TITLE}</h1>
                <p class="govuk-body">{content::DEV_EMAILS_INTRO}</p>
                {none.then(|| view! { <p class="govuk-body">{content::DEV_EMAILS_NONE}</p> })}
                {emails.into_iter().map(|email| view! { <EmailCard email/> }).collect_view()}
            </div>
        </div>
    }
}

#[component]
fn EmailCard(email: SentEmail) -> impl IntoView {
    let rows = vec![
        SummaryRow {
            key: content::DEV_EMAIL_TO,
            value: email.recipient,
            action: None,
        },
        SummaryRow {
            key: content::DEV_EMAIL_STATUS,
            value: email.status.clone(),
            action: None,
        },
        SummaryRow {
            key: content::DEV_EMAIL_QUEUED_AT,
            value: email.queued_at,
            action: None,
        },
    ];
    view! {
        // GOV.UK's summary card is a plain container, not a landmark: many emails share a subject.
        <div class="govuk-summary-card app-email">
            <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title">
                    {email.subject}
                </h2>
            </div>
            <div class="govuk-summary-card__content">
                <SummaryList rows/>
                <h3 class="govuk-heading-s">{content::DEV_EMAIL_BODY}</h3>
                <div class="govuk-body app-email__body">{email.body}</div>
            </div>
        </div>
    }
}
