//! SPEC §10: personal data kept no longer than needed: retention by the database's clock,
//! erasure and subject access from the command line, hashed session ids, nothing personal in
//! the logs.

use crate::helpers::{ServerProcess, TestApp, browser, fresh_database, spawn_app, spawn_app_on};
use crate::notify_contract::NotifyContract;
use chrono::{DateTime, Duration, Utc};
use entity::{audit_events, emails, idempotency, sessions, users};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use service::retention::{self, RetentionRules};
use std::process::Command;

/// The binary as an operator runs it, logging everything: its standard output must still hold
/// only what the command prints.
fn server(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("APP_ENV", "development")
        .env("RUST_LOG", "debug")
        .env("DATABASE_URL", database_url)
        .args(args)
        .output()
        .expect("the server binary runs")
}

impl TestApp {
    async fn now(&self) -> DateTime<Utc> {
        service::clock::database_now(&self.db).await.unwrap()
    }

    async fn delete_through_api(&self, id: i64) {
        let response = self
            .client
            .post(self.url("/api/users/delete"))
            .form(&[("id", id.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    async fn deleted_days_ago(&self, id: i64, days: i64) {
        let at = self.now().await - Duration::days(days);
        users::Entity::update_many()
            .col_expr(users::Column::DeletedAt, Expr::value(at))
            .filter(users::Column::Id.eq(id))
            .exec(&self.db)
            .await
            .unwrap();
    }

    async fn emails_about(&self, id: i64) -> Vec<emails::Model> {
        emails::Entity::find()
            .filter(emails::Column::UserId.eq(id))
            .all(&self.db)
            .await
            .unwrap()
    }

    async fn audit_about(&self, id: i64) -> Vec<audit_events::Model> {
        audit_events::Entity::find()
            .filter(audit_events::Column::SubjectUserId.eq(id))
            .all(&self.db)
            .await
            .unwrap()
    }

    /// Ben Carter, who added Dan Evans and was then deleted; Cara Dunn, deleted too.
    async fn ben_who_added_dan_and_was_deleted(
        &self,
    ) -> (users::Model, users::Model, users::Model) {
        let anne = self.signed_in_user().await;
        self.add_through_form("Ben", "Carter", "ben@education.gov.uk")
            .await;
        let ben = self.user_by_email("ben@education.gov.uk").await;
        self.sign_in_as(ben.id).await;
        self.add_through_form("Dan", "Evans", "dan@education.gov.uk")
            .await;
        let dan = self.user_by_email("dan@education.gov.uk").await;
        self.sign_in_as(anne.id).await;
        self.add_through_form("Cara", "Dunn", "cara@education.gov.uk")
            .await;
        let cara = self.user_by_email("cara@education.gov.uk").await;
        self.delete_through_api(ben.id).await;
        self.delete_through_api(cara.id).await;
        (ben, cara, dan)
    }

    async fn user_by_email(&self, email: &str) -> users::Model {
        users::Entity::find()
            .filter(users::Column::Email.eq(email))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
    }
}

#[tokio::test]
async fn a_user_deleted_731_days_ago_is_erased_everywhere_and_one_deleted_729_days_ago_is_not() {
    let app = spawn_app().await;
    let (ben, cara, dan) = app.ben_who_added_dan_and_was_deleted().await;
    let dan_page = format!("/users/{}", dan.id);
    let history = |page: crate::helpers::Page| page.select(".app-history__item h3").join("\n");
    assert!(history(app.page(&dan_page).await).contains("Added by Ben Carter"));
    app.deleted_days_ago(ben.id, 731).await;
    app.deleted_days_ago(cara.id, 729).await;

    let run = retention::run(&app.server_db, RetentionRules::default(), app.now().await)
        .await
        .unwrap();
    assert_eq!(run.users_erased, 1);

    // Ben: gone from his row, his history, his emails and his sessions.
    let erased = app.user_row(ben.id).await;
    assert_eq!(
        (
            erased.first_name.as_str(),
            erased.last_name.as_str(),
            erased.email.as_str()
        ),
        ("", "", "")
    );
    assert!(erased.erased_at.is_some() && erased.dfe_sign_in_uid.is_none());
    let about_ben = app.audit_about(ben.id).await;
    assert!(!about_ben.is_empty());
    for event in &about_ben {
        assert!(
            !event.changes.to_lowercase().contains("ben"),
            "{}",
            event.changes
        );
        assert!(!event.changes.contains("carter"), "{}", event.changes);
    }
    let emails_to_ben = app.emails_about(ben.id).await;
    assert!(!emails_to_ben.is_empty());
    for email in &emails_to_ben {
        assert_eq!(
            (email.recipient.as_str(), email.personalisation.as_str()),
            ("", "{}")
        );
    }
    let sessions_of_ben = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(ben.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(sessions_of_ben.is_empty());
    // Dan's history still says what happened, and that whoever did it is gone.
    let page = app.page(&dan_page).await.html.html();
    assert!(page.contains("Added by Deleted user"), "{page}");
    assert!(!page.contains("Ben Carter"));

    // Cara, a day short of the period: as she was.
    let kept = app.user_row(cara.id).await;
    assert_eq!(kept.email, "cara@education.gov.uk");
    assert!(kept.erased_at.is_none());
    assert!(
        app.audit_about(cara.id)
            .await
            .iter()
            .any(|e| e.changes.contains("cara@education.gov.uk"))
    );
    assert!(
        app.emails_about(cara.id)
            .await
            .iter()
            .all(|e| e.recipient == "cara@education.gov.uk")
    );

    // Ben's address, used again, is no longer said to have belonged to anyone; Cara's is.
    for (address, notice) in [
        ("ben@education.gov.uk", false),
        ("cara@education.gov.uk", true),
    ] {
        app.continue_with("Eve", "Foster", address).await;
        let check = app.page("/users/new/check").await;
        let said = check
            .select(".govuk-inset-text p")
            .iter()
            .any(|p| p.starts_with("This email address belonged to a support user"));
        assert_eq!(said, notice, "{address}");
    }

    // A second run finds nothing more to do.
    let again = retention::run(&app.server_db, RetentionRules::default(), app.now().await)
        .await
        .unwrap();
    assert_eq!(again.users_erased, 0);
}

/// The server erases what is due by itself: each instance tries when it starts and then every
/// 10 minutes, and whichever claims the hour's run does it.
#[tokio::test]
async fn a_running_server_erases_what_is_due_without_being_asked() {
    let app = spawn_app().await;
    let (ben, cara, _) = app.ben_who_added_dan_and_was_deleted().await;
    app.deleted_days_ago(ben.id, 731).await;
    app.deleted_days_ago(cara.id, 729).await;
    // The first instance claimed this hour's run when it started, with nothing yet due. As if
    // the job had never run, an instance that starts now claims it at once.
    app.db
        .execute_unprepared("DELETE FROM background_claims")
        .await
        .unwrap();
    let _second = spawn_app_on(&app.database_url).await;

    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while app.user_row(ben.id).await.erased_at.is_none() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Ben is erased by the second instance's first run"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(app.user_row(ben.id).await.email, "");
    assert!(app.user_row(cara.id).await.erased_at.is_none());
}

#[tokio::test]
async fn email_bodies_go_30_days_after_their_final_status_and_idempotency_keys_after_24_hours() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    for (first, email) in [
        ("Ben", "ben@education.gov.uk"),
        ("Cara", "cara@education.gov.uk"),
    ] {
        app.add_through_form(first, "Carter", email).await;
    }
    let now = app.now().await;
    let ben = app.user_by_email("ben@education.gov.uk").await;
    let cara = app.user_by_email("cara@education.gov.uk").await;
    for (id, days) in [(ben.id, 31), (cara.id, 29)] {
        emails::Entity::update_many()
            .col_expr(
                emails::Column::FinishedAt,
                Expr::value(now - Duration::days(days)),
            )
            .filter(emails::Column::UserId.eq(id))
            .exec(&app.db)
            .await
            .unwrap();
    }
    let keys = idempotency::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(keys.len(), 2);
    for (key, hours) in keys.iter().zip([25, 23]) {
        idempotency::Entity::update_many()
            .col_expr(
                idempotency::Column::CreatedAt,
                Expr::value(now - Duration::hours(hours)),
            )
            .filter(idempotency::Column::Key.eq(key.key.clone()))
            .exec(&app.db)
            .await
            .unwrap();
    }

    let run = retention::run(&app.server_db, RetentionRules::default(), now)
        .await
        .unwrap();
    assert_eq!(
        (run.email_bodies_erased, run.idempotency_keys_removed),
        (1, 1)
    );
    let to_ben = &app.emails_about(ben.id).await[0];
    assert_eq!(to_ben.personalisation, "{}");
    // Its kind, status, dates and address stay: Ben is a current user.
    assert_eq!(to_ben.recipient, "ben@education.gov.uk");
    assert!(to_ben.created_at <= now);
    assert!(
        app.emails_about(cara.id).await[0]
            .personalisation
            .contains("Cara")
    );
    let left = idempotency::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].key, keys[1].key);
}

#[tokio::test]
async fn erase_and_export_from_the_command_line() {
    let app = spawn_app().await;
    let (ben, _, _) = app.ben_who_added_dan_and_was_deleted().await;
    let url = &app.database_url;

    // A subject access request for a deleted user: their account, what they did, what was
    // done to them, and the emails sent to them.
    let export = server(url, &["users", "export", "--email", "ben@education.gov.uk"]);
    assert!(export.status.success(), "{export:?}");
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).expect("JSON alone");
    let account = &json["accounts"][0];
    assert_eq!(account["email"], "ben@education.gov.uk");
    assert_eq!(account["first_name"], "Ben");
    assert!(account["deleted_at"].is_string());
    assert!(
        !account["audit_records_about_it"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        !account["audit_records_made_by_it"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let emails = account["emails"].as_array().unwrap();
    assert!(!emails.is_empty());
    assert!(emails[0]["text"]["body"].is_string());
    // A current user too; an unknown address holds nothing.
    let export = server(
        url,
        &["users", "export", "--email", "anne.wilson@education.gov.uk"],
    );
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(json["accounts"][0]["deleted_at"], serde_json::Value::Null);
    let export = server(
        url,
        &["users", "export", "--email", "nobody@education.gov.uk"],
    );
    assert!(export.status.success());
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(json["accounts"], serde_json::json!([]));

    // Erasure: refused for a current user and an unknown address; done for the deleted one.
    let refused = server(
        url,
        &["users", "erase", "--email", "anne.wilson@education.gov.uk"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not deleted"));
    let unknown = server(
        url,
        &["users", "erase", "--email", "nobody@education.gov.uk"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("No support user"));
    let erased = server(url, &["users", "erase", "--email", "ben@education.gov.uk"]);
    assert!(erased.status.success(), "{erased:?}");
    assert!(app.user_row(ben.id).await.erased_at.is_some());
    let export = server(url, &["users", "export", "--email", "ben@education.gov.uk"]);
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(
        json["accounts"],
        serde_json::json!([]),
        "nothing is held now"
    );

    // And the database file holds the address no more: not in a row, not in free space, not
    // in the write-ahead log (SQLite; PostgreSQL's files are vacuumed by the server).
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap();
        for file in [path.to_owned(), format!("{path}-wal")] {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            let found = bytes
                .windows(b"ben@education.gov.uk".len())
                .any(|w| w == b"ben@education.gov.uk");
            assert!(!found, "{file} still holds the erased address");
        }
    }
}

#[tokio::test]
async fn the_session_table_holds_no_cookie_value() {
    let app = spawn_app().await;
    let me = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    let response = app.sign_in_as(me.id).await;
    let cookie = response
        .cookies()
        .find(|c| c.name().contains("session") || c.name().starts_with("__Host-rotp"))
        .map(|c| c.value().to_owned())
        .expect("a session cookie");
    let rows = sessions::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].id, cookie);
    assert!(!rows.iter().any(|r| r.data.contains(&cookie)));
    use sha2::Digest;
    let hashed: String = sha2::Sha256::digest(cookie.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(rows[0].id, hashed);
    // And the session opens pages.
    assert_eq!(app.page("/users").await.status, StatusCode::OK);
}

#[tokio::test]
async fn nothing_personal_is_logged_at_info_through_every_journey() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let log = dir.path().join("server.log");
    let server = ServerProcess::start_with(
        &url,
        &notify,
        &[("RUST_LOG", "info")],
        Some(std::fs::File::create(&log).unwrap()),
    )
    .await;
    let app = server.app(&url, &notify, browser()).await;
    let me = app.signed_in_user().await;
    // Two active accounts stay whatever happens to Ada's.
    app.add_user("Grace", "Hopper", "grace.hopper@education.gov.uk")
        .await;
    app.add_through_form("Ada", "Lovelace", "ada.lovelace@education.gov.uk")
        .await;
    let ada = app.user_by_email("ada.lovelace@education.gov.uk").await;
    let saved = app.set_active(ada.id, false).await;
    assert_eq!(
        crate::helpers::location(&saved),
        format!("/users/{}", ada.id)
    );
    assert_eq!(app.page("/users?q=lovelace").await.status, StatusCode::OK);
    assert_eq!(app.page("/users?q=zebedee").await.status, StatusCode::OK);
    app.delete_through_api(ada.id).await;
    notify.wait_for_accepted(2).await;
    let signed_out = app.post_form("/sign-out", &[]).await;
    assert!(signed_out.status().is_redirection());
    app.sign_in_as(me.id).await;
    drop(server);

    let text = std::fs::read_to_string(&log).unwrap().to_lowercase();
    assert!(text.contains("signed in"), "the log is there: {text}");
    // Written to a file, not a terminal: plain text, no colour codes around each field.
    assert!(!text.contains('\u{1b}'), "colour codes in a file: {text}");
    // Whole words: a request id's hex may hold "ada" inside it.
    let words: std::collections::HashSet<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for name in [
        "ada", "lovelace", "zebedee", "anne", "wilson", "grace", "hopper",
    ] {
        assert!(
            !words.contains(name),
            "the log names {name:?}:\n{}",
            text.lines()
                .filter(|l| l.contains(name))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    assert!(
        !text.contains("@education.gov.uk"),
        "the log has an address"
    );
}
