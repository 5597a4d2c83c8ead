//! Several instances of the real server binary on one database, as production runs behind a
//! load balancer: a person may be served by any of them; each email goes once; an instance
//! told to stop finishes what it is doing first.

use crate::helpers::{ServerProcess, TestApp, browser, fresh_database, location};
use crate::notify_contract::NotifyContract;
use domain::{DfeEmail, FirstName, LastName, UserFields};
use entity::emails;
use entity::emails::EmailStatus;
use sea_orm::EntityTrait;
use service::outbox::{self, EmailContext};
use service::users::repo;
use std::collections::HashSet;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn add_anne(app: &TestApp) -> i64 {
    let fields = UserFields {
        first_name: FirstName::parse("Anne").unwrap(),
        last_name: LastName::parse("Wilson").unwrap(),
        email: DfeEmail::parse("anne.wilson@education.gov.uk").unwrap(),
    };
    repo::insert(&app.db, fields, None).await.unwrap().id
}

#[tokio::test]
async fn a_person_can_be_served_by_either_instance() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let one = ServerProcess::start(&url, &notify).await;
    let two = ServerProcess::start(&url, &notify).await;
    // One browser; its cookie goes to both (cookies do not depend on the port).
    let client = browser();
    let on_one = one.app(&url, &notify, client.clone()).await;
    let on_two = two.app(&url, &notify, client).await;
    let anne = add_anne(&on_one).await;

    on_one.sign_in_as(anne).await;
    let list = on_two.page("/users").await;
    assert_eq!(
        list.status,
        reqwest::StatusCode::OK,
        "signed in on the other instance"
    );
    assert_eq!(list.one("h1"), "Support users (1)");

    // Start adding a user on one instance, check and save on the other.
    on_one
        .continue_with("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    let check = on_two.page("/users/new/check").await;
    assert_eq!(
        check.select(".govuk-summary-list__value"),
        vec!["Ada", "Lovelace", "ada@education.gov.uk"]
    );
    let draft = on_two.draft_id().await;
    assert_eq!(location(&on_two.save(&draft).await), "/users");
    let list = on_one.page("/users").await;
    assert_eq!(
        list.one(".govuk-notification-banner__heading"),
        "Support user added"
    );
    assert_eq!(list.one("h1"), "Support users (2)");

    let sent = notify.wait_for_accepted(1).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email_address, "ada@education.gov.uk");

    // Signing out on one ends the session on both.
    on_two.post_form("/sign-out", &[]).await;
    assert_eq!(location(&on_one.get("/users").await), "/sign-in");
}

#[tokio::test]
async fn emails_added_through_both_instances_are_each_delivered_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let one = ServerProcess::start(&url, &notify).await;
    let two = ServerProcess::start(&url, &notify).await;
    let client = browser();
    let on_one = one.app(&url, &notify, client.clone()).await;
    let on_two = two.app(&url, &notify, browser()).await;
    let anne = add_anne(&on_one).await;
    on_one.sign_in_as(anne).await;
    on_two.sign_in_as(anne).await;

    // 100 users added, half through each instance, two at a time on each.
    let adds = |app: &TestApp, from: usize| {
        let app = app.clone_handle();
        async move {
            for n in from..from + 50 {
                let address = format!("person.{n}@education.gov.uk");
                app.continue_with("Person", &format!("Number{n}"), &address)
                    .await;
                let draft = app.draft_id().await;
                assert_eq!(location(&app.save(&draft).await), "/users");
            }
        }
    };
    tokio::join!(adds(&on_one, 0), adds(&on_two, 50));

    // Every email recorded as sent: no worker can claim one again (a claim takes only what is
    // queued or whose lease has ended), so nothing more can reach Notify after this.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let rows = loop {
        let rows = emails::Entity::find().all(&on_one.db).await.unwrap();
        if rows.len() == 100 && rows.iter().all(|e| e.status == EmailStatus::Sent) {
            break rows;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "every email is sent"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(rows.iter().all(|e| e.attempts == 1), "each tried once");
    let accepted = notify.accepted();
    assert_eq!(accepted.len(), 100, "no email is delivered twice");
    let recipients: HashSet<_> = accepted.iter().map(|r| r.email_address.clone()).collect();
    assert_eq!(recipients.len(), 100);
}

#[tokio::test]
async fn sigterm_finishes_the_request_and_the_email_in_hand_then_exits() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let mut server = ServerProcess::start(&url, &notify).await;
    let app = server.app(&url, &notify, browser()).await;
    let anne = add_anne(&app).await;

    // An email whose delivery is under way when the signal comes.
    notify.answer_after(Duration::from_millis(1500));
    let context = EmailContext {
        service_url: "https://rotp.test".into(),
        environment_label: None,
    };
    outbox::queue(
        &app.db,
        None,
        context.invitation("Ada", "ada@education.gov.uk"),
    )
    .await
    .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while notify.received() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the worker sends");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // A request under way: its headers are in, its body not yet.
    let body = format!("user_id={anne}");
    let mut connection = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /sign-in/developer HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    connection.write_all(head.as_bytes()).await.unwrap();
    connection.write_all(&body.as_bytes()[..3]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    server.terminate();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        reqwest::get(format!("{}/healthz", app.address))
            .await
            .is_err(),
        "a stopping instance takes no new connections"
    );

    connection.write_all(&body.as_bytes()[3..]).await.unwrap();
    let mut response = Vec::new();
    connection.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(
        response.starts_with("HTTP/1.1 303"),
        "the request under way is answered: {response}"
    );

    let status = server
        .exited_within(Duration::from_secs(15))
        .await
        .expect("the server exits after finishing");
    assert!(status.success(), "{status:?}");
    let rows = emails::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(
        rows[0].status,
        EmailStatus::Sent,
        "the email in hand was finished and recorded"
    );
    assert_eq!(notify.accepted().len(), 1);
}

#[tokio::test]
async fn instances_started_together_on_a_new_database_all_come_up() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    // Three instances of a new release migrate one database at the same moment.
    let (a, b, c) = tokio::join!(
        ServerProcess::start(&url, &notify),
        ServerProcess::start(&url, &notify),
        ServerProcess::start(&url, &notify),
    );
    for server in [&a, &b, &c] {
        let app = server.app(&url, &notify, browser()).await;
        assert_eq!(location(&app.get("/users").await), "/sign-in");
    }
}
