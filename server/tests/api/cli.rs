//! The operator's command line, run as the real binary.

use sea_orm::EntityTrait;
use std::process::Command;

fn server(database_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .args(args)
        .output()
        .expect("server runs")
}

#[tokio::test]
async fn users_add_creates_a_user_with_the_web_forms_rules() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database(&dir).await;

    let ok = server(
        &url,
        &[
            "users",
            "add",
            "--first-name",
            " Ada ",
            "--last-name",
            "Lovelace",
            "--email",
            " Ada.Lovelace@Education.gov.uk ",
        ],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        out.contains("Added support user Ada Lovelace <ada.lovelace@education.gov.uk>"),
        "{out}"
    );
    // As the web form does it: recorded in the audit trail, and an invitation queued for the
    // running server to send.
    let db = sea_orm::Database::connect(&url).await.unwrap();
    let audit = entity::audit_events::Entity::find().all(&db).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].action.as_str(), audit[0].actor_id),
        ("user_added", None)
    );
    let emails = entity::emails::Entity::find().all(&db).await.unwrap();
    assert_eq!(emails.len(), 1);
    assert_eq!(
        (emails[0].kind.as_str(), emails[0].recipient.as_str()),
        ("invitation", "ada.lovelace@education.gov.uk")
    );

    let again = server(
        &url,
        &[
            "users",
            "add",
            "--first-name",
            "Ada",
            "--last-name",
            "L",
            "--email",
            "ADA.LOVELACE@education.gov.uk",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&again.stderr).trim(),
        "Email address already in use"
    );
}

#[tokio::test]
async fn users_add_reports_every_problem_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database(&dir).await;
    let bad = server(
        &url,
        &[
            "users",
            "add",
            "--first-name",
            " ",
            "--last-name",
            "",
            "--email",
            "someone@gmail.com",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim(),
        "Enter first name\nEnter last name\nEnter a Department for Education email address in the correct format, like name@education.gov.uk"
    );
}
