//! "Download as CSV" (SPEC §7): what the list shows, every page, as `support-users.csv`, with
//! cells a spreadsheet would run defused, streamed in chunks that never skip or repeat a user.

use crate::helpers::{TestApp, spawn_app};
use chrono::{Duration, TimeZone, Utc};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use sea_orm::ConnectionTrait;

impl TestApp {
    /// The CSV at `path`, as records (the header first).
    pub(crate) async fn csv(&self, path: &str) -> Vec<Vec<String>> {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body = response.text().await.unwrap();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }
}

#[tokio::test]
async fn the_download_is_what_the_list_shows_with_iso_dates() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let ada = app
        .add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 10, 15, 0).unwrap();
    app.set_last_signed_in(ada.id, at).await;
    app.add_user("Adam", "Smith", "adam@education.gov.uk").await;
    app.add_user("Grace", "Hopper", "grace@education.gov.uk")
        .await;

    let response = app.get("/users.csv?q=ada").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        response.headers()[CONTENT_DISPOSITION].to_str().unwrap(),
        "attachment; filename=\"support-users.csv\""
    );
    assert_eq!(
        response.headers()[CACHE_CONTROL].to_str().unwrap(),
        "no-store"
    );

    let rows = app.csv("/users.csv?q=ada").await;
    let ada_row = app.user_row(ada.id).await;
    let added = |u: &entity::users::Model| u.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    assert_eq!(
        rows[0],
        vec![
            "First name",
            "Last name",
            "Email address",
            "Status",
            "Last signed in",
            "Added on"
        ]
    );
    assert_eq!(
        rows[1],
        vec![
            "Ada".to_owned(),
            "Lovelace".to_owned(),
            "ada@education.gov.uk".to_owned(),
            "Active".to_owned(),
            "2026-11-27T10:15:00Z".to_owned(),
            added(&ada_row)
        ]
    );
    assert_eq!(
        rows[2][..5],
        ["Adam", "Smith", "adam@education.gov.uk", "Active", ""]
    );
    assert_eq!(rows.len(), 3);

    // With no search: everyone, in list order; with a filter: only those it keeps.
    let all = app.csv("/users.csv").await;
    let names: Vec<&str> = all[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, vec!["Ada", "Adam", "Anne", "Grace"]);
    app.set_last_signed_in(me.id, Utc::now() - Duration::days(91))
        .await;
    let stale = app.csv("/users.csv?show=stale").await;
    assert_eq!(stale.len(), 2);
    assert_eq!(stale[1][0], "Anne");

    // A filter no form sends is refused with the bad request page.
    let response = app.get("/users.csv?show=everyone").await;
    assert_eq!(crate::helpers::location(&response), "/problem/bad-request");
}

#[tokio::test]
async fn cells_a_spreadsheet_would_run_are_defused() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Names the forms refuse (a web address, an `@`) can still be in the table: an operator's
    // SQL, or data from before the rule. The download defuses whatever it finds.
    let insert = |first: &'static str, last: &'static str, email: &'static str| {
        let db = app.db.clone();
        async move {
            db.execute_raw(sea_orm::Statement::from_sql_and_values(
                db.get_database_backend(),
                match db.get_database_backend() {
                    sea_orm::DbBackend::Postgres => {
                        "INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
                         VALUES ($1, $2, $3, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
                    }
                    _ => {
                        "INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
                         VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
                    }
                },
                [first.into(), last.into(), email.into()],
            ))
            .await
            .unwrap();
        }
    };
    insert(
        "=HYPERLINK(\"https://evil.test\")",
        "+SUM(A1)",
        "one@education.gov.uk",
    )
    .await;
    insert("@cmd", "-2+3", "two@education.gov.uk").await;
    // Behind a space, a zero-width space, a byte order mark, or in fullwidth.
    insert(" =1+1", "\u{200B}=1+1", "four@education.gov.uk").await;
    insert("\u{FEFF}@x", "\u{FF1D}1+1", "five@education.gov.uk").await;
    app.add_user("Zed", "O'Neil, \"Jr\"", "three@education.gov.uk")
        .await;
    let rows = app.csv("/users.csv").await;
    let cells: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    for expected in [
        ("'=HYPERLINK(\"https://evil.test\")", "'+SUM(A1)"),
        ("'@cmd", "'-2+3"),
        ("' =1+1", "'\u{200B}=1+1"),
        ("'\u{FEFF}@x", "'\u{FF1D}1+1"),
        // Quotes and commas are CSV's to escape, and nothing else changes.
        ("Zed", "O'Neil, \"Jr\""),
    ] {
        assert!(
            cells.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {cells:?}"
        );
    }
}

#[tokio::test]
async fn a_large_download_comes_in_chunks_without_skipping_or_repeating_anyone() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // 1,204 users, most sharing one name, so chunk boundaries fall inside runs of equal names.
    use domain::{DfeEmail, FirstName, LastName, UserFields};
    for i in 0..1_203 {
        let (first, last) = if i % 3 == 0 {
            ("Sam", "Same")
        } else {
            ("Sam", "Other")
        };
        service::users::repo::insert(
            &app.db,
            UserFields {
                first_name: FirstName::parse(first).unwrap(),
                last_name: LastName::parse(last).unwrap(),
                email: DfeEmail::parse(&format!("sam{i}@education.gov.uk")).unwrap(),
            },
            None,
        )
        .await
        .unwrap();
    }
    let rows = app.csv("/users.csv").await;
    assert_eq!(rows.len(), 1 + 1_204);
    let emails: std::collections::HashSet<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(emails.len(), 1_204);
    // In list order: first name, last name, then the order they were added.
    let keys: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].to_lowercase(), r[1].to_lowercase()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[tokio::test]
async fn exactly_a_chunk_or_two_of_users_download_whole() {
    // The download reads 500 users at a time: a list of exactly 500 and exactly 1,000 ends on
    // a chunk's boundary, where an off-by-one would repeat, drop or never end.
    let app = spawn_app().await;
    app.signed_in_user().await;
    for total in [500, 1_000] {
        let have = app.csv("/users.csv").await.len() - 1;
        for i in have..total {
            app.add_user("Sam", "Person", &format!("sam{i}@education.gov.uk"))
                .await;
        }
        let rows = app.csv("/users.csv").await;
        assert_eq!(rows.len(), 1 + total, "{total}");
        let emails: std::collections::HashSet<&str> =
            rows[1..].iter().map(|r| r[2].as_str()).collect();
        assert_eq!(emails.len(), total, "nobody twice in {total}");
    }
}

#[tokio::test]
async fn the_download_is_compressed_when_the_browser_asks_and_ends_cleanly() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    for i in 0..600 {
        app.add_user("Sam", "Person", &format!("sam{i}@education.gov.uk"))
            .await;
    }
    for encoding in ["br", "gzip", "identity"] {
        let response = app
            .client
            .get(app.url("/users.csv"))
            .header(reqwest::header::ACCEPT_ENCODING, encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{encoding}");
        let sent_as = response
            .headers()
            .get(reqwest::header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(
            sent_as.as_deref(),
            (encoding != "identity").then_some(encoding),
            "the encoding asked for"
        );
        // The whole body arrives (the stream ends, the server does not fail under it), and
        // decoded it is the whole CSV.
        let body = response
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{encoding}: {e}"));
        let mut csv = String::new();
        use std::io::Read;
        match encoding {
            "br" => brotli_decompressor::Decompressor::new(&body[..], 4096)
                .read_to_string(&mut csv)
                .unwrap(),
            "gzip" => flate2::read::GzDecoder::new(&body[..])
                .read_to_string(&mut csv)
                .unwrap(),
            _ => std::io::Cursor::new(&body[..])
                .read_to_string(&mut csv)
                .unwrap(),
        };
        assert!(csv.starts_with("First name,Last name,"), "{encoding}");
        assert_eq!(csv.lines().count(), 1 + 601, "{encoding}");
    }
    assert_eq!(app.csv("/users.csv").await.len(), 1 + 601);
}
