//! Emails: each flow's email reaches GOV.UK Notify (the contract server) with the right
//! recipient and text, once; failures are retried or recorded, never lose the change.

use crate::helpers::{TestApp, location, spawn_app, spawn_app_with, spawn_instance};
use entity::emails::EmailStatus;
use entity::{emails, users};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::outbox::{self, EmailContext};
use std::collections::HashSet;
use std::time::Duration;

impl TestApp {
    async fn email_rows(&self) -> Vec<emails::Model> {
        emails::Entity::find().all(&self.db).await.unwrap()
    }

    /// Waits (up to 10 seconds) until no email is waiting to be sent.
    async fn settled_emails(&self) -> Vec<emails::Model> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let rows = self.email_rows().await;
            let pending = rows
                .iter()
                .any(|e| e.status == EmailStatus::Queued || e.status == EmailStatus::Sending);
            if !pending || tokio::time::Instant::now() > deadline {
                return rows;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn an_added_user_gets_the_invitation_through_notify() {
    let app = spawn_app().await;
    app.signed_in_user().await;

    app.add_through_form("Ada", "Lovelace", "Ada.Lovelace@Education.gov.uk")
        .await;

    let sent = app.notify.wait_for_accepted(1).await;
    assert_eq!(sent.len(), 1);
    let email = &sent[0];
    assert_eq!(email.email_address, "ada.lovelace@education.gov.uk");
    assert_eq!(
        email.subject(),
        "[DEVELOPMENT] You have been added to the Register of training providers support area"
    );
    assert!(email.body().starts_with("Dear Ada,"));
    assert!(email.body().contains("\nhttps://rotp.test/users\n"));
    assert!(email.body().contains("^ ada.lovelace@education.gov.uk"));
    assert!(
        email
            .body()
            .contains("https://profile.signin.education.gov.uk/register")
    );

    let rows = app.settled_emails().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, EmailStatus::Sent);
    assert_eq!(rows[0].reference, email.reference);
    assert_eq!(rows[0].notify_id.as_deref(), Some(email.id.as_str()));
    assert!(rows[0].sent_at.is_some());
    assert_eq!(rows[0].attempts, 1);
}

#[tokio::test]
async fn a_changed_address_gets_the_sign_in_details_and_the_old_one_nothing() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;

    app.continue_change(&ben, "Ben", "Carter", "ben.c@digital.education.gov.uk")
        .await;
    app.save_change(ben.id).await;

    let sent = app.notify.wait_for_accepted(1).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email_address, "ben.c@digital.education.gov.uk");
    assert_eq!(
        sent[0].subject(),
        "[DEVELOPMENT] Your sign-in details for the Register of training providers support area"
    );
    assert!(
        sent[0]
            .body()
            .contains("changed to ben.c@digital.education.gov.uk")
    );

    // A change of name alone sends nothing.
    let ben = users::Entity::find_by_id(ben.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app.continue_change(&ben, "Benjamin", "Carter", &ben.email)
        .await;
    app.save_change(ben.id).await;
    assert_eq!(app.settled_emails().await.len(), 1);
}

#[tokio::test]
async fn a_deleted_user_is_told_whom_to_ask() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Deleting never leaves fewer than 2 support users: a third is there.
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;

    let response = app
        .post_form_from(
            &format!("/users/{}/delete", ben.id),
            "/api/users/delete",
            &[("id", &ben.id.to_string())],
        )
        .await;
    assert_eq!(location(&response), "/users");

    let sent = app.notify.wait_for_accepted(1).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email_address, "ben.carter@education.gov.uk");
    assert_eq!(
        sent[0].subject(),
        "[DEVELOPMENT] You have been removed from the Register of training providers support area"
    );
    assert!(
        sent[0]
            .body()
            .contains("Contact Anne Wilson at anne.wilson@education.gov.uk")
    );
}

#[tokio::test]
async fn while_notify_fails_the_email_waits_then_goes_exactly_once() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.notify.fail_next(1, 500);
    app.notify.fail_next(1, 429);
    app.notify.fail_next(2, 503);

    app.add_through_form("Ada", "Lovelace", "ada@education.gov.uk")
        .await;

    let rows = app.settled_emails().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, EmailStatus::Sent);
    assert_eq!(rows[0].attempts, 5);
    let statuses: Vec<u16> = app.notify.refused().iter().map(|r| r.0).collect();
    assert_eq!(statuses, vec![500, 429, 503, 503]);
    // Sent is final: no claim takes the row again, so nothing more can reach Notify.
    assert_eq!(app.notify.accepted_to("ada@education.gov.uk").len(), 1);
    assert_eq!(app.notify.accepted().len(), 1);
}

#[tokio::test]
async fn a_refusal_marks_the_email_failed_and_the_user_stays_added() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.notify.fail_next(1, 400);

    app.add_through_form("Ada", "Lovelace", "ada@education.gov.uk")
        .await;

    let rows = app.settled_emails().await;
    assert_eq!(rows[0].status, EmailStatus::Failed);
    assert_eq!(rows[0].attempts, 1);
    let error = rows[0].last_error.as_deref().unwrap_or_default();
    assert!(error.contains("400"), "{error}");
    assert!(error.contains("BadRequestError"), "{error}");
    // Failed is final until an operator retries it: no claim takes the row again.
    assert_eq!(
        app.notify.refused().len(),
        1,
        "a refused email is not retried"
    );
    assert_eq!(app.notify.accepted().len(), 0);

    let added = users::Entity::find()
        .filter(users::Column::Email.eq("ada@education.gov.uk"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        added.len(),
        1,
        "the email's failure does not undo the change"
    );
}

#[tokio::test]
async fn two_instances_send_each_of_100_emails_once() {
    let first = spawn_app().await;
    let second = spawn_instance(&first.database_url, &first.notify).await;
    let context = EmailContext {
        service_url: "https://rotp.test".into(),
        environment_label: None,
    };
    for n in 0..100 {
        let address = format!("person.{n}@education.gov.uk");
        outbox::queue(&first.db, None, context.invitation("Person", &address))
            .await
            .unwrap();
    }

    // Every row settled as sent: no claim takes one again, so what Notify has now is all it
    // will ever get.
    let rows = second.settled_emails().await;
    assert!(
        rows.iter()
            .all(|e| e.status == EmailStatus::Sent && e.attempts == 1)
    );
    let accepted = first.notify.accepted();
    assert_eq!(accepted.len(), 100, "no email is sent twice");
    let references: HashSet<_> = accepted.iter().map(|r| &r.reference).collect();
    assert_eq!(references.len(), 100);
}

#[tokio::test]
async fn with_no_notify_key_emails_are_logged_and_kept_as_sent() {
    let app = spawn_app_with(|settings| settings.email.notify = None).await;
    app.signed_in_user().await;

    app.add_through_form("Ada", "Lovelace", "ada@education.gov.uk")
        .await;

    let rows = app.settled_emails().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, EmailStatus::Sent);
    assert_eq!(rows[0].notify_id, None);
    assert!(app.notify.accepted().is_empty());
}

#[tokio::test]
async fn in_development_a_page_shows_the_emails_that_went_out() {
    let app = spawn_app_with(|settings| settings.email.notify = None).await;
    app.signed_in_user().await;
    let empty = app.page("/dev/emails").await;
    assert_eq!(empty.status, reqwest::StatusCode::OK);
    assert_eq!(empty.one("h1"), "Emails sent");
    assert_eq!(
        empty.attrs(".govuk-footer__inline-list a", "href"),
        vec!["/dev/emails"]
    );

    app.add_through_form("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    app.settled_emails().await;

    let page = app.page("/dev/emails").await;
    assert_eq!(
        page.select(".app-email .govuk-summary-card__title"),
        vec![
            "[DEVELOPMENT] You have been added to the Register of training providers support area"
        ]
    );
    let values = page.select(".app-email .govuk-summary-list__value");
    assert_eq!(values[..2], ["ada@education.gov.uk", "Sent"]);
    assert!(page.one(".app-email__body").starts_with("Dear Ada,"));
}

#[tokio::test]
async fn the_worker_finishes_and_stops_when_the_server_stops() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::fresh_database(&dir).await;
    let notify = crate::notify_contract::NotifyContract::start().await;
    let settings = crate::helpers::test_settings(&dir, &database_url, &notify);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, is_ready) = tokio::sync::oneshot::channel::<()>();
    let served = crate::helpers::SERVER_RUNTIME.spawn(async move {
        let app = server::startup::Application::build(settings).await.unwrap();
        ready.send(()).unwrap();
        app.run_until(async {
            stopped.await.ok();
        })
        .await
    });
    is_ready.await.unwrap();
    let db = sea_orm::Database::connect(&database_url).await.unwrap();
    let context = EmailContext {
        service_url: "https://rotp.test".into(),
        environment_label: None,
    };
    outbox::queue(&db, None, context.invitation("Ada", "ada@education.gov.uk"))
        .await
        .unwrap();
    assert_eq!(notify.wait_for_accepted(1).await.len(), 1);

    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(10), served)
        .await
        .expect("the server and its worker stop promptly");
    assert!(result.unwrap().is_ok());
}
