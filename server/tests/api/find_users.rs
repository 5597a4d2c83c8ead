//! Finding support users (SPEC §7): the search and the sign-in filter, their count line and
//! pagination, kept right by the database whoever changes the users.

use crate::helpers::{TestApp, spawn_app};
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;

impl TestApp {
    /// The names the list shows for `query` (its first page).
    async fn found(&self, query: &str) -> Vec<String> {
        let page = self.page(&format!("/users?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        page.select("tbody tr td:first-child")
    }

    async fn count_line(&self, query: &str) -> String {
        self.page(&format!("/users?{query}"))
            .await
            .one(".app-search-result")
    }
}

async fn app_with_people() -> TestApp {
    let app = spawn_app().await;
    app.signed_in_user().await; // Anne Wilson
    for (first, last, email) in [
        ("Ada", "Lovelace", "ada.l@education.gov.uk"),
        ("Grace", "Hopper", "grace.h@education.gov.uk"),
        ("Adam", "Smith", "adam.smith@education.gov.uk"),
        ("Zoë", "Brontë", "zoe.b@education.gov.uk"),
        ("Bob", "Adair", "robert@education.gov.uk"),
    ] {
        app.add_user(first, last, email).await;
    }
    app
}

#[tokio::test]
async fn the_search_form_is_the_specs_and_works_as_a_plain_get() {
    let app = app_with_people().await;
    let page = app.page("/users?q=ada&show=never").await;
    assert_eq!(page.attrs("form[role=search]", "method"), vec!["get"]);
    assert_eq!(page.attrs("form[role=search]", "action"), vec!["/users"]);
    assert_eq!(page.one("label[for=q]"), "Search by name or email address");
    assert_eq!(page.attrs("input#q", "name"), vec!["q"]);
    assert_eq!(page.attrs("input#q", "value"), vec!["ada"]);
    assert_eq!(page.one("form[role=search] button"), "Search");
    assert_eq!(page.one("label[for=show]"), "Show");
    assert_eq!(
        page.select("select#show option"),
        vec![
            "All support users",
            "Never signed in",
            "Not signed in for 90 days",
            "Inactive accounts"
        ]
    );
    assert_eq!(
        page.attrs("select#show option", "value"),
        vec!["all", "never", "stale", "inactive"]
    );
    assert_eq!(
        page.attrs("select#show option[selected]", "value"),
        vec!["never"]
    );
    // The heading still counts everyone; the line says how many were found.
    assert_eq!(page.one("h1"), "Support users (6)");
    assert_eq!(page.one(".app-search-result a"), "Clear search");
    assert_eq!(page.attrs(".app-search-result a", "href"), vec!["/users"]);
    assert_eq!(
        page.select("th"),
        vec!["Name", "Email address", "Status", "Last signed in"]
    );

    // The whole list has no count line.
    let all = app.page("/users?q=+&show=all").await;
    assert!(all.select(".app-search-result").is_empty());
    assert_eq!(all.select("tbody tr").len(), 6);
}

#[tokio::test]
async fn a_search_matches_names_full_names_and_addresses_ignoring_case_and_spaces() {
    let app = app_with_people().await;
    // First name, last name (Adair) and address (adam.smith) in list order.
    assert_eq!(
        app.found("q=ada").await,
        vec!["Ada Lovelace", "Adam Smith", "Bob Adair"]
    );
    assert_eq!(
        app.count_line("q=ada").await,
        "3 support users found Clear search"
    );
    assert_eq!(app.found("q=++LOVELACE++").await, vec!["Ada Lovelace"]);
    assert_eq!(
        app.count_line("q=lovelace").await,
        "1 support user found Clear search"
    );
    // The full name, across the space between the names.
    assert_eq!(app.found("q=a+l").await, vec!["Ada Lovelace"]);
    assert_eq!(app.found("q=ace+hop").await, vec!["Grace Hopper"]);
    // The address, not across the name and the address.
    assert_eq!(app.found("q=robert%40").await, vec!["Bob Adair"]);
    assert!(app.found("q=adairrobert").await.is_empty());
    // Letters beyond ASCII, in any case.
    assert_eq!(app.found("q=bront%C3%AB").await, vec!["Zoë Brontë"]);
    assert_eq!(app.found("q=BRONT%C3%8B").await, vec!["Zoë Brontë"]);
    // Fewer than three characters still search.
    assert_eq!(app.found("q=ho").await, vec!["Grace Hopper"]);
    assert_eq!(app.found("q=Z").await, vec!["Zoë Brontë"]);

    let none = app.page("/users?q=nobody").await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(
        none.one(".app-search-result"),
        "No support users found Clear search"
    );
    assert!(none.select("table").is_empty());
    assert!(none.select("a[href^='/users.csv']").is_empty());
}

#[tokio::test]
async fn a_search_is_taken_literally_and_cut_to_255_characters() {
    let app = app_with_people().await;
    // Wildcards and query syntax of LIKE and FTS5 are just characters.
    for q in [
        "%25",
        "_",
        "%25%25%25",
        "a%22b",
        "%22",
        "*",
        "ada+OR+grace",
        "NEAR(ada)",
        "%5C",
    ] {
        let page = app.page(&format!("/users?q={q}")).await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        assert_eq!(
            page.one(".app-search-result"),
            "No support users found Clear search",
            "{q}"
        );
    }
    let long = "a".repeat(300);
    let page = app.page(&format!("/users?q={long}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attrs("input#q", "value"), vec!["a".repeat(255)]);
    let exactly = format!("{}Lovelace", " ".repeat(10));
    assert_eq!(
        app.found(&format!("q={exactly}")).await,
        vec!["Ada Lovelace"]
    );
}

#[tokio::test]
async fn the_filters_keep_never_signed_in_and_not_for_90_days_exactly() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await; // signed in now
    let never = app.add_user("Nia", "Never", "nia@education.gov.uk").await;
    let recent = app.add_user("Rae", "Recent", "rae@education.gov.uk").await;
    let just_inside = app.add_user("Ian", "Inside", "ian@education.gov.uk").await;
    let just_over = app.add_user("Ola", "Over", "ola@education.gov.uk").await;
    let now = Utc::now();
    app.set_last_signed_in(recent.id, now - Duration::days(1))
        .await;
    app.set_last_signed_in(
        just_inside.id,
        now - Duration::days(90) + Duration::minutes(1),
    )
    .await;
    app.set_last_signed_in(
        just_over.id,
        now - Duration::days(90) - Duration::minutes(1),
    )
    .await;

    assert_eq!(app.found("show=never").await, vec!["Nia Never"]);
    assert_eq!(app.found("show=stale").await, vec!["Ola Over"]);
    assert_eq!(app.found("show=all").await.len(), 5);
    // With a search, both must hold.
    assert_eq!(app.found("q=o&show=stale").await, vec!["Ola Over"]);
    assert!(app.found("q=nia&show=stale").await.is_empty());
    // A sign-in takes someone off "Never signed in" at once.
    app.set_last_signed_in(never.id, Utc::now()).await;
    assert!(app.found("show=never").await.is_empty());
    let _ = me;

    let page = app.page("/users?show=everyone").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.one("h1"),
        "Sorry, there is a problem with that request"
    );
}

#[tokio::test]
async fn the_list_says_when_each_user_last_signed_in() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ada = app
        .add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    // 11:30pm UTC on 30 June is 1 July in the UK.
    let at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 6, 30, 23, 30, 0).unwrap();
    app.set_last_signed_in(ada.id, at).await;
    app.add_user("Bea", "Brown", "bea@education.gov.uk").await;
    let page = app.page("/users").await;
    assert_eq!(
        page.select("tbody tr td:nth-child(4)"),
        // Ada, Anne (signed in by the test), Bea.
        vec![
            "1 July 2026".to_owned(),
            crate::helpers::uk_date_today(),
            "Never".to_owned()
        ]
    );
}

#[tokio::test]
async fn results_page_25_at_a_time_and_the_links_keep_the_search() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    for i in 1..=30 {
        app.add_user(
            &format!("Match{i:02}"),
            "Person",
            &format!("match{i:02}@education.gov.uk"),
        )
        .await;
        app.add_user(
            &format!("Other{i:02}"),
            "Person",
            &format!("other{i:02}@education.gov.uk"),
        )
        .await;
    }
    let first = app.page("/users?q=match&show=never").await;
    assert_eq!(
        first.one(".app-search-result"),
        "30 support users found Clear search"
    );
    assert_eq!(first.select("tbody tr").len(), 25);
    assert_eq!(first.select("tbody tr td:first-child")[0], "Match01 Person");
    assert!(
        first
            .attrs(".govuk-pagination a", "href")
            .contains(&"/users?q=match&show=never&page=2".to_owned())
    );
    let second = app.page("/users?q=match&show=never&page=2").await;
    assert_eq!(
        second.select("tbody tr td:first-child"),
        (26..=30)
            .map(|i| format!("Match{i} Person"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        app.page("/users?q=match&page=3").await.status,
        StatusCode::NOT_FOUND
    );
    // The download link takes the same search.
    assert_eq!(
        first.attrs("a[download]", "href"),
        vec!["/users.csv?q=match&show=never"]
    );
}

#[tokio::test]
async fn the_search_follows_every_change_whoever_makes_it() {
    let app = app_with_people().await;
    // Each search is asked first, so the server keeps its matches; the change must show at
    // once all the same. An operator's SQL: a rename, a new user, a removal.
    assert_eq!(app.found("q=lovelace").await, vec!["Ada Lovelace"]);
    assert!(app.found("q=byron").await.is_empty());
    assert!(app.found("q=johnson").await.is_empty());
    assert_eq!(app.found("q=grace").await, vec!["Grace Hopper"]);
    app.db
        .execute_unprepared(
            "UPDATE users SET last_name = 'Byron' WHERE email = 'ada.l@education.gov.uk'",
        )
        .await
        .unwrap();
    assert!(app.found("q=lovelace").await.is_empty());
    assert_eq!(app.found("q=byron").await, vec!["Ada Byron"]);
    app.db
        .execute_unprepared(
            "INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
             VALUES ('Katherine', 'Johnson', 'kj@education.gov.uk', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
        )
        .await
        .unwrap();
    assert_eq!(app.found("q=johnson").await, vec!["Katherine Johnson"]);
    let grace = app.add_user("Grace", "Murray", "gm@education.gov.uk").await;
    app.mark_deleted(grace.id).await;
    assert_eq!(app.found("q=grace").await, vec!["Grace Hopper"]);
    // An update that changes nothing searched leaves the entry as it was.
    app.db
        .execute_unprepared(
            "UPDATE users SET lock_version = lock_version + 1 WHERE email = 'kj@education.gov.uk'",
        )
        .await
        .unwrap();
    assert_eq!(app.found("q=kj%40").await, vec!["Katherine Johnson"]);
    // A new address.
    assert!(app.found("q=katherine.j").await.is_empty());
    app.db
        .execute_unprepared(
            "UPDATE users SET email = 'katherine.j@education.gov.uk' WHERE email = 'kj@education.gov.uk'",
        )
        .await
        .unwrap();
    assert_eq!(app.found("q=katherine.j").await, vec!["Katherine Johnson"]);
    assert!(app.found("q=kj%40").await.is_empty());
}

#[tokio::test]
async fn control_characters_in_a_search_are_dropped_not_a_server_error() {
    let app = app_with_people().await;
    // A NUL is refused outright by PostgreSQL as text; a tab or escape is never in a name.
    assert_eq!(app.found("q=%00love%09lace%1B").await, vec!["Ada Lovelace"]);
    assert_eq!(app.found("q=%00ho").await, vec!["Grace Hopper"]);
    // Only control characters: no search at all, the whole list.
    assert_eq!(app.found("q=%00%01").await.len(), 6);
    let csv = app.get("/users.csv?q=%00lovelace").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.text().await.unwrap().lines().count(), 2);
}
