//! What the check and confirm pages say will happen (SPEC §7), and the user form's attributes:
//! its fields are about someone else.

use crate::helpers::{spawn_app, uk_date_today};

#[tokio::test]
async fn the_add_check_page_says_who_will_be_emailed_and_when_an_address_is_reused() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.continue_with("Ada", "Lovelace", "ada@education.gov.uk")
        .await;
    let page = app.page("/users/new/check").await;
    assert_eq!(
        page.select(".govuk-inset-text p"),
        vec![
            "Ada Lovelace will be sent an email to tell them you’ve added them to the Register of training providers."
        ]
    );

    let gone = app.add_user("Ada", "Byron", "ada.b@education.gov.uk").await;
    app.mark_deleted(gone.id).await;
    app.continue_with("Ada", "King", "Ada.B@education.gov.uk")
        .await;
    let page = app.page("/users/new/check").await;
    assert_eq!(
        page.select(".govuk-inset-text p"),
        vec![
            "Ada King will be sent an email to tell them you’ve added them to the Register of training providers.".to_owned(),
            format!(
                "This email address belonged to a support user who was deleted on {}. Saving adds a new support user.",
                uk_date_today()
            ),
        ]
    );
}

#[tokio::test]
async fn the_change_check_page_says_a_new_address_gets_sign_in_details() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    app.continue_change(&ben, "Benjamin", "Carter", "ben@education.gov.uk")
        .await;
    let page = app.page(&format!("/users/{}/check", ben.id)).await;
    assert!(page.select(".govuk-inset-text").is_empty());
    app.continue_change(&ben, "Ben", "Carter", "Ben.C@education.gov.uk")
        .await;
    let page = app.page(&format!("/users/{}/check", ben.id)).await;
    assert_eq!(
        page.select(".govuk-inset-text p"),
        vec!["ben.c@education.gov.uk will be sent an email with sign-in details."]
    );
}

#[tokio::test]
async fn the_delete_page_says_the_user_will_be_told() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    // Deleting never leaves fewer than 2 support users: a third is there.
    app.add_user("Colin", "Chapman", "colin@education.gov.uk")
        .await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    let page = app.page(&format!("/users/{}/delete", ben.id)).await;
    assert!(page.select("p.govuk-body").contains(
        &"Ben Carter will be sent an email to tell them they have been removed.".to_owned()
    ));
}

#[tokio::test]
async fn the_user_forms_fields_are_about_someone_else() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    for path in ["/users/new".to_owned(), format!("/users/{}/edit", ben.id)] {
        let page = app.page(&path).await;
        let fields = "form[novalidate] input.govuk-input";
        assert_eq!(page.attrs(fields, "autocomplete"), vec!["off"; 3], "{path}");
        assert_eq!(page.attrs(fields, "spellcheck"), vec!["false"; 3], "{path}");
        assert_eq!(
            page.attrs(fields, "type"),
            vec!["text", "text", "email"],
            "{path}"
        );
    }
}
