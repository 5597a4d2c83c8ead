use crate::helpers::{browser, location, spawn_app};
use reqwest::StatusCode;

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in() {
    let app = spawn_app().await;
    for path in ["/users", "/users/1", "/users?page=2", "/anything-else"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&response), "/sign-in", "{path}");
    }
}

#[tokio::test]
async fn home_goes_to_the_users_list() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let response = app.get("/").await;
    assert_eq!(location(&response), "/users");
}

#[tokio::test]
async fn anonymous_server_function_calls_are_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/users/list?page=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_in_page_lists_the_personas() {
    let app = spawn_app().await;
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    app.add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    app.add_user("Not", "Apersona", "not.apersona@education.gov.uk")
        .await;
    let page = app.page("/sign-in").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.title(),
        "Sign in - Register of training providers - GOV.UK"
    );
    assert_eq!(
        page.select("form[action='/sign-in/developer'] button"),
        vec!["Sign in as Anne Wilson", "Sign in as Colin Chapman"]
    );
    // Not signed in: no "Sign out".
    assert!(page.select("form[action='/sign-out']").is_empty());
}

#[tokio::test]
async fn a_persona_signs_in_and_out() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;

    let response = app.sign_in_as(anne.id).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/users");
    let page = app.page("/users").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.select(".govuk-service-navigation__list button"),
        vec!["Sign out"]
    );

    let response = app.post_form("/sign-out", &[]).await;
    assert_eq!(location(&response), "/sign-in");
    assert_eq!(location(&app.get("/users").await), "/sign-in");
}

#[tokio::test]
async fn signing_in_records_the_time_and_rotates_the_session_id() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    assert!(anne.last_signed_in_at.is_none());

    // Someone signed in already in this browser: signing in again gets a new session id, and
    // the old one opens nothing.
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    let cookie_before = crate::helpers::session_cookie(&app.sign_in_as(ben.id).await);
    let response = app.sign_in_as(anne.id).await;
    let cookie_after = crate::helpers::session_cookie(&response);
    assert_ne!(cookie_before, cookie_after);
    let set = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("rotp_session="))
        .unwrap();
    assert!(set.contains("HttpOnly"));
    assert!(set.contains("SameSite=Lax"));
    let old = crate::helpers::browser()
        .get(app.url("/users"))
        .header("accept", "text/html")
        .header("cookie", &cookie_before)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&old), "/sign-in");

    let anne = app_user(&app, anne.id).await;
    assert!(anne.last_signed_in_at.is_some());
}

#[tokio::test]
async fn after_signing_in_you_land_on_the_page_you_asked_for() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    assert_eq!(
        location(&app.get(&format!("/users/{}", anne.id)).await),
        "/sign-in"
    );
    let response = app.sign_in_as(anne.id).await;
    assert_eq!(location(&response), format!("/users/{}", anne.id));
}

#[tokio::test]
async fn a_deleted_user_cannot_sign_in() {
    let app = spawn_app().await;
    let gone = app
        .add_user("Gone", "Away", "gone.away@education.gov.uk")
        .await;
    app.mark_deleted(gone.id).await;
    let response = app.sign_in_as(gone.id).await;
    assert_eq!(location(&response), "/sign-in");
    assert_eq!(location(&app.get("/users").await), "/sign-in");
}

#[tokio::test]
async fn a_deleted_users_open_session_stops_working() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    assert_eq!(app.get("/users").await.status(), StatusCode::OK);
    app.mark_deleted(me.id).await;
    assert_eq!(location(&app.get("/users").await), "/sign-in");
}

#[tokio::test]
async fn an_unknown_or_malformed_persona_post_signs_nobody_in() {
    let app = spawn_app().await;
    for form in [vec![("user_id", "999")], vec![("user_id", "abc")], vec![]] {
        let response = app.post_form("/sign-in/developer", &form).await;
        assert_eq!(location(&response), "/sign-in", "{form:?}");
    }
    assert_eq!(location(&app.get("/users").await), "/sign-in");
}

#[tokio::test]
async fn a_session_started_on_one_instance_is_valid_on_another() {
    // Two servers on one database: sessions live in the database, not in a process.
    let first = spawn_app().await;
    let second = crate::helpers::spawn_app_on(&first.database_url).await;
    let anne = first
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    let cookie = crate::helpers::session_cookie(&first.sign_in_as(anne.id).await);

    let on_second = browser()
        .get(second.url("/users"))
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(on_second.status(), StatusCode::OK);

    // Signing out on the second ends the session on the first too.
    let out = browser()
        .post(second.url("/sign-out"))
        .header("accept", "text/html")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&out), "/sign-in");
    assert_eq!(location(&first.get("/users").await), "/sign-in");
}

async fn app_user(app: &crate::helpers::TestApp, id: i64) -> entity::users::Model {
    use sea_orm::EntityTrait;
    entity::users::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn reading_pages_keeps_a_session_alive() {
    use entity::sessions;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let app = spawn_app().await;
    app.signed_in_user().await;
    // As if the session were last saved nearly 2 hours ago: a minute of life left.
    let row = sessions::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now().timestamp();
    let data = row.data.replace("\"seen\":", "\"seen_before\":");
    let mut stale: sessions::ActiveModel = row.into();
    stale.expires_at = Set(now + 60);
    stale.data = Set(data);
    stale.update(&app.db).await.unwrap();

    // Reading a page is activity: the 2 hours start again.
    assert_eq!(app.get("/users").await.status(), StatusCode::OK);
    let row = sessions::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.expires_at > now + 60 * 60,
        "expires in {} s",
        row.expires_at - now
    );
}

#[tokio::test]
async fn a_session_keeps_who_is_signed_in_by_id_only() {
    // The session store reads the signed-in user with the session on every request; what it
    // keeps is only their id, so a renamed or removed user is seen as they are now.
    use entity::sessions;
    use sea_orm::EntityTrait;
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    // A request that loads the session (and its user) and then saves it: a draft.
    let response = app
        .post_form_from(
            "/users/new",
            "/api/users/new/continue",
            &[
                ("first_name", "Grace"),
                ("last_name", "Hopper"),
                ("email", "grace.hopper@education.gov.uk"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/users/new/check");
    let row = sessions::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.user_id, Some(me.id));
    assert!(
        row.data.contains("Grace"),
        "the draft is kept: {}",
        row.data
    );
    assert!(
        !row.data.contains("Wilson") && !row.data.contains(service::session_keys::SIGNED_IN_USER),
        "the signed-in user's details are not kept: {}",
        row.data
    );
}

#[tokio::test]
async fn sessions_from_before_hashed_ids_are_ended_by_the_upgrade() {
    // The database as an earlier release left it (before sessions had a user column, and
    // before their ids were hashed), with a session whose data names its user and holds a
    // draft with a NUL character, which PostgreSQL's JSON types refuse. Its id is in the
    // database as the cookie holds it: the upgrade ends it (SPEC §10), and nothing fails.
    use migrations::{Migrator, MigratorTrait};
    use sea_orm::sea_query::{Alias, Query};
    use sea_orm::{ConnectionTrait, Database};
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database(&dir).await;
    let db = Database::connect(&url).await.unwrap();
    Migrator::up(&db, Some(4)).await.unwrap();
    // As that release wrote a user: its columns only.
    db.execute_unprepared(
        "INSERT INTO users (first_name, last_name, email, created_at, updated_at, lock_version)
         VALUES ('Anne', 'Wilson', 'anne.wilson@education.gov.uk', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
    )
    .await
    .unwrap();
    let me_id: i64 = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM users WHERE email = 'anne.wilson@education.gov.uk'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "id")
        .unwrap();
    let id = tower_sessions::session::Id::default().to_string();
    let data = format!(r#"{{"user_id":{me_id},"draft":"a\u0000b"}}"#);
    let expires = chrono::Utc::now().timestamp() + 3600;
    let insert = Query::insert()
        .into_table(Alias::new("sessions"))
        .columns([
            Alias::new("id"),
            Alias::new("data"),
            Alias::new("expires_at"),
        ])
        .values_panic([id.clone().into(), data.into(), expires.into()])
        .to_owned();
    db.execute(&insert).await.unwrap();
    db.close().await.unwrap();

    // The new release migrates the database as it starts.
    let app = crate::helpers::spawn_app_on(&url).await;
    let response = browser()
        .get(app.url("/users"))
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::COOKIE, format!("rotp_session={id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(crate::helpers::location(&response), "/sign-in");
    let left = <entity::sessions::Entity as sea_orm::EntityTrait>::find()
        .all(&app.db)
        .await
        .unwrap();
    assert!(left.is_empty(), "the session was ended");
}

#[tokio::test]
async fn signing_in_as_someone_else_in_the_same_browser_acts_as_them() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Jones", "ben.jones@education.gov.uk")
        .await;
    let bens_form = format!("/users/{}/edit", ben.id);
    assert_eq!(app.page(&bens_form).await.status, StatusCode::OK);

    app.sign_in_as(ben.id).await;
    // Ben now: his own account is the one he may not change.
    let page = app.page(&bens_form).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.select("p")
            .iter()
            .any(|p| p == domain::content::FORBIDDEN_BODY_2)
    );
}
