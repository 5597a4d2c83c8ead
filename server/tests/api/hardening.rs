//! Safe on the open internet: forged cross-site requests are refused, every response carries
//! the security headers, and bad input gets a GOV.UK error page, never a 500.

use crate::helpers::{TestApp, location, spawn_app, spawn_app_with};
use entity::users;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, REFERER};
use sea_orm::EntityTrait;
use server::config::Environment;

impl TestApp {
    /// A form post to `action`, with extra headers as a browser would send them.
    async fn post_with(
        &self,
        action: &str,
        form: &[(&str, &str)],
        headers: &[(&'static str, &str)],
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(action))
            .header(ACCEPT, "text/html")
            .form(form);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request")
    }

    async fn is_deleted(&self, id: i64) -> bool {
        users::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
            .deleted_at
            .is_some()
    }
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused_with_a_govuk_page() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Deleting never leaves fewer than 2 support users: a third is there.
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let id = ben.id.to_string();
    let host = app.address.trim_start_matches("http://").to_owned();

    for headers in [
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
        // An older browser: no Fetch Metadata, but an Origin that is not ours.
        vec![("origin", "https://evil.example")],
    ] {
        let response = app
            .post_with("/api/users/delete", &[("id", &id)], &headers)
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        let body = response.text().await.unwrap();
        let page = scraper::Html::parse_document(&body);
        let h1 = scraper::Selector::parse("h1").unwrap();
        assert_eq!(
            page.select(&h1).next().unwrap().text().collect::<String>(),
            "Sorry, that request could not be completed"
        );
        assert!(
            !app.is_deleted(ben.id).await,
            "nothing changed: {headers:?}"
        );
    }

    // Signing someone in from another site is refused too.
    let response = app
        .post_with(
            "/sign-in/developer",
            &[("user_id", &id)],
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // The same post from the service's own page goes through.
    let origin = app.address.clone();
    let response = app
        .post_with(
            "/api/users/delete",
            &[("id", &id)],
            &[
                ("sec-fetch-site", "same-origin"),
                ("origin", &origin),
                ("host", &host),
            ],
        )
        .await;
    assert_eq!(location(&response), "/users");
    assert!(app.is_deleted(ben.id).await);
}

#[tokio::test]
async fn no_state_changes_by_get() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let response = app.get(&format!("/api/users/delete?id={}", ben.id)).await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert!(!app.is_deleted(ben.id).await);
}

fn csp_nonce(csp: &str) -> String {
    csp.split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_owned()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let mut nonces = Vec::new();
    for path in [
        "/users",
        "/sign-in",
        "/healthz",
        "/",
        "/no-such-page",
        "/api/users/list?page=1",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(csp.contains("default-src 'self'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "{path}");
        nonces.push(csp_nonce(&csp));
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 6, "a new nonce for every response");
}

#[tokio::test]
async fn every_inline_script_carries_the_responses_nonce() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // A page with an island: it has the most inline scripts.
    let response = app.get("/users/new").await;
    let nonce = csp_nonce(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap(),
    );
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    let scripts = scraper::Selector::parse("script").unwrap();
    let mut inline = 0;
    for script in html.select(&scripts) {
        if script.value().attr("src").is_none() {
            inline += 1;
            assert_eq!(
                script.value().attr("nonce"),
                Some(nonce.as_str()),
                "{}",
                script.html()
            );
        }
    }
    assert!(
        inline >= 3,
        "the body-class, hydration and GOV.UK start-up scripts"
    );
}

#[tokio::test]
async fn production_responses_insist_on_https() {
    let app = spawn_app_with(|settings| settings.environment = Environment::Production).await;
    let response = app.get("/sign-in").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

#[tokio::test]
async fn an_oversized_request_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let huge = "x".repeat(100 * 1024);
    let response = app
        .post_form(
            "/api/users/new/continue",
            &[("first_name", &huge), ("last_name", "x"), ("email", "x")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = response.text().await.unwrap();
    assert!(body.contains("Sorry, what you sent was too large"));
    assert!(body.contains("govuk-header"), "a whole GOV.UK page");
}

#[tokio::test]
async fn malformed_form_posts_get_a_govuk_400_page() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    for (action, form) in [
        ("/api/users/new/continue", vec![("first_name", "Ada")]),
        ("/api/users/delete", vec![("id", "not-a-number")]),
        (
            "/api/users/edit/continue",
            vec![("id", "1"), ("lock_version", "x")],
        ),
        ("/api/users/new/save", vec![]),
    ] {
        // No Referer: nowhere to send the browser back to.
        let response = app
            .client
            .post(app.url(action))
            .header(ACCEPT, "text/html")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&response), "/problem/bad-request", "{action}");
    }
    let page = app.page("/problem/bad-request").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.one("h1"),
        "Sorry, there is a problem with that request"
    );

    // A body that is not a form at all.
    let response = app
        .client
        .post(app.url("/api/users/delete"))
        .header(ACCEPT, "text/html")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(REFERER, app.url("/users"))
        .body(vec![0xff, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/problem/bad-request");
}

#[tokio::test]
async fn server_functions_answer_the_apps_calls_with_the_right_status() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    for (path, status) in [
        ("/api/users/get?id=999", StatusCode::NOT_FOUND),
        ("/api/users/get?id=abc", StatusCode::BAD_REQUEST),
        ("/api/users/get", StatusCode::BAD_REQUEST),
        ("/api/users/list?page=0", StatusCode::NOT_FOUND),
        ("/api/users/list?page=-1", StatusCode::BAD_REQUEST),
    ] {
        let response = app
            .client
            .get(app.url(path))
            .header(ACCEPT, "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{path}");
    }
}

#[tokio::test]
async fn bad_ids_and_page_numbers_are_govuk_404_pages() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    for path in [
        "/users/abc",
        "/users/999999",
        "/users/-1/edit",
        "/users/99999999999999999999999/delete",
        "/users?page=abc",
        "/users?page=0",
        "/users?page=99999",
    ] {
        let page = app.page(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.one("h1"), "Page not found", "{path}");
    }
}

#[tokio::test]
async fn arbitrary_form_bodies_never_break_the_server() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let app = spawn_app().await;
    app.signed_in_user().await;
    let fields = [
        "id",
        "first_name",
        "last_name",
        "email",
        "lock_version",
        "draft_id",
        "page",
    ];
    // Bodies shaped like forms (known and unknown fields, any values, repeats) and not.
    let body = proptest::prop_oneof![
        proptest::collection::vec((proptest::sample::select(fields.to_vec()), ".{0,40}"), 0..6)
            .prop_map(|pairs| serde_urlencoded::to_string(pairs).unwrap()),
        proptest::collection::vec(proptest::num::u8::ANY, 0..200)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        "[a-z_=&%0-9]{0,80}",
    ];
    let mut runner = TestRunner::deterministic();
    for case in 0..150 {
        let body = body.new_tree(&mut runner).unwrap().current();
        for action in [
            "/api/users/new/continue",
            "/api/users/new/save",
            "/api/users/edit/continue",
            "/api/users/edit/save",
            "/api/users/delete",
            "/sign-in/developer",
        ] {
            for accept in ["text/html", "application/json"] {
                let response = app
                    .client
                    .post(app.url(action))
                    .header(ACCEPT, accept)
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                assert!(
                    !response.status().is_server_error(),
                    "case {case}: {action} ({accept}) answered {} to {body:?}",
                    response.status()
                );
            }
        }
        // The session still works after whatever was sent (a stray sign-in may have changed who
        // is signed in, but someone is).
        assert_eq!(
            app.get("/users").await.status(),
            StatusCode::OK,
            "case {case}"
        );
    }
}

#[tokio::test]
async fn a_failure_of_ours_is_the_govuk_500_page_and_nothing_of_it_leaks() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    // A row no code of ours writes (an operator's slip): reading it fails.
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET status = 'unheard-of' WHERE id = {}",
            ben.id
        ))
        .await
        .unwrap();
    let page = app.page(&format!("/users/{}", ben.id)).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        page.title(),
        "Sorry, there is a problem with the service - Register of training providers - GOV.UK"
    );
    assert_eq!(page.one("h1"), "Sorry, there is a problem with the service");
    let text = page.select("main p.govuk-body");
    assert!(
        text.contains(&"Anything you saved before the problem has been kept.".to_owned()),
        "{text:?}"
    );
    assert!(
        !page.html.html().contains("unheard-of"),
        "what went wrong stays in the log"
    );
    // The rest of the service carries on.
    assert_eq!(app.page("/account").await.status, StatusCode::OK);
}
