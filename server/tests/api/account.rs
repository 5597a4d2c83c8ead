//! "Your account" (SPEC §9): the signed-in person's own details, and "Sign out everywhere".

use crate::helpers::{TestApp, browser, location, spawn_app, spawn_app_on};
use entity::sessions;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn sessions_of(app: &TestApp, user_id: i64) -> u64 {
    sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .count(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn your_account_shows_your_details_and_the_sign_in_before_this_one() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let page = app.page("/account").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.title(),
        "Your account - Register of training providers - GOV.UK"
    );
    assert_eq!(page.one("h1"), "Your account");
    assert_eq!(page.one(".govuk-breadcrumbs__link"), "Home");
    assert_eq!(
        page.attrs(".govuk-breadcrumbs__link", "href"),
        vec!["/users"]
    );
    // Reached from the header, beside "Sign out".
    assert_eq!(
        page.attrs(
            ".govuk-service-navigation__link[href='/account']",
            "aria-current"
        ),
        vec!["true"]
    );
    assert_eq!(
        page.select(".govuk-summary-list__key"),
        vec!["First name", "Last name", "Email address", "Last signed in"]
    );
    assert_eq!(
        page.select(".govuk-summary-list__value"),
        vec![
            "Anne",
            "Wilson",
            "anne.wilson@education.gov.uk",
            "This is your first sign-in"
        ]
    );
    assert!(page.select(".govuk-summary-list__actions").is_empty());
    assert_eq!(
        page.one(".govuk-inset-text"),
        "Your name and email address come from your DfE Sign-in account. To change them, update your DfE Sign-in profile."
    );
    assert_eq!(
        page.attrs(".govuk-inset-text a", "href"),
        vec!["https://profile.signin.education.gov.uk"]
    );
    assert_eq!(page.one("main form button"), "Sign out everywhere");

    // Signing in again: the page shows the sign-in before this one, not this one.
    let first = app.user_row(me.id).await.last_signed_in_at.unwrap();
    let mut later = app.clone_handle();
    later.client = browser();
    later.sign_in_as(me.id).await;
    let page = later.page("/account").await;
    let shown = &page.select(".govuk-summary-list__value")[3];
    assert_eq!(shown, &app::ssr::time_format::uk_date_time(first));
    // Every list page links to it.
    assert_eq!(
        app.page("/users")
            .await
            .select(".govuk-service-navigation__link[href='/account']"),
        vec!["Your account"]
    );
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_yours_on_every_instance() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let colin = app
        .add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    // The same person in another browser, on another instance; and someone else.
    let mut elsewhere = spawn_app_on(&app.database_url).await;
    elsewhere.client = browser();
    elsewhere.sign_in_as(me.id).await;
    let mut colins = app.clone_handle();
    colins.client = browser();
    colins.sign_in_as(colin.id).await;
    assert_eq!(sessions_of(&app, me.id).await, 2);

    let response = app
        .post_form_from("/account", "/api/account/sign-out-everywhere", &[])
        .await;
    assert_eq!(location(&response), "/sign-in");
    assert_eq!(sessions_of(&app, me.id).await, 0);
    assert_eq!(location(&app.get("/users").await), "/sign-in");
    assert_eq!(location(&elsewhere.get("/users").await), "/sign-in");
    // Nobody else is signed out.
    assert_eq!(colins.page("/users").await.status, StatusCode::OK);
    assert_eq!(sessions_of(&app, colin.id).await, 1);
}
