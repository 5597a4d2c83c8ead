use crate::helpers::spawn_app;
use entity::users;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn details_of_a_user_who_never_signed_in_can_be_changed() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;

    let page = app.page(&format!("/users/{}", ben.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.title(),
        "View support user - Register of training providers - GOV.UK"
    );
    assert_eq!(page.one(".govuk-caption-l"), "Support user");
    assert_eq!(page.one("h1"), "Ben Carter");
    assert_eq!(
        page.select(".govuk-summary-list__key"),
        vec![
            "First name",
            "Last name",
            "Email address",
            "Is the account active?"
        ]
    );
    assert_eq!(
        page.select(".govuk-summary-list__value"),
        vec!["Ben", "Carter", "ben.carter@education.gov.uk", "Yes"]
    );
    assert_eq!(
        page.select(".govuk-summary-list__actions a"),
        vec![
            "Change first name",
            "Change last name",
            "Change email address",
            "Change whether the account is active"
        ]
    );
    assert!(
        page.attrs(".govuk-summary-list__actions a", "href")
            .iter()
            .all(|h| h.starts_with(&format!("/users/{}/edit", ben.id)))
    );
    assert_eq!(
        page.attrs("a.app-link--destructive", "href"),
        vec![format!("/users/{}/delete", ben.id)]
    );
    assert_eq!(page.one("a.app-link--destructive"), "Delete user");
    assert!(
        page.select("p.govuk-body")
            .contains(&"User has never signed in".to_owned())
    );
}

#[tokio::test]
async fn a_user_who_has_signed_in_has_their_details_locked_but_can_be_deleted() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    app.mark_signed_in_before(ben.id).await;

    let page = app.page(&format!("/users/{}", ben.id)).await;
    // Only whether the account is active can still be changed.
    assert_eq!(
        page.select(".govuk-summary-list__actions a"),
        vec!["Change whether the account is active"]
    );
    assert_eq!(
        page.attrs(".govuk-summary-list__actions a", "href"),
        vec![format!("/users/{}/edit?change=active#active", ben.id)]
    );
    assert_eq!(
        page.attrs("a.app-link--destructive", "href"),
        vec![format!("/users/{}/delete", ben.id)]
    );
    let lines = page.select("p.govuk-body");
    assert!(
        lines.iter().any(|l| l.starts_with("Last signed in at ")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn your_own_record_has_no_change_or_delete_links() {
    let app = spawn_app().await;
    let me = app
        .add_user("Mary", "Lawson", "mary.lawson@education.gov.uk")
        .await;
    app.sign_in_as(me.id).await;
    let page = app.page(&format!("/users/{}", me.id)).await;
    assert_eq!(page.one("h1"), "Mary Lawson");
    assert!(page.select(".govuk-summary-list__actions").is_empty());
    assert!(page.select("a.app-link--destructive").is_empty());
}

#[tokio::test]
async fn deleted_missing_and_malformed_ids_are_not_found() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let gone = app
        .add_user("Gone", "Away", "gone.away@education.gov.uk")
        .await;
    app.mark_deleted(gone.id).await;
    for path in [
        format!("/users/{}", gone.id),
        "/users/999999".into(),
        "/users/abc".into(),
        "/users/1.5".into(),
    ] {
        let page = app.page(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.one("h1"), "Page not found", "{path}");
    }
}

#[tokio::test]
async fn the_details_page_shows_the_users_history_newest_first() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.continue_with("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    let draft = app.draft_id().await;
    app.save(&draft).await;
    let ada = users::Entity::find()
        .filter(users::Column::Email.eq("ada@education.gov.uk"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    app.continue_change(&ada, "Ada", "King", "ada.king@education.gov.uk")
        .await;
    app.save_change(ada.id).await;

    let page = app.page(&format!("/users/{}", ada.id)).await;
    assert_eq!(page.one("#history-heading"), "History");
    assert_eq!(
        page.select(".app-history__item h3"),
        vec!["Changed by Anne Wilson", "Added by Anne Wilson"]
    );
    assert_eq!(
        page.select(".app-history__item li"),
        vec![
            "Last name changed from Lovelace to King",
            "Email address changed from ada@education.gov.uk to ada.king@education.gov.uk",
            "First name: Ada",
            "Last name: Lovelace",
            "Email address: ada@education.gov.uk",
        ]
    );
    let when = page.select(".app-history__when");
    assert_eq!(when.len(), 2);
    assert!(when[0].contains(" on "), "{when:?}");

    // A user with nothing recorded (seeded data) says so.
    let seeded = app
        .add_user("Sam", "Seed", "sam.seed@education.gov.uk")
        .await;
    let page = app.page(&format!("/users/{}", seeded.id)).await;
    assert!(page.select(".app-history__item").is_empty());
    assert!(
        page.select(".app-history p")
            .contains(&"No changes have been recorded.".to_owned())
    );
}
