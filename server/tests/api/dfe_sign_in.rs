//! DfE Sign-in: how an identity from DfE Sign-in is matched to a support user and what a
//! sign-in records (against the database), and the routes when DfE Sign-in is configured.

use crate::helpers::{location, spawn_app, spawn_app_with};
use entity::audit_events;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use server::config::DfeSignInSettings;
use service::users::sign_in::{DfeIdentity, NoAccess, sign_in};

fn identity(uid: &str, email: &str, first: &str, last: &str) -> DfeIdentity {
    DfeIdentity {
        uid: uid.into(),
        email: Some(email.into()),
        first_name: Some(first.into()),
        last_name: Some(last.into()),
    }
}

#[tokio::test]
async fn the_first_sign_in_matches_by_email_and_links_the_account() {
    let app = spawn_app().await;
    let ada = app
        .add_user("Ada", "Lovelace", "ada.lovelace@education.gov.uk")
        .await;

    let signed_in = sign_in(
        &app.db,
        &identity("dsi-1", "Ada.Lovelace@EDUCATION.gov.uk", "Ada", "King"),
    )
    .await
    .unwrap()
    .expect("matched by email, whatever its case");
    assert_eq!(signed_in.user.id, ada.id);
    assert_eq!(signed_in.previous_sign_in_at, None, "a first sign-in");

    let row = app.user_row(ada.id).await;
    assert_eq!(row.dfe_sign_in_uid.as_deref(), Some("dsi-1"));
    assert!(row.last_signed_in_at.is_some());
    assert_eq!(row.last_name, "King", "names come from DfE Sign-in");
    let audit = audit_events::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_id, Some(ada.id));
    assert!(audit[0].changes.contains("King"));
}

#[tokio::test]
async fn later_sign_ins_match_by_id_and_take_the_new_email() {
    let app = spawn_app().await;
    let ada = app
        .add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    sign_in(
        &app.db,
        &identity("dsi-1", "ada@education.gov.uk", "Ada", "Lovelace"),
    )
    .await
    .unwrap()
    .unwrap();
    let first_time = app.user_row(ada.id).await.last_signed_in_at.unwrap();

    // Her DfE Sign-in address changed: the id still finds her.
    let again = sign_in(
        &app.db,
        &identity(
            "dsi-1",
            "ada.king@digital.education.gov.uk",
            "Ada",
            "Lovelace",
        ),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(again.user.id, ada.id);
    assert_eq!(again.previous_sign_in_at, Some(first_time));
    let row = app.user_row(ada.id).await;
    assert_eq!(row.email, "ada.king@digital.education.gov.uk");
    assert!(row.last_signed_in_at.unwrap() >= first_time);
}

#[tokio::test]
async fn an_address_linked_to_another_account_is_refused() {
    let app = spawn_app().await;
    app.add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    sign_in(
        &app.db,
        &identity("dsi-1", "ada@education.gov.uk", "Ada", "Lovelace"),
    )
    .await
    .unwrap()
    .unwrap();

    let other = sign_in(
        &app.db,
        &identity("dsi-2", "ada@education.gov.uk", "Ada", "L"),
    )
    .await
    .unwrap();
    assert_eq!(other, Err(NoAccess::LinkedToAnotherAccount));
}

#[tokio::test]
async fn deleted_and_unknown_people_have_no_access() {
    let app = spawn_app().await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    sign_in(
        &app.db,
        &identity("dsi-ben", "ben@education.gov.uk", "Ben", "Carter"),
    )
    .await
    .unwrap()
    .unwrap();
    app.mark_deleted(ben.id).await;

    for who in [
        identity("dsi-ben", "ben@education.gov.uk", "Ben", "Carter"),
        identity("dsi-new", "ben@education.gov.uk", "Ben", "Carter"),
        identity("dsi-x", "nobody@education.gov.uk", "No", "Body"),
        identity("dsi-y", "someone@example.com", "Some", "One"),
        DfeIdentity {
            uid: "dsi-z".into(),
            email: None,
            first_name: None,
            last_name: None,
        },
    ] {
        assert_eq!(
            sign_in(&app.db, &who).await.unwrap(),
            Err(NoAccess::Unknown),
            "{who:?}"
        );
    }
}

#[tokio::test]
async fn an_email_from_dfe_sign_in_that_is_someone_elses_is_not_taken() {
    let app = spawn_app().await;
    let ada = app
        .add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    sign_in(
        &app.db,
        &identity("dsi-1", "ada@education.gov.uk", "Ada", "Lovelace"),
    )
    .await
    .unwrap()
    .unwrap();
    sign_in(
        &app.db,
        &identity("dsi-1", "ben@education.gov.uk", "", "Lovelace"),
    )
    .await
    .unwrap()
    .unwrap();
    let row = app.user_row(ada.id).await;
    assert_eq!(row.email, "ada@education.gov.uk");
    assert_eq!(
        row.first_name, "Ada",
        "an empty name from DfE Sign-in is not taken"
    );
}

fn dfe_settings(issuer: &str) -> DfeSignInSettings {
    DfeSignInSettings {
        issuer: issuer.into(),
        client_id: "rotp".into(),
        client_secret: "secret".into(),
        redirect_url: "http://127.0.0.1:1/auth/dfe/callback".into(),
    }
}

#[tokio::test]
async fn with_dfe_sign_in_there_are_no_personas() {
    // An issuer nobody answers at: the service still starts.
    let app = spawn_app_with(|s| s.dfe_sign_in = Some(dfe_settings("http://127.0.0.1:9"))).await;
    let ada = app
        .add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;

    let response = app.sign_in_as(ada.id).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let page = app.page("/sign-in").await;
    assert!(page.select("form[action='/sign-in/developer']").is_empty());
    assert_eq!(
        page.attrs("a.govuk-button--start", "href"),
        vec!["/auth/dfe/sign-in"]
    );
    assert_eq!(
        page.one("a.govuk-button--start"),
        "Sign in with DfE Sign-in"
    );

    // DfE Sign-in unreachable: a clear page, not a 500.
    let response = app.get("/auth/dfe/sign-in").await;
    assert_eq!(location(&response), "/problem/sign-in-failed");
    // A callback with no sign-in under way (stale, replayed, forged).
    let response = app.get("/auth/dfe/callback?code=abc&state=xyz").await;
    assert_eq!(location(&response), "/problem/sign-in-failed");
    let page = app.page("/problem/sign-in-failed").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.one("h1"), "Sorry, we could not sign you in");
    let page = app.page("/problem/no-access").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(page.one("h1"), "You do not have access to this service");
}

#[tokio::test]
async fn without_dfe_sign_in_its_routes_do_not_exist() {
    let app = spawn_app().await;
    for path in ["/auth/dfe/sign-in", "/auth/dfe/callback?code=a&state=b"] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

/// Starts a sign-in, has the provider answer the code exchange with `token`, and comes back:
/// where the callback sent the browser.
async fn sign_in_through(
    provider: &crate::oidc_provider::OidcProvider,
    app: &crate::helpers::TestApp,
    token: crate::oidc_provider::NextToken,
) -> String {
    let start = app.get("/auth/dfe/sign-in").await;
    let at_provider = reqwest::Url::parse(&location(&start)).expect("off to the provider");
    let param = |name: &str| {
        at_provider
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("no {name} in {at_provider}"))
    };
    provider.answer_next(token, &param("nonce"));
    let back = app
        .get(&format!(
            "/auth/dfe/callback?code=the-code&state={}",
            param("state")
        ))
        .await;
    location(&back)
}

/// The app signing in with DfE Sign-in's stand-in, one that signs its ID tokens.
async fn app_signing_in_with_a_stand_in()
-> (crate::oidc_provider::OidcProvider, crate::helpers::TestApp) {
    use crate::oidc_provider::OidcProvider;
    let provider = OidcProvider::start().await;
    let issuer = provider.issuer.clone();
    let app = spawn_app_with(move |s| {
        s.dfe_sign_in = Some(DfeSignInSettings {
            issuer,
            client_id: OidcProvider::CLIENT_ID.into(),
            client_secret: "secret".into(),
            redirect_url: "http://127.0.0.1:1/auth/dfe/callback".into(),
        })
    })
    .await;
    (provider, app)
}

#[tokio::test]
async fn only_a_good_id_token_signs_anyone_in() {
    use crate::oidc_provider::NextToken;
    let (provider, app) = app_signing_in_with_a_stand_in().await;
    // The bad tokens name someone who is a support user: only the checks keep them out.
    let someone = app
        .add_user("Some", "One", "someone@education.gov.uk")
        .await;
    for bad in [
        NextToken::Expired,
        NextToken::ForAnotherAudience,
        NextToken::FromAnotherIssuer,
        NextToken::WithAnotherNonce,
        NextToken::EndpointFails,
    ] {
        assert_eq!(
            sign_in_through(&provider, &app, bad.clone()).await,
            "/problem/sign-in-failed",
            "{bad:?}"
        );
        assert_eq!(location(&app.get("/users").await), "/sign-in", "{bad:?}");
        assert_eq!(app.user_row(someone.id).await.dfe_sign_in_uid, None);
    }
    let page = app.page("/problem/sign-in-failed").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(page.one("h1"), "Sorry, we could not sign you in");

    // The same round trip with a good token: signed in.
    let good = NextToken::Good {
        sub: "dsi-someone".into(),
        email: "someone@education.gov.uk".into(),
    };
    assert_eq!(sign_in_through(&provider, &app, good).await, "/users");
    assert_eq!(app.page("/users").await.status, StatusCode::OK);
    assert_eq!(
        app.user_row(someone.id).await.dfe_sign_in_uid.as_deref(),
        Some("dsi-someone")
    );
}

#[tokio::test]
async fn dfe_sign_ins_own_session_expiring_starts_sign_in_again_once() {
    use crate::oidc_provider::NextToken;
    let (provider, app) = app_signing_in_with_a_stand_in().await;
    app.add_user("Some", "One", "someone@education.gov.uk")
        .await;
    let state_at_provider = |response: &reqwest::Response| {
        let url = reqwest::Url::parse(&location(response)).expect("off to the provider");
        let state = url.query_pairs().find(|(k, _)| k == "state").unwrap().1;
        (state.into_owned(), url)
    };
    // Going to a page signed out remembers it; sign-in starts.
    assert_eq!(location(&app.get("/users?page=1").await), "/sign-in");
    let (state, _) = state_at_provider(&app.get("/auth/dfe/sign-in").await);
    // DfE Sign-in's session expired while the person was there: start again, not a failure.
    let back = app
        .get(&format!(
            "/auth/dfe/callback?error=sessionexpired&state={state}"
        ))
        .await;
    assert_eq!(location(&back), "/auth/dfe/sign-in?again");
    let (state, at_provider) = state_at_provider(&app.get(&location(&back)).await);
    // That sign-in completes, and lands where the person was going.
    let nonce = at_provider
        .query_pairs()
        .find(|(k, _)| k == "nonce")
        .unwrap()
        .1
        .into_owned();
    provider.answer_next(
        NextToken::Good {
            sub: "dsi-someone".into(),
            email: "someone@education.gov.uk".into(),
        },
        &nonce,
    );
    let signed_in = app
        .get(&format!("/auth/dfe/callback?code=the-code&state={state}"))
        .await;
    assert_eq!(location(&signed_in), "/users?page=1");

    // Started again once only: a second expiry in a row is a failure, never a loop.
    app.post_form("/sign-out", &[]).await;
    let (state, _) = state_at_provider(&app.get("/auth/dfe/sign-in?again").await);
    let back = app
        .get(&format!(
            "/auth/dfe/callback?error=sessionexpired&state={state}"
        ))
        .await;
    assert_eq!(location(&back), "/problem/sign-in-failed");
    // Nor for a state that is not this sign-in's.
    let _ = app.get("/auth/dfe/sign-in").await;
    let back = app
        .get("/auth/dfe/callback?error=sessionexpired&state=forged")
        .await;
    assert_eq!(location(&back), "/problem/sign-in-failed");
}
