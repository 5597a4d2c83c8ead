//! GOV.UK Notify's delivery receipts (its callback), and every email not delivered in one
//! place: "Emails not delivered", and the user's history.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use entity::audit_events::{self, AuditAction};
use entity::emails::{self, EmailStatus};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::config::NotifyCallbackToken;
use std::time::Duration;

const TOKEN: &str = "a-callback-token-we-chose-for-notify-0123456789";

/// A server whose Notify calls back with delivery receipts.
async fn app_with_receipts() -> TestApp {
    let app = spawn_app_with(|settings| {
        settings.notify_callback_token = Some(NotifyCallbackToken::parse(TOKEN).unwrap());
    })
    .await;
    app.notify
        .call_back_to(&app.url("/notify/delivery-receipts"), TOKEN);
    app
}

impl TestApp {
    /// The email to `address` once the worker has recorded Notify's acceptance.
    async fn sent_email_to(&self, address: &str) -> emails::Model {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let email = emails::Entity::find()
                .filter(emails::Column::Recipient.eq(address))
                .one(&self.db)
                .await
                .unwrap();
            if let Some(email) = email.filter(|e| e.status == EmailStatus::Sent) {
                return email;
            }
            assert!(tokio::time::Instant::now() < deadline, "the email is sent");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn email(&self, id: i64) -> emails::Model {
        emails::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn not_delivered_records(&self) -> usize {
        audit_events::Entity::find()
            .filter(audit_events::Column::Action.eq(AuditAction::EmailNotDelivered))
            .all(&self.db)
            .await
            .unwrap()
            .len()
    }

    async fn ben_invited(&self) -> (i64, emails::Model) {
        self.add_through_form("Ben", "Carter", "ben@education.gov.uk")
            .await;
        let email = self.sent_email_to("ben@education.gov.uk").await;
        (email.user_id.unwrap(), email)
    }
}

#[tokio::test]
async fn a_receipt_sets_the_status_once_and_only_with_the_token() {
    let app = app_with_receipts().await;
    app.signed_in_user().await;
    let (ben, email) = app.ben_invited().await;
    let notify_id = email.notify_id.clone().unwrap();

    // A wrong or missing token: 401, and nothing changes.
    for token in [Some("a-wrong-token-of-the-same-sort-0123456789abc"), None] {
        assert_eq!(
            app.notify
                .send_receipt(&notify_id, "permanent-failure", token)
                .await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(app.email(email.id).await.status, EmailStatus::Sent);

    // Notify cannot deliver it: the status is set at once.
    assert_eq!(
        app.notify.deliver(&notify_id, "permanent-failure").await,
        StatusCode::OK
    );
    let after = app.email(email.id).await;
    assert_eq!(after.status, EmailStatus::NotDelivered);
    assert!(after.receipt_at.is_some() && after.status_check_at.is_none());
    // In Ben's history.
    let history = app
        .page(&format!("/users/{ben}"))
        .await
        .select(".app-history__item h3");
    assert_eq!(
        history[0],
        "Invitation not delivered to ben@education.gov.uk"
    );

    // Notify sends it again, or sends another status: nothing more changes.
    assert_eq!(
        app.notify.deliver(&notify_id, "permanent-failure").await,
        StatusCode::OK
    );
    assert_eq!(
        app.notify.deliver(&notify_id, "delivered").await,
        StatusCode::OK
    );
    assert_eq!(app.email(email.id).await.status, EmailStatus::NotDelivered);
    assert_eq!(app.not_delivered_records().await, 1);

    // Unknown ids are answered 200 (Notify would retry anything else); an unreadable body is
    // a 400.
    for id in ["5f0b5f5c-56bb-4b4e-9c1f-1f1b5f0b5f5c", "not-an-id"] {
        assert_eq!(
            app.notify.send_receipt(id, "delivered", Some(TOKEN)).await,
            StatusCode::OK
        );
    }
    let unreadable = reqwest::Client::new()
        .post(app.url("/notify/delivery-receipts"))
        .bearer_auth(TOKEN)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(unreadable.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_delivered_receipt_ends_the_checks_and_receipts_make_them_rarer() {
    let app = app_with_receipts().await;
    app.signed_in_user().await;
    let (_, email) = app.ben_invited().await;
    // Before any receipt: the worker asks soon (the tests' first wait).
    let first_wait = email.status_check_at.unwrap() - email.sent_at.unwrap();
    assert!(first_wait < chrono::Duration::minutes(5), "{first_wait}");
    app.notify
        .deliver(email.notify_id.as_deref().unwrap(), "delivered")
        .await;
    let delivered = app.email(email.id).await;
    assert_eq!(delivered.status, EmailStatus::Delivered);
    assert!(delivered.status_check_at.is_none());

    // Receipts arrive: the next email is asked about an hour after it is sent, as a fallback.
    app.add_through_form("Cara", "Dunn", "cara@education.gov.uk")
        .await;
    let next = app.sent_email_to("cara@education.gov.uk").await;
    let wait = next.status_check_at.unwrap() - next.sent_at.unwrap();
    assert!(wait >= chrono::Duration::minutes(59), "{wait}");
}

#[tokio::test]
async fn without_the_setting_there_is_no_callback() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let (_, email) = app.ben_invited().await;
    let response = reqwest::Client::new()
        .post(app.url("/notify/delivery-receipts"))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({ "id": email.notify_id, "status": "permanent-failure" }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(app.email(email.id).await.status, EmailStatus::Sent);
}

#[tokio::test]
async fn emails_not_delivered_lists_each_with_its_user_and_reason() {
    let app = app_with_receipts().await;
    app.signed_in_user().await;
    let list = app.page("/users").await;
    assert!(
        list.select("a.govuk-link")
            .contains(&"Emails not delivered (0)".to_owned())
    );
    let empty = app.page("/emails/not-delivered").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(
        empty.title(),
        "Emails not delivered - Register of training providers - GOV.UK"
    );
    assert_eq!(
        empty.one("main p.govuk-body"),
        "There are no undelivered emails."
    );

    // Ben's invitation bounces; Notify refuses Cara's for good; then Ben is deleted.
    let (ben, email) = app.ben_invited().await;
    app.notify
        .deliver(email.notify_id.as_deref().unwrap(), "permanent-failure")
        .await;
    app.notify.fail_next(1, 400);
    app.add_through_form("Cara", "Dunn", "cara@education.gov.uk")
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while app.not_delivered_records().await < 2 {
        assert!(tokio::time::Instant::now() < deadline, "Cara's email fails");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let list = app.page("/users").await;
    assert!(
        list.select("a.govuk-link")
            .contains(&"Emails not delivered (2)".to_owned())
    );
    let page = app.page("/emails/not-delivered").await;
    let rows = page.select("tbody tr");
    assert_eq!(rows.len(), 2);
    let cells = page.select("tbody tr td");
    // Newest first: Cara's, refused; then Ben's, bounced.
    assert_eq!(cells[0], "Invitation");
    assert_eq!(cells[1], "Cara Dunn");
    assert_eq!(cells[2], "cara@education.gov.uk");
    assert_eq!(cells[4], "GOV.UK Notify refused it");
    assert_eq!(cells[6], "Ben Carter");
    assert_eq!(cells[9], "The email address does not exist or is wrong");
    assert!(
        page.attrs("tbody a", "href")
            .contains(&format!("/users/{ben}"))
    );

    // A deleted user is "Deleted user", not a link.
    let response = app
        .client
        .post(app.url("/api/users/delete"))
        .form(&[("id", ben.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = app.page("/emails/not-delivered").await;
    assert_eq!(page.select("tbody tr td")[6], "Deleted user");
    assert!(
        !page
            .attrs("tbody a", "href")
            .contains(&format!("/users/{ben}"))
    );
}

#[tokio::test]
async fn receipts_count_as_arriving_for_a_day() {
    let app = app_with_receipts().await;
    app.signed_in_user().await;
    let (_, email) = app.ben_invited().await;
    app.notify
        .deliver(email.notify_id.as_deref().unwrap(), "delivered")
        .await;
    let receipt_hours_ago = |hours: i64| {
        let db = app.db.clone();
        async move {
            let now = service::clock::database_now(&db).await.unwrap();
            emails::Entity::update_many()
                .col_expr(
                    emails::Column::ReceiptAt,
                    sea_orm::sea_query::Expr::value(now - chrono::Duration::hours(hours)),
                )
                .filter(emails::Column::ReceiptAt.is_not_null())
                .exec(&db)
                .await
                .unwrap();
        }
    };
    let first_wait = |email: emails::Model| email.status_check_at.unwrap() - email.sent_at.unwrap();

    // The last receipt 23 hours ago: still arriving, so the first check waits an hour.
    receipt_hours_ago(23).await;
    app.add_through_form("Cara", "Dunn", "cara@education.gov.uk")
        .await;
    let cara = app.sent_email_to("cara@education.gov.uk").await;
    assert!(first_wait(cara) >= chrono::Duration::minutes(59));

    // 25 hours ago: no longer, so the worker asks soon again.
    receipt_hours_ago(25).await;
    app.add_through_form("Dan", "Evans", "dan@education.gov.uk")
        .await;
    let dan = app.sent_email_to("dan@education.gov.uk").await;
    assert!(first_wait(dan) < chrono::Duration::minutes(5));
}
