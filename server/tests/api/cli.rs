//! The operator's command line, run as the real binary.

use entity::audit_events::AuditAction;
use entity::emails::EmailKind;
use sea_orm::{EntityTrait, QueryOrder};
use std::process::Command;

/// The binary as an operator runs it in production: no `APP_ENV` (so production), the
/// database, and the service's address (which an invitation links to).
fn server(database_url: &str, args: &[&str]) -> std::process::Output {
    run(
        &[
            ("DATABASE_URL", database_url),
            ("SERVICE_URL", "https://rotp.test"),
        ],
        args,
    )
}

fn run(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("server runs")
}

#[tokio::test]
async fn with_no_settings_the_server_is_production_and_names_every_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[("DATA_DIR", &dir.path().display().to_string())], &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    for name in [
        "DATABASE_URL",
        "SERVICE_URL",
        "NOTIFY_API_KEY",
        "NOTIFY_TEMPLATE_ID",
        "DFE_SIGN_IN_ISSUER",
        "DFE_SIGN_IN_CLIENT_ID",
        "DFE_SIGN_IN_CLIENT_SECRET",
        "DFE_SIGN_IN_REDIRECT_URL",
    ] {
        assert!(said.contains(name), "{name} not named in {said}");
    }
    assert!(said.contains("APP_ENV=development"), "{said}");
    // It fell back to nothing: no development database was made.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn development_must_be_asked_for_and_stays_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &[
            ("APP_ENV", "development"),
            ("DATA_DIR", &dir.path().display().to_string()),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:0"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("loopback"), "{said}");
    assert!(said.contains("0.0.0.0"), "{said}");
}

#[tokio::test]
async fn a_mistyped_environment_stops_the_server_naming_it() {
    let out = run(&[("APP_ENV", "prod")], &[]);
    assert_eq!(out.status.code(), Some(2), "a value the flags do not take");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("invalid value 'prod'"), "{said}");
    assert!(said.contains("APP_ENV"), "{said}");
}

#[tokio::test]
async fn migrate_needs_only_the_database_in_production() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database(&dir).await;
    let out = run(&[("DATABASE_URL", &url)], &["migrate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&[], &["migrate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL"));
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
        (audit[0].action, audit[0].actor_id),
        (AuditAction::UserAdded, None)
    );
    let emails = entity::emails::Entity::find().all(&db).await.unwrap();
    assert_eq!(emails.len(), 1);
    assert_eq!(
        (emails[0].kind, emails[0].recipient.as_str()),
        (EmailKind::Invitation, "ada.lovelace@education.gov.uk")
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

#[tokio::test]
async fn an_operator_deactivates_a_compromised_account_and_reactivates_one_locked_out() {
    use crate::helpers::{browser, location, spawn_app_on};
    use entity::users::{self, AccountStatus};
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database(&dir).await;
    for (first, email) in [
        ("Ada", "ada@education.gov.uk"),
        ("Ben", "ben@education.gov.uk"),
    ] {
        let added = server(
            &url,
            &[
                "users",
                "add",
                "--first-name",
                first,
                "--last-name",
                "Smith",
                "--email",
                email,
            ],
        );
        assert!(added.status.success());
    }
    // Ada is signed in, in a browser of hers, on a running server.
    let app = spawn_app_on(&url).await;
    let mut adas = app.clone_handle();
    adas.client = browser();
    let db = sea_orm::Database::connect(&url).await.unwrap();
    let ada = users::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "ada@education.gov.uk")
        .unwrap();
    assert_eq!(location(&adas.sign_in_as(ada.id).await), "/users");

    // Production, with the database alone: it needs nothing else to lock an account out, and
    // leaving fewer than 2 active accounts does not stop it.
    let out = run(
        &[("DATABASE_URL", &url)],
        &["users", "deactivate", "--email", " ADA@education.gov.uk "],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("is deactivated"));
    let row = users::Entity::find_by_id(ada.id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, AccountStatus::Inactive);
    assert_eq!(location(&adas.get("/users").await), "/sign-in");
    let audit = entity::audit_events::Entity::find()
        .order_by_asc(entity::audit_events::Column::Id)
        .all(&db)
        .await
        .unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (last.action, last.actor_id, last.subject_user_id),
        (AuditAction::AccountDeactivated, None, ada.id)
    );

    // Again: nothing more to do, said so, and nothing more recorded.
    let again = run(
        &[("DATABASE_URL", &url)],
        &["users", "deactivate", "--email", "ada@education.gov.uk"],
    );
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("was already deactivated"));
    assert_eq!(
        entity::audit_events::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .len(),
        audit.len()
    );

    // Nobody with that address: refused, exit code 2.
    let nobody = run(
        &[("DATABASE_URL", &url)],
        &["users", "deactivate", "--email", "nobody@education.gov.uk"],
    );
    assert_eq!(nobody.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("No support user has the address"));

    // Reactivating sends sign-in details: in production it needs the service's address.
    let refused = run(
        &[("DATABASE_URL", &url)],
        &["users", "reactivate", "--email", "ada@education.gov.uk"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("SERVICE_URL"));
    let back = server(
        &url,
        &["users", "reactivate", "--email", "ada@education.gov.uk"],
    );
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    assert_eq!(location(&adas.sign_in_as(ada.id).await), "/users");
    let kinds: Vec<EmailKind> = entity::emails::Entity::find()
        .order_by_asc(entity::emails::Column::Id)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.recipient == "ada@education.gov.uk")
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            EmailKind::Invitation,
            EmailKind::Deactivated,
            EmailKind::Reactivated
        ]
    );
}
