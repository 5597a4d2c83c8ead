use crate::helpers::{TestApp, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Adds `n` users named so that their list order is known: "User 001 Surname" …
async fn add_numbered_users(app: &TestApp, n: usize) {
    for i in 1..=n {
        app.add_user(
            &format!("User{i:03}"),
            "Surname",
            &format!("user{i:03}@education.gov.uk"),
        )
        .await;
    }
}

#[tokio::test]
async fn the_list_shows_active_users_in_name_order() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await; // Anne Wilson
    app.add_user("zoe", "Abbott", "zoe.abbott@education.gov.uk")
        .await;
    app.add_user("Alex", "brown", "alex.brown@education.gov.uk")
        .await;
    app.add_user("alex", "Adams", "alex.adams@education.gov.uk")
        .await;
    let gone = app
        .add_user("Aaron", "Gone", "aaron.gone@education.gov.uk")
        .await;
    app.mark_deleted(gone.id).await;

    let page = app.page("/users").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.title(),
        "Support users - Register of training providers - GOV.UK"
    );
    assert_eq!(page.one("h1"), "Support users (4)");
    assert_eq!(page.one("a.govuk-button[href='/users/new']"), "Add user");
    assert_eq!(
        page.select("th"),
        vec!["Name", "Email address", "Status", "Last signed in"]
    );
    // First name, then last name, ignoring case; the deleted user is not there.
    assert_eq!(
        page.select("tbody tr td:first-child"),
        vec!["alex Adams", "Alex brown", "Anne Wilson", "zoe Abbott"]
    );
    assert_eq!(
        page.select("tbody tr td:nth-child(2)"),
        vec![
            "alex.adams@education.gov.uk",
            "alex.brown@education.gov.uk",
            "anne.wilson@education.gov.uk",
            "zoe.abbott@education.gov.uk"
        ]
    );
    assert!(
        page.attrs("tbody a", "href")
            .contains(&format!("/users/{}", me.id))
    );
    // 25 or fewer: no pagination.
    assert!(page.select(".govuk-pagination").is_empty());
}

#[tokio::test]
async fn same_names_keep_a_stable_order() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let a = app
        .add_user("Sam", "Smith", "sam.smith1@education.gov.uk")
        .await;
    let b = app
        .add_user("SAM", "SMITH", "sam.smith2@education.gov.uk")
        .await;
    let c = app
        .add_user("sam", "smith", "sam.smith3@education.gov.uk")
        .await;
    let index = service::users::PageIndex::default();
    let page = index.page(&app.db, 1).await.unwrap().unwrap();
    let ids: Vec<i64> = page
        .users
        .iter()
        .filter(|r| r.email.starts_with("sam."))
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, vec![a.id, b.id, c.id]);
}

#[tokio::test]
async fn an_empty_list_is_one_page_with_no_rows() {
    // A new installation, before anyone is added: the list's state and its (empty) first
    // page are read together, and page 2 does not exist.
    let app = spawn_app().await;
    let index = service::users::PageIndex::default();
    let page = index
        .page(&app.db, 1)
        .await
        .unwrap()
        .expect("page 1 always exists");
    assert!(page.users.is_empty());
    assert_eq!(
        (page.total, page.request.page, page.request.total_pages),
        (0, 1, 1)
    );
    assert!(index.page(&app.db, 2).await.unwrap().is_none());
}

#[tokio::test]
async fn more_than_25_users_are_paged() {
    let app = spawn_app().await;
    app.signed_in_user().await; // Anne Wilson sorts before "User…"
    add_numbered_users(&app, 26).await;

    let first = app.page("/users").await;
    assert_eq!(first.one("h1"), "Support users (27)");
    let names = first.select("tbody tr td:first-child");
    assert_eq!(names.len(), 25);
    assert_eq!(names[0], "Anne Wilson");
    assert_eq!(names[24], "User024 Surname");
    assert_eq!(
        first.attrs(".govuk-pagination__next a", "href"),
        vec!["/users?page=2"]
    );
    assert!(first.select(".govuk-pagination__prev").is_empty());
    assert_eq!(
        first.attrs("[aria-current='page']", "aria-label"),
        vec!["Page 1"]
    );

    let second = app.page("/users?page=2").await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(
        second.select("tbody tr td:first-child"),
        vec!["User025 Surname", "User026 Surname"]
    );
    assert_eq!(
        second.attrs(".govuk-pagination__prev a", "href"),
        vec!["/users?page=1"]
    );
    assert!(second.select(".govuk-pagination__next").is_empty());
}

#[tokio::test]
async fn a_page_that_does_not_exist_is_not_found() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    add_numbered_users(&app, 26).await;
    for path in [
        "/users?page=3",
        "/users?page=0",
        "/users?page=-1",
        "/users?page=abc",
        "/users?page=99999999999",
    ] {
        let page = app.page(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.one("h1"), "Page not found", "{path}");
        assert_eq!(
            page.title(),
            "Page not found - Register of training providers - GOV.UK"
        );
        assert!(page.select("table").is_empty());
    }
}

#[tokio::test]
async fn the_count_has_thousands_separators() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Bulk insert: the count is what matters here.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
             INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
             SELECT 'Bulk', 'User' || i, 'bulk' || i || '@education.gov.uk', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1 FROM n",
        )
        .await
        .unwrap();
    let page = app.page("/users").await;
    assert_eq!(page.one("h1"), "Support users (1,001)");
    let last = app.page("/users?page=41").await;
    assert_eq!(last.status, StatusCode::OK);
    assert_eq!(last.select("tbody tr").len(), 1);
}

#[tokio::test]
async fn unknown_pages_are_govuk_404_pages() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let page = app.page("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.one("h1"), "Page not found");
    assert_eq!(
        page.one(".govuk-service-navigation__service-name"),
        "Register of training providers"
    );
}

/// Every row of every page, in order, as a person paging through would see them.
async fn every_page(app: &TestApp) -> Vec<String> {
    let mut rows = Vec::new();
    for n in 1.. {
        let page = app.page(&format!("/users?page={n}")).await;
        if page.status == StatusCode::NOT_FOUND {
            break;
        }
        assert_eq!(page.status, StatusCode::OK);
        rows.extend(page.select("tbody tr td:nth-child(2)"));
    }
    rows
}

#[tokio::test]
async fn deep_pages_stay_right_as_the_list_changes() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    add_numbered_users(&app, 130).await;
    let mut expected = vec!["anne.wilson@education.gov.uk".to_owned()];
    expected.extend((1..=130).map(|i| format!("user{i:03}@education.gov.uk")));
    assert_eq!(
        every_page(&app).await,
        expected,
        "6 pages, each where it should start"
    );

    // Changes by any route (here straight to the database, as another instance or an
    // operator would make them) move the pages at once: remembered starts are not reused.
    let early = app
        .add_user("Aaa", "First", "aaa.first@education.gov.uk")
        .await;
    expected.insert(0, "aaa.first@education.gov.uk".into());
    assert_eq!(every_page(&app).await, expected);
    app.mark_deleted(early.id).await;
    expected.remove(0);
    let user_050 = "user050@education.gov.uk";
    let row = entity::users::Entity::find()
        .filter(entity::users::Column::Email.eq(user_050))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app.mark_deleted(row.id).await;
    expected.retain(|e| e != user_050);
    assert_eq!(every_page(&app).await, expected);
    assert_eq!(app.page("/users").await.one("h1"), "Support users (130)");
}

/// The list's emails in list order, straight from the database.
async fn list_in_order(app: &TestApp) -> Vec<String> {
    use sea_orm::{ConnectionTrait, Statement};
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT email FROM users WHERE deleted_at IS NULL
             ORDER BY lower(first_name), lower(last_name), id",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get("", "email").unwrap())
        .collect()
}

#[tokio::test]
async fn deep_pages_follow_every_kind_of_change_from_the_starts_already_known() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    add_numbered_users(&app, 260).await;
    // The page starts are worked out (in the background) once a deep page is asked for.
    assert_eq!(app.page("/users?page=5").await.status, StatusCode::OK);
    app.wait_for_page_starts().await;
    assert_eq!(every_page(&app).await, list_in_order(&app).await);

    use sea_orm::{ConnectionTrait, Statement};
    let sql = |s: &str| Statement::from_string(app.db.get_database_backend(), s.to_owned());
    let steps: &[&str] = &[
        // Before every page start.
        "INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
         VALUES ('Aaron', 'Early', 'aaron.early@education.gov.uk', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
        // A page's own first row goes.
        "UPDATE users SET deleted_at = CURRENT_TIMESTAMP WHERE email = 'user075@education.gov.uk'",
        // Renamed from the end of the list to its start, and one from the start to the end.
        "UPDATE users SET first_name = 'Aardvark' WHERE email = 'user250@education.gov.uk'",
        "UPDATE users SET first_name = 'Zed' WHERE email = 'user010@education.gov.uk'",
        // Several at once, in the middle.
        "UPDATE users SET deleted_at = CURRENT_TIMESTAMP
         WHERE email IN ('user120@education.gov.uk', 'user121@education.gov.uk', 'user122@education.gov.uk')",
        // The same names written again (as a sign-in does): no change to the list.
        "UPDATE users SET first_name = first_name, last_name = last_name",
        // Gone for good.
        "DELETE FROM users WHERE email = 'user200@education.gov.uk'",
    ];
    for step in steps {
        app.db.execute_raw(sql(step)).await.unwrap();
        assert_eq!(
            every_page(&app).await,
            list_in_order(&app).await,
            "after {step}"
        );
    }
}

#[tokio::test]
async fn the_change_log_is_pruned_even_when_no_deep_page_is_read() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    add_numbered_users(&app, 60).await;
    assert_eq!(app.page("/users?page=2").await.status, StatusCode::OK);
    app.wait_for_page_starts().await;
    use sea_orm::{ConnectionTrait, Statement};
    let count = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        }
    };
    // 10,100 changes by an operator's SQL, and no page read meanwhile.
    app.db
        .execute_unprepared(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10100)
             INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
             SELECT 'Bulk', 'Person', 'bulk' || i || '@education.gov.uk', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1
             FROM n",
        )
        .await
        .unwrap();
    let logged = count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM user_list_changes").await;
    assert!(logged > 10_100, "{logged}");
    service::users::prune_change_log(&app.db).await.unwrap();
    let kept = count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM user_list_changes").await;
    assert!(kept <= 10_000, "{kept}");
    // The server's remembered starts are older than the log now reaches: it works new ones
    // out, and meanwhile counts its way to the page. Every page is still right.
    let listed = list_in_order(&app).await;
    for page in [2, 100, 404] {
        let names = app
            .page(&format!("/users?page={page}"))
            .await
            .select("tbody tr td:nth-child(2)");
        let from = (page - 1) * 25;
        assert_eq!(
            names,
            listed[from..(from + 25).min(listed.len())],
            "page {page}"
        );
    }
}
