//! The emails on a user's details page, with what GOV.UK Notify says of each (SPEC §7): the
//! worker asks Notify (`GET /v2/notifications/{id}`, the contract server) until its answer is
//! final or the email is 7 days old.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use entity::emails::{self, EmailStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

impl TestApp {
    async fn email_to(&self, address: &str) -> emails::Model {
        emails::Entity::find()
            .filter(emails::Column::Recipient.eq(address))
            .one(&self.db)
            .await
            .unwrap()
            .expect("an email to the address")
    }

    /// Waits (up to 10 seconds) until the email to `address` has `status`.
    async fn wait_for_status(&self, address: &str, status: EmailStatus) -> emails::Model {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let email = self.email_to(address).await;
            if email.status == status || tokio::time::Instant::now() > deadline {
                return email;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The details page's Emails table: (email, sent to, status) per row.
    async fn emails_table(&self, user_id: i64) -> Vec<Vec<String>> {
        let page = self.page(&format!("/users/{user_id}")).await;
        let cells = page.select("section[aria-labelledby=emails-heading] tbody tr td");
        cells.chunks(3).map(<[String]>::to_vec).collect()
    }
}

#[tokio::test]
async fn the_details_page_lists_emails_newest_first_with_what_notify_says() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.add_through_form("Ben", "Carter", "ben@education.gov.uk")
        .await;
    let ben = app
        .wait_for_status("ben@education.gov.uk", EmailStatus::Sent)
        .await;
    let id = ben.user_id.unwrap();
    let page = app.page(&format!("/users/{id}")).await;
    assert_eq!(page.one("#emails-heading"), "Emails");
    assert_eq!(
        page.select("section[aria-labelledby=emails-heading] th"),
        vec!["Email", "Sent to", "Status"]
    );
    // Notify has it but has not delivered it yet.
    assert_eq!(
        app.emails_table(id).await,
        vec![vec!["Invitation", "ben@education.gov.uk", "Sent"]]
    );

    app.notify
        .set_status(ben.notify_id.as_deref().unwrap(), "delivered");
    app.wait_for_status("ben@education.gov.uk", EmailStatus::Delivered)
        .await;
    assert_eq!(
        app.emails_table(id).await,
        vec![vec!["Invitation", "ben@education.gov.uk", "Delivered"]]
    );

    // A new address: its email is listed first, and it bounces.
    let user = app.user_row(id).await;
    app.continue_change(&user, "Ben", "Carter", "ben.c@education.gov.uk")
        .await;
    app.save_change(id).await;
    let second = app
        .wait_for_status("ben.c@education.gov.uk", EmailStatus::Sent)
        .await;
    app.notify
        .set_status(second.notify_id.as_deref().unwrap(), "permanent-failure");
    let second = app
        .wait_for_status("ben.c@education.gov.uk", EmailStatus::NotDelivered)
        .await;
    assert_eq!(
        second.last_error.as_deref(),
        Some("GOV.UK Notify: permanent-failure")
    );
    let page = app.page(&format!("/users/{id}")).await;
    let table = "section[aria-labelledby=emails-heading] tbody tr";
    assert_eq!(
        page.select(&format!("{table} td:first-child")),
        vec!["New sign-in details", "Invitation"]
    );
    assert_eq!(
        page.select(&format!("{table} td:nth-child(2)")),
        vec!["ben.c@education.gov.uk", "ben@education.gov.uk"]
    );
    assert_eq!(
        page.select(&format!("{table} strong.govuk-tag")),
        vec!["Not delivered", "Delivered"]
    );
    assert_eq!(
        page.select(&format!("{table} td p")),
        vec!["GOV.UK Notify could not deliver this email. Check the email address is right."]
    );
    assert_eq!(page.attrs("strong.govuk-tag--red", "class").len(), 1);
}

#[tokio::test]
async fn notify_is_asked_until_its_answer_is_final_then_never_again() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.add_through_form("Ben", "Carter", "ben@education.gov.uk")
        .await;
    let email = app
        .wait_for_status("ben@education.gov.uk", EmailStatus::Sent)
        .await;
    let notify_id = email.notify_id.clone().unwrap();
    // "sending": asked again, and again.
    assert!(app.notify.wait_for_status_requests(&notify_id, 2).await >= 2);
    app.notify.set_status(&notify_id, "temporary-failure");
    let email = app
        .wait_for_status("ben@education.gov.uk", EmailStatus::NotDelivered)
        .await;
    assert_eq!(email.status_check_at, None);
    let asked = app.notify.status_requests_for(&notify_id);
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(app.notify.status_requests_for(&notify_id), asked);
}

#[tokio::test]
async fn an_email_still_not_final_after_7_days_is_left_as_sent() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.add_through_form("Ben", "Carter", "ben@education.gov.uk")
        .await;
    let email = app
        .wait_for_status("ben@education.gov.uk", EmailStatus::Sent)
        .await;
    let notify_id = email.notify_id.clone().unwrap();
    assert!(app.notify.wait_for_status_requests(&notify_id, 1).await >= 1);
    // Sent 7 days and a minute ago, and due to be asked about now.
    let sent = chrono::Utc::now() - chrono::Duration::days(7) - chrono::Duration::minutes(1);
    emails::Entity::update_many()
        .col_expr(
            emails::Column::SentAt,
            sea_orm::sea_query::Expr::value(sent),
        )
        .col_expr(
            emails::Column::StatusCheckAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now()),
        )
        .filter(emails::Column::Id.eq(email.id))
        .exec(&app.db)
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while app
        .email_to("ben@education.gov.uk")
        .await
        .status_check_at
        .is_some()
    {
        assert!(tokio::time::Instant::now() < deadline, "checks did not end");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let asked = app.notify.status_requests_for(&notify_id);
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(app.notify.status_requests_for(&notify_id), asked);
    assert_eq!(
        app.email_to("ben@education.gov.uk").await.status,
        EmailStatus::Sent
    );
    let id = email.user_id.unwrap();
    assert_eq!(app.emails_table(id).await[0][2], "Sent");
}

#[tokio::test]
async fn without_a_notify_key_a_logged_email_is_sent_and_nothing_is_asked() {
    let app = spawn_app_with(|settings| settings.email.notify = None).await;
    app.signed_in_user().await;
    app.add_through_form("Ben", "Carter", "ben@education.gov.uk")
        .await;
    let email = app
        .wait_for_status("ben@education.gov.uk", EmailStatus::Sent)
        .await;
    assert_eq!(email.status_check_at, None);
    let id = email.user_id.unwrap();
    assert_eq!(
        app.emails_table(id).await,
        vec![vec!["Invitation", "ben@education.gov.uk", "Sent"]]
    );
}

#[tokio::test]
async fn a_user_without_emails_says_so() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let cli_user = app.add_user("Cy", "Cli", "cy@education.gov.uk").await;
    let page = app.page(&format!("/users/{}", cli_user.id)).await;
    assert_eq!(
        page.select("section[aria-labelledby=emails-heading] p"),
        vec!["No emails have been sent to this support user."]
    );
}

#[tokio::test]
async fn an_email_notify_keeps_refusing_fails_7_days_after_it_was_queued_not_before() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Notify is down for good: every try fails, and is tried again (20 ms to 200 ms here).
    app.notify.fail_next(100_000, 503);
    app.add_through_form("Ben", "Carter", "ben@education.gov.uk")
        .await;
    let queued_at = |at: chrono::DateTime<chrono::Utc>| {
        let db = app.db.clone();
        async move {
            emails::Entity::update_many()
                .col_expr(
                    emails::Column::CreatedAt,
                    sea_orm::sea_query::Expr::value(at),
                )
                .filter(emails::Column::Recipient.eq("ben@education.gov.uk"))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    // Waits until the email has been tried `more` more times; its status then.
    let app = &app;
    let tried = |more: i32| async move {
        let from = app.email_to("ben@education.gov.uk").await.attempts;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let email = app.email_to("ben@education.gov.uk").await;
            if email.attempts >= from + more || email.status == EmailStatus::Failed {
                return email;
            }
            assert!(tokio::time::Instant::now() < deadline, "not tried again");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let now = chrono::Utc::now();
    // Queued a minute short of 7 days ago: still tried again, and again.
    queued_at(now - chrono::Duration::days(7) + chrono::Duration::minutes(1)).await;
    let email = tried(3).await;
    assert_ne!(email.status, EmailStatus::Failed, "{email:?}");
    // 7 days and a minute: the next failure is the last.
    queued_at(now - chrono::Duration::days(7) - chrono::Duration::minutes(1)).await;
    let email = app
        .wait_for_status("ben@education.gov.uk", EmailStatus::Failed)
        .await;
    assert_eq!(email.status, EmailStatus::Failed);
    let reason = email.last_error.unwrap();
    assert!(reason.starts_with("gave up after "), "{reason}");
    assert!(reason.contains("over 7 days"), "{reason}");
}

#[tokio::test]
async fn an_email_whose_answer_from_notify_was_lost_is_not_sent_twice() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Notify takes the email, but its answer cannot be read: the worker does not know.
    app.notify.accept_unreadably_next(1);
    app.add_through_form("Ben", "Carter", "ben@education.gov.uk")
        .await;
    let email = app
        .wait_for_status("ben@education.gov.uk", EmailStatus::Sent)
        .await;
    assert_eq!(email.status, EmailStatus::Sent);
    // Tried twice; the second time Notify was asked for it by its reference, and had it.
    assert_eq!(email.attempts, 2);
    let accepted = app.notify.accepted_to("ben@education.gov.uk");
    assert_eq!(accepted.len(), 1, "sent {} times", accepted.len());
    assert_eq!(email.notify_id.as_deref(), Some(accepted[0].id.as_str()));
    assert_eq!(accepted[0].reference, email.reference);
}
