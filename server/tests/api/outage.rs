//! The database goes away under load (PostgreSQL stopped; a SQLite file that cannot be
//! written): every page answers at once, with the GOV.UK 503 page rather than a 500 or a hang,
//! and everything recovers by itself when the database is back, with nothing lost or half-saved.

use crate::helpers::{ServerProcess, TestApp, browser};
use crate::notify_contract::NotifyContract;
use crate::private_postgres::PrivatePostgres;
use domain::content::UNAVAILABLE_TITLE;
use entity::{emails, users};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The longest any request may take while the database is away.
const AT_ONCE: Duration = Duration::from_secs(5);

#[derive(Debug)]
struct Answer {
    status: StatusCode,
    took: Duration,
    unavailable_page: bool,
}

async fn timed_get(app: &TestApp, path: &str) -> Answer {
    let started = Instant::now();
    let response = app
        .client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Answer {
        status,
        took: started.elapsed(),
        unavailable_page: body.contains(UNAVAILABLE_TITLE),
    }
}

/// `clients` browsers reading the list until told to stop.
struct Load {
    stop: Arc<AtomicBool>,
    clients: Vec<tokio::task::JoinHandle<Vec<Answer>>>,
}

impl Load {
    fn start(app: &TestApp, clients: usize) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let clients = (0..clients)
            .map(|_| {
                let app = app.clone_handle();
                let stop = stop.clone();
                tokio::spawn(async move {
                    let mut answers = Vec::new();
                    while !stop.load(Ordering::Relaxed) {
                        answers.push(timed_get(&app, "/users").await);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    answers
                })
            })
            .collect();
        Self { stop, clients }
    }

    async fn finish(self) -> Vec<Answer> {
        self.stop.store(true, Ordering::Relaxed);
        let mut all = Vec::new();
        for client in self.clients {
            all.extend(client.await.unwrap());
        }
        all
    }
}

/// Waits up to `limit` until the list answers 200 again.
async fn until_recovered(app: &TestApp, limit: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if timed_get(app, "/users").await.status == StatusCode::OK {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "the service did not recover by itself"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn assert_answered_at_once(answers: &[Answer]) {
    assert!(!answers.is_empty());
    for answer in answers {
        assert!(
            answer.status == StatusCode::OK || answer.status == StatusCode::SERVICE_UNAVAILABLE,
            "{answer:?}"
        );
        assert!(answer.took < AT_ONCE, "{answer:?}");
        if answer.status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(answer.unavailable_page, "{answer:?}");
        }
    }
}

#[tokio::test]
async fn postgresql_stopped_for_30_seconds_is_a_503_page_at_once_and_recovers_by_itself() {
    let Some(postgres) = PrivatePostgres::start() else {
        return;
    };
    let url = postgres.url();
    let notify = NotifyContract::start().await;
    let server = ServerProcess::start(&url, &notify).await;
    let app = server.app(&url, &notify, browser()).await;
    app.signed_in_user().await;
    app.add_through_form("Ada", "Person", "ada@education.gov.uk")
        .await;
    notify.wait_for_accepted(1).await;

    let load = Load::start(&app, 4);
    tokio::time::sleep(Duration::from_secs(1)).await;
    postgres.stop();
    let stopped = Instant::now();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let health = timed_get(&app, "/healthz").await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE, "{health:?}");
    assert!(health.took < AT_ONCE, "{health:?}");
    // A form posted meanwhile gets the page too, and saves nothing.
    let started = Instant::now();
    let posted = app
        .continue_with("Alan", "Person", "alan@education.gov.uk")
        .await;
    assert_eq!(posted.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < AT_ONCE);
    assert!(posted.text().await.unwrap().contains(UNAVAILABLE_TITLE));
    tokio::time::sleep(Duration::from_secs(30).saturating_sub(stopped.elapsed())).await;
    postgres.start_again();
    let recovered_in = until_recovered(&app, Duration::from_secs(30)).await;
    let answers = load.finish().await;
    assert_answered_at_once(&answers);
    let unavailable = answers
        .iter()
        .filter(|a| a.status == StatusCode::SERVICE_UNAVAILABLE)
        .count();
    assert!(
        unavailable > 10,
        "{unavailable} of {} answered 503",
        answers.len()
    );
    eprintln!(
        "PostgreSQL away 30 s: {} requests, {unavailable} answered 503, slowest {:?}; recovered {:?} after the restart",
        answers.len(),
        answers.iter().map(|a| a.took).max().unwrap(),
        recovered_in
    );

    // Back to normal, without a restart: a user is added and invited; nothing half-saved.
    assert_eq!(timed_get(&app, "/healthz").await.status, StatusCode::OK);
    app.add_through_form("Alan", "Person", "alan@education.gov.uk")
        .await;
    assert_eq!(notify.wait_for_accepted(2).await.len(), 2);
    let users = users::Entity::find().all(&app.db).await.unwrap();
    let emails = emails::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(users.len(), 3, "Anne, Ada and Alan");
    assert_eq!(emails.len(), 2, "one invitation each for Ada and Alan");
}

/// A small filesystem of a test's own (a tmpfs), to fill up; unmounted when dropped. `None`
/// (with the reason printed) where this machine does not let the tests mount one.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                "size=16m",
                "rotp-test",
                &dir.path().display().to_string(),
            ])
            .output();
        match mounted {
            Ok(output) if output.status.success() => Some(Self(dir)),
            Ok(output) => {
                eprintln!(
                    "SKIPPED: cannot mount a filesystem to fill: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                None
            }
            Err(err) => {
                eprintln!("SKIPPED: cannot mount a filesystem to fill: {err}");
                None
            }
        }
    }

    fn path(&self) -> &std::path::Path {
        self.0.path()
    }

    /// Writes a file until the filesystem has no room left.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .args(["-l", &self.path().display().to_string()])
            .status();
    }
}

#[tokio::test]
async fn a_sqlite_database_that_cannot_be_written_is_a_503_page_and_recovers_by_itself() {
    // The disk the SQLite file is on fills up: SQLite cannot write, and reads go on.
    let Some(disk) = SmallDisk::mount() else {
        return;
    };
    let url = format!("sqlite://{}/rotp.sqlite3?mode=rwc", disk.path().display());
    let notify = NotifyContract::start().await;
    let server = ServerProcess::start(&url, &notify).await;
    let app = server.app(&url, &notify, browser()).await;
    app.signed_in_user().await;

    let load = Load::start(&app, 2);
    let filler = disk.fill();
    let started = Instant::now();
    let posted = add_through_form_or_refusal(&app).await;
    assert_eq!(posted.0, StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < AT_ONCE * 2, "two requests");
    assert!(posted.1.contains(UNAVAILABLE_TITLE));
    tokio::time::sleep(Duration::from_secs(2)).await;
    std::fs::remove_file(&filler).unwrap();
    until_recovered(&app, Duration::from_secs(10)).await;
    assert_answered_at_once(&load.finish().await);

    app.add_through_form("Ada", "Person", "ada@education.gov.uk")
        .await;
    assert_eq!(notify.wait_for_accepted(1).await.len(), 1);
    let users = users::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(users.len(), 2, "Anne and Ada, once");
    assert_eq!(emails::Entity::find().all(&app.db).await.unwrap().len(), 1);
}

/// "Continue" then "Save user" while the disk is full: the first answer that is not a
/// redirect, with its page.
async fn add_through_form_or_refusal(app: &TestApp) -> (StatusCode, String) {
    let continued = app
        .continue_with("Ada", "Person", "ada@education.gov.uk")
        .await;
    if !continued.status().is_redirection() {
        let status = continued.status();
        return (status, continued.text().await.unwrap_or_default());
    }
    let check = app.page("/users/new/check").await;
    let draft = check
        .attrs("input[name='draft_id']", "value")
        .pop()
        .unwrap_or_default();
    let saved = app.save(&draft).await;
    let status = saved.status();
    (status, saved.text().await.unwrap_or_default())
}
