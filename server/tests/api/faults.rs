//! Faults injected into real processes: GOV.UK Notify refusing our key, the database busy when
//! a send must be recorded, a server killed with `kill -9` under load. Each test runs the real
//! server binary, and the fault comes from outside it.

use crate::helpers::{ServerProcess, TestApp, browser, fresh_database, location};
use crate::notify_contract::{self, NotifyContract};
use entity::audit_events::{self, AuditAction};
use entity::emails::{self, EmailKind, EmailStatus};
use entity::users;
use sea_orm::{ColumnTrait, ConnectOptions, ConnectionTrait, Database, EntityTrait, QueryFilter};
use std::collections::HashSet;
use std::io::Read;
use std::process::Command;
use std::time::Duration;

/// The server binary run as an operator runs it.
fn server_command(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("APP_ENV", "development")
        .env("DATABASE_URL", database_url)
        .args(args)
        .output()
        .expect("the server binary runs")
}

async fn email_rows(app: &TestApp) -> Vec<emails::Model> {
    emails::Entity::find().all(&app.db).await.unwrap()
}

/// Waits up to `limit` for `done` to hold of the outbox.
async fn wait_for_emails(
    app: &TestApp,
    limit: Duration,
    done: impl Fn(&[emails::Model]) -> bool,
) -> Vec<emails::Model> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let rows = email_rows(app).await;
        if done(&rows) || tokio::time::Instant::now() > deadline {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn log_text(path: &std::path::Path) -> String {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .expect("the server's log");
    text
}

#[tokio::test]
async fn a_refused_api_key_is_retried_and_logged_each_time_until_the_key_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let log = dir.path().join("server.log");
    // The right service, a revoked secret: Notify answers 403 to every token.
    let revoked = format!(
        "rotp_test-{}-{}",
        notify_contract::SERVICE_ID,
        "00000000-0000-4000-8000-000000000000"
    );
    let mut server = ServerProcess::start_with(
        &url,
        &notify,
        &[("NOTIFY_API_KEY", &revoked)],
        Some(std::fs::File::create(&log).unwrap()),
    )
    .await;
    let app = server.app(&url, &notify, browser()).await;
    app.signed_in_user().await;
    app.add_through_form("Ada", "Lovelace", "ada@education.gov.uk")
        .await;

    // Refused, and refused again: the email waits, queued, with Notify's reason.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while notify.refused().len() < 3 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Notify is asked again"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.terminate();
    server.exited_within(Duration::from_secs(10)).await;
    let refusals = notify.refused();
    assert!(refusals.iter().all(|(status, _)| *status == 403));
    let rows = email_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_ne!(
        rows[0].status,
        EmailStatus::Failed,
        "a refused key is not final"
    );
    let reason = rows[0].last_error.clone().unwrap_or_default();
    assert!(
        reason.contains("403") && reason.contains("AuthError"),
        "{reason}"
    );
    // An error line for every attempt, with Notify's message.
    let logged = log_text(&log);
    let errors: Vec<&str> = logged
        .lines()
        .filter(|l| l.contains("ERROR") && l.contains("GOV.UK Notify refused our API key"))
        .collect();
    assert_eq!(errors.len(), refusals.len(), "{logged}");
    assert!(
        errors.iter().all(|l| l.contains("Invalid token")),
        "{logged}"
    );

    // The operator fixes the key: the next server sends it, once.
    let _fixed = ServerProcess::start(&url, &notify).await;
    assert_eq!(notify.wait_for_accepted(1).await.len(), 1);
    let rows = wait_for_emails(&app, Duration::from_secs(10), |rows| {
        rows.iter().all(|e| e.status == EmailStatus::Sent)
    })
    .await;
    assert_eq!(rows[0].status, EmailStatus::Sent);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(notify.accepted_to("ada@education.gov.uk").len(), 1);
}

#[tokio::test]
async fn an_operator_lists_failed_emails_and_puts_them_back_in_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let server = ServerProcess::start(&url, &notify).await;
    let app = server.app(&url, &notify, browser()).await;
    app.signed_in_user().await;
    // Notify refuses the first two for good (400), then takes everything.
    notify.fail_next(2, 400);
    for (first, email) in [
        ("Ada", "ada@education.gov.uk"),
        ("Alan", "alan@education.gov.uk"),
    ] {
        app.add_through_form(first, "Person", email).await;
    }
    let rows = wait_for_emails(&app, Duration::from_secs(10), |rows| {
        rows.len() == 2 && rows.iter().all(|e| e.status == EmailStatus::Failed)
    })
    .await;
    assert!(rows.iter().all(|e| e.status == EmailStatus::Failed));
    drop(server); // no worker while the operator looks

    let listed = server_command(&url, &["emails", "list", "--status", "failed"]);
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.contains("ada@education.gov.uk") && listed.contains("alan@education.gov.uk"),
        "{listed}"
    );
    assert!(
        listed.contains("BadRequestError"),
        "the reason is shown: {listed}"
    );
    let sent_only = server_command(&url, &["emails", "list", "--status", "sent"]);
    assert!(
        sent_only.status.success(),
        "{}",
        String::from_utf8_lossy(&sent_only.stderr)
    );
    let sent_only = String::from_utf8_lossy(&sent_only.stdout).into_owned();
    // The table is there (its header), without the failed emails.
    assert!(sent_only.starts_with("id\tstatus\t"), "{sent_only}");
    assert!(!sent_only.contains("ada@"), "{sent_only}");

    // Retrying one that has not failed is refused; one by id; then all the rest.
    let bogus = server_command(&url, &["emails", "retry", "--id", "999"]);
    assert_eq!(bogus.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bogus.stderr).contains("there is no email 999"));
    let ada = rows
        .iter()
        .find(|e| e.recipient == "ada@education.gov.uk")
        .unwrap();
    let one = server_command(&url, &["emails", "retry", "--id", &ada.id.to_string()]);
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert!(
        String::from_utf8_lossy(&one.stdout).contains(&format!("Email {} is queued again", ada.id))
    );
    let again = server_command(&url, &["emails", "retry", "--id", &ada.id.to_string()]);
    assert_eq!(again.status.code(), Some(2), "it is queued now, not failed");
    let rest = server_command(&url, &["emails", "retry"]);
    assert!(rest.status.success());
    assert_eq!(
        String::from_utf8_lossy(&rest.stdout).lines().count(),
        1,
        "only Alan's was left"
    );

    // Each retry is in the audit trail of the user the email is about, by the command line.
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(AuditAction::EmailRequeued))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|a| a.actor_id.is_none()));
    let ada_user = users::Entity::find()
        .filter(users::Column::Email.eq("ada@education.gov.uk"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(audit.iter().any(|a| a.subject_user_id == ada_user.id));

    // A running server sends them.
    let _server = ServerProcess::start(&url, &notify).await;
    assert_eq!(notify.wait_for_accepted(2).await.len(), 2);
    let rows = wait_for_emails(&app, Duration::from_secs(10), |rows| {
        rows.iter().all(|e| e.status == EmailStatus::Sent)
    })
    .await;
    assert!(rows.iter().all(|e| e.status == EmailStatus::Sent));
}

#[tokio::test]
async fn a_send_notify_accepted_is_recorded_once_the_database_is_free_again() {
    // SQLite's single writer is the fault: another process holds the write lock (longer than
    // the server's 5-second busy timeout) just as Notify accepts the email.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/busy.sqlite3?mode=rwc", dir.path().display());
    let notify = NotifyContract::start().await;
    let server = ServerProcess::start(&url, &notify).await;
    let app = server.app(&url, &notify, browser()).await;
    app.signed_in_user().await;
    notify.answer_after(Duration::from_millis(1500));
    for (first, email) in [
        ("Ada", "ada@education.gov.uk"),
        ("Alan", "alan@education.gov.uk"),
    ] {
        app.add_through_form(first, "Person", email).await;
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while notify.received() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the worker sends");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Notify is answering the first; take the write lock before it does.
    let mut options = ConnectOptions::new(url.clone());
    options.max_connections(1).min_connections(1);
    let locker = Database::connect(options).await.unwrap();
    locker.execute_unprepared("BEGIN IMMEDIATE").await.unwrap();
    tokio::time::sleep(Duration::from_secs(8)).await;
    locker.execute_unprepared("ROLLBACK").await.unwrap();

    // Both recorded sent soon after, and neither sent twice.
    let rows = wait_for_emails(&app, Duration::from_secs(15), |rows| {
        rows.iter().all(|e| e.status == EmailStatus::Sent)
    })
    .await;
    assert!(
        rows.iter().all(|e| e.status == EmailStatus::Sent),
        "{:?}",
        rows.iter().map(|e| e.status).collect::<Vec<_>>()
    );
    assert_eq!(notify.accepted_to("ada@education.gov.uk").len(), 1);
    assert_eq!(notify.accepted_to("alan@education.gov.uk").len(), 1);
}

#[tokio::test]
async fn kill_9_under_load_loses_nothing_a_person_was_told_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let mut server = ServerProcess::start(&url, &notify).await;
    let admin = server.app(&url, &notify, browser()).await;
    let anne = admin.signed_in_user().await;

    // 20 people adding users as fast as they can, each in a browser of their own.
    let mut clients = Vec::new();
    for n in 0..20 {
        let app = server.app(&url, &notify, browser()).await;
        app.sign_in_as(anne.id).await;
        clients.push(tokio::spawn(async move {
            let mut saved = Vec::new();
            for k in 0.. {
                let email = format!("person.{n}.{k}@education.gov.uk");
                let continued = app.try_continue(&email).await;
                if !continued {
                    break;
                }
                match app.try_save().await {
                    Some(true) => saved.push(email),
                    Some(false) => {}
                    None => break,
                }
            }
            saved
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    server.kill_9();
    let mut seen_saved = Vec::new();
    for client in clients {
        seen_saved.extend(client.await.unwrap());
    }
    assert!(
        seen_saved.len() >= 20,
        "the load added users before the kill: {}",
        seen_saved.len()
    );

    // What the outbox held at the kill: an email still queued never reached Notify; one being
    // sent may have.
    let at_kill = emails::Entity::find().all(&admin.db).await.unwrap();

    // After a restart, the database is whole.
    let _restarted = ServerProcess::start(&url, &notify).await;
    let users = users::Entity::find()
        .filter(users::Column::Id.ne(anne.id))
        .all(&admin.db)
        .await
        .unwrap();
    let emails = emails::Entity::find().all(&admin.db).await.unwrap();
    let audit = audit_events::Entity::find().all(&admin.db).await.unwrap();
    let existing: HashSet<&str> = users.iter().map(|u| u.email.as_str()).collect();
    for email in &seen_saved {
        assert!(
            existing.contains(email.as_str()),
            "{email} was shown as added"
        );
    }
    for user in &users {
        let added = audit
            .iter()
            .filter(|a| a.subject_user_id == user.id && a.action == AuditAction::UserAdded)
            .count();
        let invitations = emails
            .iter()
            .filter(|e| e.recipient == user.email && e.kind == EmailKind::Invitation)
            .count();
        assert_eq!((added, invitations), (1, 1), "{}", user.email);
    }
    assert_eq!(emails.len(), users.len(), "no email without its user");

    // The killed worker's claims end with their lease, by the database's clock: moved to now,
    // every email is then delivered by the restarted server.
    emails::Entity::update_many()
        .col_expr(
            emails::Column::NextAttemptAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now()),
        )
        .filter(emails::Column::Status.eq(EmailStatus::Sending))
        .exec(&admin.db)
        .await
        .unwrap();
    let rows = wait_for_emails(&admin, Duration::from_secs(30), |rows| {
        rows.iter().all(|e| e.status == EmailStatus::Sent)
    })
    .await;
    assert!(
        rows.iter().all(|e| e.status == EmailStatus::Sent),
        "{:?}",
        rows.iter().map(|e| e.status).collect::<Vec<_>>()
    );
    // Each exactly once, whether it was queued, in flight or sent at the kill: an email in
    // flight may have reached Notify before the process died, so the worker asks Notify for it
    // by its reference before sending it again.
    let in_flight = at_kill
        .iter()
        .filter(|e| e.status == EmailStatus::Sending)
        .count();
    for email in &rows {
        let deliveries = notify.accepted_to(&email.recipient).len();
        assert_eq!(deliveries, 1, "{}", email.recipient);
    }
    eprintln!("emails in flight at the kill: {in_flight}");
}

impl TestApp {
    /// "Continue" with a new address; `false` once the server is gone.
    async fn try_continue(&self, email: &str) -> bool {
        self.client
            .post(self.url("/api/users/new/continue"))
            .header("accept", "text/html")
            .form(&[
                ("first_name", "Person"),
                ("last_name", "Loaded"),
                ("email", email),
            ])
            .send()
            .await
            .is_ok_and(|r| r.status().is_redirection())
    }

    /// "Save user" on the check page: `Some(true)` when the person was sent to the list (told
    /// it was saved), `None` once the server is gone.
    async fn try_save(&self) -> Option<bool> {
        let check = self
            .client
            .get(self.url("/users/new/check"))
            .send()
            .await
            .ok()?;
        let html = check.text().await.ok()?;
        // Parsed and dropped before the next await: a parsed page is not `Send`.
        let draft = {
            let page = scraper::Html::parse_document(&html);
            let selector = scraper::Selector::parse("input[name='draft_id']").unwrap();
            page.select(&selector)
                .next()
                .and_then(|e| e.value().attr("value"))?
                .to_owned()
        };
        let saved = self
            .client
            .post(self.url("/api/users/new/save"))
            .header("accept", "text/html")
            .form(&[("draft_id", draft.as_str())])
            .send()
            .await
            .ok()?;
        Some(location(&saved) == "/users")
    }
}

#[tokio::test]
async fn logs_are_json_lines_with_the_request_id_and_metrics_are_on_their_own_address() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let log = dir.path().join("server.log");
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let server = ServerProcess::start_with(
        &url,
        &notify,
        &[
            ("LOG_FORMAT", "json"),
            ("RUST_LOG", "info"),
            ("METRICS_ADDR", &metrics_addr),
        ],
        Some(std::fs::File::create(&log).unwrap()),
    )
    .await;
    let app = server.app(&url, &notify, browser()).await;
    app.signed_in_user().await;
    app.add_through_form("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    notify.wait_for_accepted(1).await;

    // A request id the browser made up is not used: the server gives its own, and says it.
    let response = app
        .client
        .get(app.url("/users"))
        .header("x-request-id", "made-up")
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(id, "made-up");
    assert!(uuid::Uuid::try_parse(&id).is_ok(), "{id}");
    assert_eq!(response.status(), 200);

    // Every line is a JSON object; the request's lines carry its id.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let logged = log_text(&log);
    let lines: Vec<serde_json::Value> = logged
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    assert!(lines.len() > 3, "{logged}");
    let in_request = |line: &serde_json::Value, id: &str| {
        line["spans"]
            .as_array()
            .is_some_and(|spans| spans.iter().any(|s| s["request_id"] == id))
    };
    assert!(lines.iter().any(|l| in_request(l, &id)), "{logged}");
    // The access log's line for it: its status.
    assert!(
        lines
            .iter()
            .any(|l| in_request(l, &id) && l["fields"]["status"] == 200),
        "{logged}"
    );

    // Prometheus: requests by route and status, emails, Notify's answers, the pool.
    let metrics = reqwest::get(format!("http://{metrics_addr}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for expected in [
        r#"http_requests_total{route="/users",method="GET",status="200"}"#,
        "http_request_duration_seconds_bucket{route=\"/users\"",
        r#"notify_calls_total{outcome="accepted"} 1"#,
        r#"emails{status="queued"}"#,
        "emails_oldest_queued_age_seconds",
        "db_pool_connections_in_use",
    ] {
        assert!(metrics.contains(expected), "{expected} in:\n{metrics}");
    }
    // Never on the service's own port.
    let public = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert!(!public.text().await.unwrap().contains("http_requests_total"));
}

#[tokio::test]
async fn a_trusted_proxys_request_id_is_kept() {
    let app = crate::helpers::spawn_app_with(|s| s.trust_proxy_request_id = true).await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "from-the-proxy-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "from-the-proxy-123");
    let untrusted = crate::helpers::spawn_app().await;
    let response = untrusted
        .client
        .get(untrusted.url("/healthz"))
        .header("x-request-id", "from-the-proxy-123")
        .send()
        .await
        .unwrap();
    assert_ne!(response.headers()["x-request-id"], "from-the-proxy-123");
}

#[tokio::test]
async fn a_mistyped_log_format_stops_the_server_naming_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("LOG_FORMAT", "jsno")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("LOG_FORMAT") && stderr.contains("jsno"),
        "{stderr}"
    );
}

/// libfaketime, which Debian's `faketime` package installs (bin/setup --with-postgres).
fn libfaketime() -> Option<std::path::PathBuf> {
    let found = std::fs::read_dir("/usr/lib")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("faketime/libfaketime.so.1"))
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "libfaketime must be installed on CI (bin/setup --with-postgres)"
        );
        eprintln!("SKIPPED: libfaketime is not installed");
    }
    found
}

/// libfaketime, on the PostgreSQL leg: instances on one SQLite file share one machine, and so
/// one clock, so clock-skew tests run where instances have clocks of their own.
fn libfaketime_on_postgres() -> Option<std::path::PathBuf> {
    if crate::helpers::postgres_admin_url().is_none() {
        eprintln!("SKIPPED here: runs on the PostgreSQL leg");
        return None;
    }
    libfaketime()
}

/// The server on `url`, its clock 15 minutes fast (its monotonic clock, and so its timers,
/// untouched).
async fn fast_instance(
    faketime: &std::path::Path,
    url: &str,
    notify: &NotifyContract,
) -> ServerProcess {
    instance_off_by(faketime, "+15m", url, notify).await
}

/// The server on `url`, its clock off by `offset` (libfaketime's `FAKETIME`, such as `-15m`).
async fn instance_off_by(
    faketime: &std::path::Path,
    offset: &str,
    url: &str,
    notify: &NotifyContract,
) -> ServerProcess {
    let faketime = faketime.display().to_string();
    ServerProcess::start_with(
        url,
        notify,
        &[
            ("LD_PRELOAD", faketime.as_str()),
            ("FAKETIME", offset),
            ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
        ],
        None,
    )
    .await
}

#[tokio::test]
async fn instances_whose_clocks_differ_by_minutes_never_send_an_email_twice() {
    let Some(faketime) = libfaketime_on_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let on_time = ServerProcess::start(&url, &notify).await;
    let app = on_time.app(&url, &notify, browser()).await;
    app.signed_in_user().await;
    // Notify is slow to answer: the on-time instance holds its claim meanwhile.
    notify.answer_after(Duration::from_secs(4));
    app.add_through_form("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while notify.received() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "the worker sends");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // An instance whose clock is 15 minutes fast: past the claim's 10-minute lease by its
    // own reckoning, not by the database's.
    let _fast = fast_instance(&faketime, &url, &notify).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        notify.received(),
        1,
        "the fast instance left the claimed email alone"
    );
    let rows = wait_for_emails(&app, Duration::from_secs(10), |rows| {
        rows.iter().all(|e| e.status == EmailStatus::Sent)
    })
    .await;
    assert_eq!(rows[0].status, EmailStatus::Sent);
    assert_eq!(notify.accepted_to("ada@education.gov.uk").len(), 1);
}

/// The metrics' series, by name and labels: what a scrape keeps for ever.
fn series(metrics: &str) -> std::collections::BTreeSet<String> {
    metrics
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.rsplit_once(' ').map(|(series, _)| series.to_owned()))
        .collect()
}

#[tokio::test]
async fn made_up_methods_and_paths_add_no_metrics_series() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let server =
        ServerProcess::start_with(&url, &notify, &[("METRICS_ADDR", &metrics_addr)], None).await;
    let client = reqwest::Client::new();
    let scrape = || async {
        let text = reqwest::get(format!("http://{metrics_addr}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        series(&text)
    };
    // Anonymous requests, each with a method and a path nobody uses.
    let made_up = |from: usize, to: usize| {
        let client = client.clone();
        let base = server.address.clone();
        async move {
            for n in from..to {
                let method = reqwest::Method::from_bytes(format!("M{n}X").as_bytes()).unwrap();
                let path = match n % 3 {
                    0 => format!("/made-up-{n}"),
                    1 => format!("/users/{n}/made-up-{n}"),
                    _ => "/healthz".to_owned(),
                };
                let response = client
                    .request(method, format!("{base}{path}"))
                    .send()
                    .await
                    .unwrap();
                assert!(!response.status().is_server_error(), "{path}");
            }
        }
    };
    // The first few find every status such a request can have.
    made_up(0, 30).await;
    let before = scrape().await;
    made_up(30, 1_030).await;
    let after = scrape().await;
    let added: Vec<&String> = after.difference(&before).collect();
    assert!(added.is_empty(), "new series: {added:#?}");
    assert!(
        before
            .iter()
            .any(|s| s.starts_with("http_requests_total{") && s.contains(r#"method="other""#)),
        "{before:#?}"
    );
}

#[tokio::test]
async fn an_instance_whose_clock_is_fast_cannot_widen_the_resend_or_delete_limits() {
    let Some(faketime) = libfaketime_on_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let on_time = ServerProcess::start(&url, &notify).await;
    // By its own clock, every limit set on time has long passed.
    let fast = fast_instance(&faketime, &url, &notify).await;
    let app = on_time.app(&url, &notify, browser()).await;
    app.signed_in_user().await;
    // The same browser (and session) at either instance.
    let post = |base: &str, path: &str, id: i64| {
        app.client
            .post(format!("{base}{path}"))
            .form(&[("id", id.to_string())])
            .send()
    };
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    let resend = "/api/users/resend-invitation";
    assert_eq!(
        post(&on_time.address, resend, ben.id)
            .await
            .unwrap()
            .status(),
        reqwest::StatusCode::OK
    );
    assert_eq!(
        post(&fast.address, resend, ben.id).await.unwrap().status(),
        reqwest::StatusCode::TOO_MANY_REQUESTS,
        "a resend within 5 minutes, by the database's clock"
    );

    let mut others = Vec::new();
    for n in 0..4 {
        others.push(
            app.add_user("Other", "Person", &format!("other.{n}@education.gov.uk"))
                .await,
        );
    }
    let delete = "/api/users/delete";
    for other in &others[..3] {
        assert_eq!(
            post(&on_time.address, delete, other.id)
                .await
                .unwrap()
                .status(),
            reqwest::StatusCode::OK
        );
    }
    assert_eq!(
        post(&fast.address, delete, others[3].id)
            .await
            .unwrap()
            .status(),
        reqwest::StatusCode::TOO_MANY_REQUESTS,
        "a fourth deletion within 3 minutes, by the database's clock"
    );
    assert!(app.user_row(others[3].id).await.deleted_at.is_none());
}

#[tokio::test]
async fn an_instance_whose_clock_is_fast_records_every_time_by_the_databases_clock() {
    let Some(faketime) = libfaketime_on_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    // Every request of this test goes to the instance 15 minutes fast.
    let fast = fast_instance(&faketime, &url, &notify).await;
    let app = fast.app(&url, &notify, browser()).await;
    let me = app.signed_in_user().await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    // Two active accounts stay while Ben's is off.
    app.add_user("Cara", "Dunn", "cara@education.gov.uk").await;
    for active in [false, true] {
        let saved = app.set_active(ben.id, active).await;
        assert_eq!(location(&saved), format!("/users/{}", ben.id));
    }

    // Within a minute of the database's clock: 15 minutes off would be the instance's.
    let now = service::clock::database_now(&app.db).await.unwrap();
    let near_now = |what: &str, at: chrono::DateTime<chrono::Utc>| {
        assert!(
            (at - now).num_seconds().abs() < 60,
            "{what} is {}s from the database's now",
            (at - now).num_seconds()
        );
    };
    let me = app.user_row(me.id).await;
    near_now("the sign-in", me.last_signed_in_at.unwrap());
    let ben = app.user_row(ben.id).await;
    near_now("the new user's added time", ben.created_at);
    near_now("the reactivation", ben.reactivated_at.unwrap());
    for email in email_rows(&app).await {
        near_now("an email's queued time", email.created_at);
    }
    // The session's idle expiry is 2 hours from the database's now, and its 12 hours count
    // from the database's time of sign-in.
    let session = app.session_of(me.id).await;
    let expires = chrono::DateTime::from_timestamp(session.expires_at, 0).unwrap();
    near_now(
        "the session's expiry less 2 hours",
        expires - chrono::Duration::hours(2),
    );
    let data: serde_json::Value = serde_json::from_str(&session.data).unwrap();
    let signed_in_at = data[service::session_keys::SIGNED_IN_AT].as_i64().unwrap();
    near_now(
        "the session's sign-in time",
        chrono::DateTime::from_timestamp(signed_in_at, 0).unwrap(),
    );
}

/// Changes the data and expiry of the one session of `user_id`.
async fn edit_session(
    app: &TestApp,
    user_id: i64,
    update: impl FnOnce(&mut serde_json::Value, &mut i64),
) {
    let row = app.session_of(user_id).await;
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    let mut expires_at = row.expires_at;
    update(&mut data, &mut expires_at);
    let mut row: entity::sessions::ActiveModel = row.into();
    row.data = sea_orm::Set(data.to_string());
    row.expires_at = sea_orm::Set(expires_at);
    sea_orm::ActiveModelTrait::update(row, &app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_instance_whose_clock_is_slow_cannot_keep_a_session_open() {
    let Some(faketime) = libfaketime_on_postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let slow = instance_off_by(&faketime, "-15m", &url, &notify).await;
    let app = slow.app(&url, &notify, browser()).await;
    let me = app.signed_in_user().await;
    assert_eq!(app.page("/users").await.status, reqwest::StatusCode::OK);
    let now = service::clock::database_now(&app.db)
        .await
        .unwrap()
        .timestamp();
    // Signed in 12 hours and 5 minutes ago by the database's clock (11 hours 50 minutes by the
    // instance's), and busy since.
    let key = service::session_keys::SIGNED_IN_AT;
    edit_session(&app, me.id, |data, _| {
        data[key] = (now - 12 * 60 * 60 - 5 * 60).into();
    })
    .await;
    assert_eq!(location(&app.get("/users").await), "/sign-in");

    // Idle for 2 hours and 5 minutes by the database's clock.
    app.sign_in_as(me.id).await;
    edit_session(&app, me.id, |_, expires_at| *expires_at = now - 5 * 60).await;
    assert_eq!(location(&app.get("/users").await), "/sign-in");
}
