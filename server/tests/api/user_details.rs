use crate::helpers::spawn_app;
use reqwest::StatusCode;

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
        vec!["First name", "Last name", "Email address"]
    );
    assert_eq!(
        page.select(".govuk-summary-list__value"),
        vec!["Ben", "Carter", "ben.carter@education.gov.uk"]
    );
    assert_eq!(
        page.select(".govuk-summary-list__actions a"),
        vec![
            "Change first name",
            "Change last name",
            "Change email address"
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
async fn a_user_who_has_signed_in_is_locked() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    app.mark_signed_in_before(ben.id).await;

    let page = app.page(&format!("/users/{}", ben.id)).await;
    assert!(page.select(".govuk-summary-list__actions").is_empty());
    assert!(page.select("a.app-link--destructive").is_empty());
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
