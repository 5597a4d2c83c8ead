//! Changing a support user, as a browser without JavaScript does it.

use crate::helpers::{TestApp, location, spawn_app};
use entity::audit_events::AuditAction;
use entity::emails::EmailKind;
use entity::{audit_events, emails, users};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const CONTINUE: &str = "/api/users/edit/continue";
const SAVE: &str = "/api/users/edit/save";

impl TestApp {
    pub(crate) async fn continue_change(
        &self,
        user: &users::Model,
        first: &str,
        last: &str,
        email: &str,
    ) -> reqwest::Response {
        let form = self.page(&format!("/users/{}/edit", user.id)).await;
        let version = form
            .attrs("input[name='lock_version']", "value")
            .pop()
            .expect("lock version");
        // As a browser posts it: the radio the form has chosen goes too.
        let active = form
            .attrs("input[name='active'][checked]", "value")
            .pop()
            .expect("the form answers whether the account is active");
        self.post_form_from(
            &format!("/users/{}/edit", user.id),
            CONTINUE,
            &[
                ("id", &user.id.to_string()),
                ("lock_version", &version),
                ("first_name", first),
                ("last_name", last),
                ("email", email),
                ("active", &active),
            ],
        )
        .await
    }

    pub(crate) async fn save_change(&self, user_id: i64) -> reqwest::Response {
        let check = self.page(&format!("/users/{user_id}/check")).await;
        let draft_id = check
            .attrs("input[name='draft_id']", "value")
            .pop()
            .expect("draft id");
        self.post_form_from(
            &format!("/users/{user_id}/check"),
            SAVE,
            &[("id", &user_id.to_string()), ("draft_id", &draft_id)],
        )
        .await
    }
}

#[tokio::test]
async fn a_change_is_checked_then_saved_with_an_audit_entry() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;

    let form = app
        .page(&format!("/users/{}/edit?change=last-name", ben.id))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.title(),
        "Change support user - personal details - Register of training providers - GOV.UK"
    );
    assert_eq!(form.one(".govuk-caption-l"), "Support user - Ben Carter");
    assert_eq!(form.attrs("#last-name", "value"), vec!["Carter"]);
    // The field whose "Change" link was followed has focus.
    assert_eq!(form.attrs("input[autofocus]", "id"), vec!["last-name"]);
    assert_eq!(
        form.attrs(".govuk-back-link", "href"),
        vec![format!("/users/{}", ben.id)]
    );

    let response = app
        .continue_change(&ben, "Ben", "Cartwright", "ben.carter@education.gov.uk")
        .await;
    assert_eq!(location(&response), format!("/users/{}/check", ben.id));
    let check = app.page(&format!("/users/{}/check", ben.id)).await;
    assert_eq!(
        check.title(),
        "Check your answers - Change support user - Register of training providers - GOV.UK"
    );
    assert_eq!(
        check.select(".govuk-summary-list__value"),
        vec!["Ben", "Cartwright", "ben.carter@education.gov.uk", "Yes"]
    );

    let response = app.save_change(ben.id).await;
    assert_eq!(location(&response), format!("/users/{}", ben.id));
    let details = app.page(&format!("/users/{}", ben.id)).await;
    assert_eq!(
        details.one(".govuk-notification-banner__heading"),
        "Support user updated"
    );
    assert_eq!(details.one("h1"), "Ben Cartwright");

    let saved = app.user_row(ben.id).await;
    assert_eq!(
        (
            saved.last_name.as_str(),
            saved.updated_by_id,
            saved.lock_version
        ),
        ("Cartwright", Some(me.id), 2)
    );
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::SubjectUserId.eq(ben.id))
        .filter(audit_events::Column::Action.eq(AuditAction::UserChanged))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let changes: serde_json::Value = serde_json::from_str(&audit.changes).unwrap();
    assert_eq!(
        changes,
        serde_json::json!({ "last_name": { "old": "Carter", "new": "Cartwright" } })
    );
    // Only names changed: no email.
    assert_eq!(emails::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn a_new_address_gets_one_sign_in_email() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    app.continue_change(&ben, "Ben", "Carter", "Ben.C@Digital.Education.gov.uk")
        .await;
    let response = app.save_change(ben.id).await;
    assert_eq!(location(&response), format!("/users/{}", ben.id));
    // Saving again (refresh, back button) changes nothing more.
    let again = app
        .post_form_from(
            &format!("/users/{}/check", ben.id),
            SAVE,
            &[("id", &ben.id.to_string()), ("draft_id", "x")],
        )
        .await;
    assert_eq!(location(&again), format!("/users/{}/edit", ben.id));

    let sent = emails::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].kind, sent[0].recipient.as_str()),
        (EmailKind::SignInDetails, "ben.c@digital.education.gov.uk")
    );
}

#[tokio::test]
async fn change_errors_are_the_add_forms_and_the_users_own_address_is_no_clash() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    app.add_user("Ada", "Lovelace", "ada@education.gov.uk")
        .await;

    app.continue_change(&ben, "", "", "").await;
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert!(form.title().starts_with("Error: Change support user"));
    assert_eq!(
        form.select(".govuk-error-summary__list a"),
        vec!["Enter first name", "Enter last name", "Enter email address"]
    );

    let long = "x".repeat(256);
    app.continue_change(&ben, &long, &long, "ben@education.gov.uk.evil.com")
        .await;
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert_eq!(
        form.select(".govuk-error-summary__list a"),
        vec![
            "First name must be 255 characters or fewer",
            "Last name must be 255 characters or fewer",
            "Enter a Department for Education email address in the correct format, like name@education.gov.uk",
        ]
    );

    app.continue_change(&ben, "Ben", "Carter", "ADA@education.gov.uk")
        .await;
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert_eq!(
        form.select(".govuk-error-summary__list a"),
        vec!["Email address already in use"]
    );
    assert_eq!(form.attrs("#email", "value"), vec!["ADA@education.gov.uk"]);

    let response = app
        .continue_change(&ben, "Benjamin", "Carter", "BEN.CARTER@education.gov.uk")
        .await;
    assert_eq!(location(&response), format!("/users/{}/check", ben.id));
}

#[tokio::test]
async fn a_change_made_meanwhile_is_not_overwritten() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    // I open the form and continue to the check page...
    app.continue_change(&ben, "Benjamin", "Carter", "ben.carter@education.gov.uk")
        .await;
    // ...while a colleague saves a change of their own.
    let colleague = {
        let other = app
            .add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
            .await;
        let mut colleague = app.clone_handle();
        colleague.client = crate::helpers::browser();
        colleague.sign_in_as(other.id).await;
        colleague
    };
    colleague
        .continue_change(&ben, "Ben", "Carterton", "ben.carter@education.gov.uk")
        .await;
    assert_eq!(
        location(&colleague.save_change(ben.id).await),
        format!("/users/{}", ben.id)
    );

    // My save is refused; the form shows why, with the current details.
    let response = app.save_change(ben.id).await;
    assert_eq!(location(&response), format!("/users/{}/edit", ben.id));
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert!(
        form.one(".govuk-notification-banner__heading")
            .starts_with("Someone else changed this support user")
    );
    assert_eq!(form.attrs("#first-name", "value"), vec!["Ben"]);
    assert_eq!(form.attrs("#last-name", "value"), vec!["Carterton"]);
    let saved = app.user_row(ben.id).await;
    assert_eq!(
        (saved.first_name.as_str(), saved.last_name.as_str()),
        ("Ben", "Carterton")
    );
    assert_ne!(saved.updated_by_id, Some(me.id));
}

#[tokio::test]
async fn a_user_who_has_signed_in_cannot_be_changed_whatever_is_posted() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    // A form opened before Ben signed in...
    app.continue_change(&ben, "Hacked", "Carter", "ben.carter@education.gov.uk")
        .await;
    let check = app.page(&format!("/users/{}/check", ben.id)).await;
    let draft_id = check
        .attrs("input[name='draft_id']", "value")
        .pop()
        .unwrap();
    app.mark_signed_in_before(ben.id).await;

    // The form now asks only whether the account is active: no personal details.
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.select("input.govuk-input").is_empty());
    assert_eq!(form.one("h1"), "Is the account active?");
    let response = app
        .post_form_from(
            &format!("/users/{}/check", ben.id),
            SAVE,
            &[("id", &ben.id.to_string()), ("draft_id", &draft_id)],
        )
        .await;
    assert_eq!(location(&response), "/problem/forbidden");
    let response = app
        .post_form_from(
            &format!("/users/{}/edit", ben.id),
            CONTINUE,
            &[
                ("id", &ben.id.to_string()),
                ("lock_version", "1"),
                ("first_name", "X"),
                ("last_name", "Y"),
                ("email", "x@education.gov.uk"),
                ("active", "yes"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/problem/forbidden");
    let row = app.user_row(ben.id).await;
    assert_eq!(
        (row.first_name.as_str(), row.email.as_str()),
        ("Ben", "ben.carter@education.gov.uk")
    );
}

#[tokio::test]
async fn you_cannot_change_yourself() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let page = app.page(&format!("/users/{}/edit", me.id)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let response = app
        .post_form_from(
            &format!("/users/{}/edit", me.id),
            CONTINUE,
            &[
                ("id", &me.id.to_string()),
                ("lock_version", "1"),
                ("first_name", "X"),
                ("last_name", "Y"),
                ("email", "x@education.gov.uk"),
            ],
        )
        .await;
    // Refused, to the page that says why.
    assert_eq!(location(&response), "/problem/forbidden");
    let page = app.page("/problem/forbidden").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        page.one("h1"),
        "You cannot change or delete this support user"
    );
    assert_eq!(app.user_row(me.id).await.first_name, "Anne");
}
