//! Safe when configured wrong or raced: anonymous floods write nothing, sessions that end stay
//! ended, saves save what was checked, sign-in cannot overwrite, production cookies and the
//! cross-site check, and what a visitor sends never forges a log line.

use crate::helpers::{
    ServerProcess, TestApp, browser, location, session_cookie, spawn_app, spawn_app_with,
};
use crate::notify_contract::NotifyContract;
use crate::oidc_provider::OidcProvider;
use entity::{sessions, users};
use futures::future::join_all;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, COOKIE, ORIGIN, SET_COOKIE};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use secrecy::SecretString;
use server::config::{DfeSignInSettings, Environment};
use service::users::sign_in::{DfeIdentity, Recorded, record};
use std::time::Duration;

const CONTINUE_ADD: &str = "/api/users/new/continue";
const ANSWERS_CHANGED: &str =
    "Your answers were changed in another tab or window. Check them before you save.";

impl TestApp {
    async fn session_rows(&self) -> u64 {
        sessions::Entity::find().count(&self.db).await.unwrap()
    }

    async fn active_users_named(&self, first: &str) -> Vec<users::Model> {
        users::Entity::find()
            .filter(users::Column::FirstName.eq(first))
            .filter(users::Column::DeletedAt.is_null())
            .all(&self.db)
            .await
            .unwrap()
    }

    /// Rewrites the one session's data, as time passing (or another request) would.
    async fn edit_session(
        &self,
        edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
    ) {
        let row = sessions::Entity::find()
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        let mut data: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&row.data).unwrap();
        edit(&mut data);
        let mut row: sessions::ActiveModel = row.into();
        row.data = Set(serde_json::Value::Object(data).to_string());
        row.update(&self.db).await.unwrap();
    }
}

fn no_cookies() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_flood_of_anonymous_requests_writes_no_sessions() {
    let app = spawn_app().await;
    // Each with a 60 KB query, and no cookies, as a flood would come.
    let long = format!("/users?q={}", "x".repeat(60 * 1024));
    let client = no_cookies();
    for _ in 0..40 {
        let wave = (0..25).map(|_| {
            client
                .get(app.url(&long))
                .header(ACCEPT, "text/html")
                .send()
        });
        for response in join_all(wave).await {
            let response = response.unwrap();
            assert_eq!(location(&response), "/sign-in");
            // Too long to return to: nothing is kept, not even in a cookie.
            assert!(response.headers().get(SET_COOKIE).is_none());
        }
    }
    // And the pages anyone may see.
    for path in ["/sign-in", "/healthz", "/problem/no-access"] {
        client
            .get(app.url(path))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
    }
    assert_eq!(app.session_rows().await, 0);
}

#[tokio::test]
async fn the_page_to_return_to_is_kept_in_a_cookie_of_its_own_until_sign_in() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    let response = app.get("/users?page=1").await;
    assert_eq!(location(&response), "/sign-in");
    let set: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
    assert_eq!(set.len(), 1, "{set:?}");
    assert!(set[0].to_str().unwrap().starts_with("rotp_return_to="));
    assert_eq!(app.session_rows().await, 0);

    let signed_in = app.sign_in_as(anne.id).await;
    assert_eq!(location(&signed_in), "/users?page=1");
    // Used once: the next sign-in in this browser lands on the list.
    app.post_form("/sign-out", &[]).await;
    assert_eq!(location(&app.sign_in_as(anne.id).await), "/users");
}

#[tokio::test]
async fn signing_out_while_requests_are_under_way_is_final() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    // The race is real only if some of the posts were still under way when the sign-out
    // finished: that is measured, and the scenario tried again until it happens.
    let mut overlapped = false;
    for _attempt in 0..20 {
        let cookie = session_cookie(&app.sign_in_as(anne.id).await);
        let client = no_cookies();
        let post = |i: usize| {
            let first = format!("Ada{i}");
            let sent = client
                .post(app.url(CONTINUE_ADD))
                .header(ACCEPT, "text/html")
                .header(COOKIE, &cookie)
                .form(&[
                    ("first_name", first.as_str()),
                    ("last_name", "Lovelace"),
                    ("email", "ada@education.gov.uk"),
                ])
                .send();
            async move {
                sent.await.unwrap();
                std::time::Instant::now()
            }
        };
        // 20 form posts that each write the session, and a sign-out while they run.
        let posts = join_all((0..20).map(post));
        let sign_out = async {
            tokio::task::yield_now().await;
            let response = client
                .post(app.url("/sign-out"))
                .header(ACCEPT, "text/html")
                .header(COOKIE, &cookie)
                .send()
                .await
                .unwrap();
            (response, std::time::Instant::now())
        };
        let (finished, (out, signed_out_at)) = tokio::join!(posts, sign_out);
        assert_eq!(location(&out), "/sign-in");

        let after = client
            .get(app.url("/users"))
            .header(ACCEPT, "text/html")
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(
            location(&after),
            "/sign-in",
            "the cookie still opens the service"
        );
        assert_eq!(
            app.session_rows().await,
            0,
            "a save brought the session back"
        );
        if finished.iter().any(|at| *at > signed_out_at) {
            overlapped = true;
            break;
        }
    }
    assert!(
        overlapped,
        "no post was still under way when the sign-out finished"
    );
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in_however_busy() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let hours_ago = |h: i64, extra: i64| chrono::Utc::now().timestamp() - h * 3600 - extra;

    // Eleven hours and fifty-nine minutes in, and busy: still signed in.
    let at = hours_ago(11, 59 * 60);
    app.edit_session(|data| {
        data.insert("signed_in_at".into(), at.into());
    })
    .await;
    assert_eq!(app.get("/users").await.status(), StatusCode::OK);

    let at = hours_ago(12, 1);
    app.edit_session(|data| {
        data.insert("signed_in_at".into(), at.into());
    })
    .await;
    assert_eq!(location(&app.get("/users").await), "/sign-in");
    assert_eq!(app.session_rows().await, 0);
}

fn production_dfe_sign_in(issuer: &str) -> DfeSignInSettings {
    DfeSignInSettings {
        issuer: issuer.into(),
        client_id: "rotp".into(),
        client_secret: SecretString::from("client-secret".to_owned()),
        redirect_url: "https://rotp.test/auth/dfe/callback".into(),
    }
}

pub(crate) async fn production_app(issuer: &str) -> TestApp {
    let issuer = issuer.to_owned();
    spawn_app_with(move |s| {
        s.environment = Environment::Production;
        s.service_url = Some("https://rotp.test".into());
        s.dfe_sign_in = Some(production_dfe_sign_in(&issuer));
    })
    .await
}

#[tokio::test]
async fn in_production_cookies_are_host_prefixed_and_secure() {
    let provider = OidcProvider::start().await;
    let app = production_app(&provider.issuer).await;

    let response = app.get("/users/new").await;
    let return_to = response
        .headers()
        .get(SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        return_to.starts_with("__Host-rotp_return_to="),
        "{return_to}"
    );

    // Starting to sign in keeps the sign-in under way in a cookie of its own: no session yet.
    let someone = app
        .add_user("Some", "One", "someone@education.gov.uk")
        .await;
    let response = app.get("/auth/dfe/sign-in").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let at_provider = reqwest::Url::parse(&location(&response)).unwrap();
    assert!(
        at_provider
            .as_str()
            .starts_with(&format!("{}/auth?", provider.issuer))
    );
    let set_cookies = |response: &reqwest::Response| -> Vec<String> {
        response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|c| c.to_str().unwrap().to_owned())
            .collect()
    };
    let host_cookie = |cookies: &[String], name: &str| -> String {
        let cookie = cookies
            .iter()
            .find(|c| c.starts_with(&format!("__Host-{name}=")))
            .unwrap_or_else(|| panic!("no __Host-{name} cookie in {cookies:?}"))
            .clone();
        for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
        }
        assert!(!cookie.contains("Domain"), "{cookie}");
        cookie
    };
    let pending = host_cookie(&set_cookies(&response), "rotp_dfe_pending");
    // Long enough to sign in at DfE Sign-in, and no longer: 15 minutes.
    assert!(pending.split("; ").any(|a| a == "Max-Age=900"), "{pending}");
    assert_eq!(app.session_rows().await, 0);

    // Back from DfE Sign-in (over HTTPS in production: the test hands the cookie back itself).
    let param = |name: &str| {
        at_provider
            .query_pairs()
            .find(|(k, _)| k == name)
            .unwrap()
            .1
            .into_owned()
    };
    provider.answer_next(
        crate::oidc_provider::NextToken::Good {
            sub: "dsi-someone".into(),
            email: "someone@education.gov.uk".into(),
        },
        &param("nonce"),
    );
    let back = app
        .client
        .get(app.url(&format!(
            "/auth/dfe/callback?code=the-code&state={}",
            param("state")
        )))
        .header(ACCEPT, "text/html")
        .header("cookie", pending.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
    // Where the visitor was going before signing in (remembered above).
    assert_eq!(location(&back), "/users/new");
    let cookies = set_cookies(&back);
    host_cookie(&cookies, "rotp_session");
    // The sign-in under way is over: its cookie is cleared.
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("__Host-rotp_dfe_pending=;") && c.contains("Max-Age=0")),
        "{cookies:?}"
    );
    assert_eq!(app.session_rows().await, 1);
    assert!(app.user_row(someone.id).await.dfe_sign_in_uid.is_some());
}

#[tokio::test]
async fn in_production_a_form_must_come_from_the_services_own_address() {
    // DfE Sign-in unreachable: signing out still goes to the sign-in page.
    let app = production_app("http://127.0.0.1:9").await;
    let post = |client: reqwest::Client, origin: String| {
        let url = app.url("/sign-out");
        async move {
            client
                .post(url)
                .header(ACCEPT, "text/html")
                .header(ORIGIN, origin)
                .send()
                .await
                .unwrap()
        }
    };
    // Behind a proxy, Host is the instance's address; the page was the service's.
    let ours = post(no_cookies(), "https://rotp.test".into()).await;
    assert_eq!(location(&ours), "/sign-in");
    // A page served from the instance's own address is not the service.
    let by_host = post(no_cookies(), app.address.clone()).await;
    assert_eq!(by_host.status(), StatusCode::FORBIDDEN);
    let evil = post(no_cookies(), "https://evil.example".into()).await;
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);

    // HTTP/2 has no Host header at all.
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let ours = post(h2.clone(), "https://rotp.test".into()).await;
    assert_eq!(ours.version(), reqwest::Version::HTTP_2);
    assert_eq!(location(&ours), "/sign-in");
    assert_eq!(
        post(h2, "https://evil.example".into()).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn over_http2_a_form_from_the_same_address_works_in_development() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    let h2 = reqwest::Client::builder()
        .http2_prior_knowledge()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = h2
        .post(app.url("/sign-in/developer"))
        .header(ACCEPT, "text/html")
        .header(ORIGIN, app.address.clone())
        .form(&[("user_id", anne.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.version(), reqwest::Version::HTTP_2);
    assert_eq!(location(&response), "/users");
}

#[tokio::test]
async fn what_a_visitor_sends_is_never_spliced_into_a_log_line() {
    let provider = OidcProvider::start().await;
    let dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let log_path = dir.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let redirect_url = "http://127.0.0.1:1/auth/dfe/callback";
    let server = ServerProcess::start_with(
        &database_url,
        &notify,
        &[
            ("DFE_SIGN_IN_ISSUER", provider.issuer.as_str()),
            ("DFE_SIGN_IN_CLIENT_ID", "rotp"),
            ("DFE_SIGN_IN_CLIENT_SECRET", "client-secret-never-logged"),
            ("DFE_SIGN_IN_REDIRECT_URL", redirect_url),
        ],
        Some(log),
    )
    .await;
    let client = browser();
    let started = client
        .get(format!("{}/auth/dfe/sign-in", server.address))
        .send()
        .await
        .unwrap();
    let authorize = url::Url::parse(&location(&started)).unwrap();
    let state = authorize
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let forged = "access_denied\n2026-12-01T00:00:00.000000Z  INFO forged: signed in as admin";
    let callback = client
        .get(format!("{}/auth/dfe/callback", server.address))
        .query(&[("state", state.as_str()), ("error", forged)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&callback), "/problem/sign-in-failed");

    // The line is written as the response goes; give it a moment to reach the file.
    let mut logged = String::new();
    for _ in 0..50 {
        logged = std::fs::read_to_string(&log_path).unwrap();
        if logged.contains("callback refused") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(logged.contains("callback refused"), "{logged}");
    assert!(
        !logged
            .lines()
            .any(|line| line.contains("forged:") && !line.contains("refused")),
        "a visitor wrote a log line of their own:\n{logged}"
    );
    assert!(logged.contains(r"access_denied\n2026"), "{logged}");
    assert!(!logged.contains("client-secret-never-logged"));
}

fn identity(uid: &str, email: &str) -> DfeIdentity {
    DfeIdentity {
        uid: uid.into(),
        email: Some(email.into()),
        first_name: Some("Ada".into()),
        last_name: Some("King".into()),
    }
}

#[tokio::test]
async fn a_sign_in_recorded_from_a_stale_read_writes_nothing() {
    let app = spawn_app().await;
    let ada = app
        .add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    // Read as the sign-in reads it; then support staff change her before it writes.
    let as_read = app.user_row(ada.id).await;
    let mut changed: users::ActiveModel = as_read.clone().into();
    changed.email = Set("ada.lovelace@education.gov.uk".into());
    changed.lock_version = Set(as_read.lock_version + 1);
    changed.update(&app.db).await.unwrap();

    let result = record(
        &app.db,
        &as_read,
        &identity("dsi-1", "ada@education.gov.uk"),
    )
    .await
    .unwrap();
    assert_eq!(result, Recorded::Stale);
    let row = app.user_row(ada.id).await;
    assert_eq!(
        row.email, "ada.lovelace@education.gov.uk",
        "the change is kept"
    );
    assert_eq!(row.last_name, "Lovelace");
    assert_eq!(row.dfe_sign_in_uid, None);

    // Deleted before the sign-in writes: nothing written, and the sign-in has no access.
    let as_read = app.user_row(ada.id).await;
    app.mark_deleted(ada.id).await;
    let result = record(
        &app.db,
        &as_read,
        &identity("dsi-1", "ada.lovelace@education.gov.uk"),
    )
    .await
    .unwrap();
    assert_eq!(result, Recorded::Stale);
    assert_eq!(app.user_row(ada.id).await.last_signed_in_at, None);
    assert_eq!(
        service::users::sign_in::sign_in(
            &app.db,
            &identity("dsi-1", "ada.lovelace@education.gov.uk")
        )
        .await
        .unwrap(),
        Err(service::users::sign_in::NoAccess::Unknown)
    );
}

#[tokio::test]
async fn save_user_saves_the_answers_its_check_page_showed() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Tab A checks Ada; tab B (same browser, same session) continues with Bob.
    app.continue_with("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    let tab_a = app.draft_id().await;
    app.continue_with("Bob", "Brown", "bob@education.gov.uk")
        .await;
    let tab_b = app.draft_id().await;
    assert_ne!(tab_a, tab_b);

    // Tab A's "Save user" saves nothing, and shows the answers now in progress, and why.
    let response = app.save(&tab_a).await;
    assert_eq!(location(&response), "/users/new/check");
    let check = app.page("/users/new/check").await;
    assert_eq!(
        check.one(".govuk-notification-banner__heading"),
        ANSWERS_CHANGED
    );
    assert!(check.one(".govuk-summary-list").contains("Bob"));
    assert!(app.active_users_named("Ada").await.is_empty());
    assert!(app.active_users_named("Bob").await.is_empty());
    // Said once.
    assert!(
        app.page("/users/new/check")
            .await
            .select(".govuk-notification-banner")
            .is_empty()
    );

    assert_eq!(location(&app.save(&tab_b).await), "/users");
    assert_eq!(app.active_users_named("Bob").await.len(), 1);
}

#[tokio::test]
async fn answers_saved_once_never_stand_in_for_others() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.continue_with("Bob", "Brown", "bob@education.gov.uk")
        .await;
    let saved = app.draft_id().await;
    assert_eq!(location(&app.save(&saved).await), "/users");

    // A request that read the draft before that save writes it back afterwards, with other
    // answers (two tabs racing): the draft in progress carries the saved answers' id.
    app.edit_session(|data| {
        data.insert(
            "user_draft:new".into(),
            serde_json::json!({
                "id": saved,
                "values": {"first_name": "Cara", "last_name": "Cole", "email": "cara@education.gov.uk"},
                "lock_version": null,
            }),
        );
    })
    .await;
    app.continue_with("Cara", "Cole", "cara@education.gov.uk")
        .await;
    let cara = app.draft_id().await;
    assert_ne!(
        cara, saved,
        "a new journey's answers get a key of their own"
    );
    assert_eq!(location(&app.save(&cara).await), "/users");
    assert_eq!(
        app.active_users_named("Cara").await.len(),
        1,
        "\"Support user added\" was shown for nothing"
    );
}

#[tokio::test]
async fn a_change_saves_the_answers_its_check_page_showed() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    app.continue_change(&ben, "Benjamin", "Carter", "ben.carter@education.gov.uk")
        .await;
    let check = app.page(&format!("/users/{}/check", ben.id)).await;
    let tab_a = check
        .attrs("input[name='draft_id']", "value")
        .pop()
        .unwrap();
    app.continue_change(&ben, "Benny", "Carter", "ben.carter@education.gov.uk")
        .await;

    let response = app
        .post_form_from(
            &format!("/users/{}/check", ben.id),
            "/api/users/edit/save",
            &[("id", &ben.id.to_string()), ("draft_id", &tab_a)],
        )
        .await;
    assert_eq!(location(&response), format!("/users/{}/check", ben.id));
    let check = app.page(&format!("/users/{}/check", ben.id)).await;
    assert_eq!(
        check.one(".govuk-notification-banner__heading"),
        ANSWERS_CHANGED
    );
    assert!(check.one(".govuk-summary-list").contains("Benny"));
    assert_eq!(app.user_row(ben.id).await.first_name, "Ben");

    assert_eq!(
        location(&app.save_change(ben.id).await),
        format!("/users/{}", ben.id)
    );
    assert_eq!(app.user_row(ben.id).await.first_name, "Benny");
}

#[tokio::test]
async fn a_flood_of_sign_ins_started_writes_no_sessions() {
    let provider = OidcProvider::start().await;
    let app = production_app(&provider.issuer).await;
    let client = no_cookies();
    for _ in 0..20 {
        let wave = (0..25).map(|_| {
            client
                .get(app.url("/auth/dfe/sign-in"))
                .header(ACCEPT, "text/html")
                .send()
        });
        for response in join_all(wave).await {
            let response = response.unwrap();
            assert!(location(&response).starts_with(&provider.issuer));
        }
    }
    assert_eq!(app.session_rows().await, 0);
}

#[tokio::test]
async fn a_failed_discovery_is_not_asked_again_for_a_few_seconds() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // DfE Sign-in is down: its discovery answers 503, and counts how often it is asked.
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let router = axum::Router::new().route(
        "/.well-known/openid-configuration",
        axum::routing::get(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { axum::http::StatusCode::SERVICE_UNAVAILABLE }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let app = spawn_app_with({
        let issuer = issuer.clone();
        move |s| {
            s.dfe_sign_in = Some(DfeSignInSettings {
                issuer,
                client_id: "rotp".into(),
                client_secret: SecretString::from("client-secret".to_owned()),
                redirect_url: "http://127.0.0.1:1/auth/dfe/callback".into(),
            })
        }
    })
    .await;
    let client = no_cookies();
    for _ in 0..50 {
        let response = client
            .get(app.url("/auth/dfe/sign-in"))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(location(&response), "/problem/sign-in-failed");
    }
    // Fifty sign-ins within a few seconds of the first failure: one question to DfE Sign-in.
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}
