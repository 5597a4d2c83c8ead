//! Deleting a support user, as a browser without JavaScript does it.

use crate::helpers::{location, spawn_app};
use entity::{audit_events, emails, users};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const DELETE: &str = "/api/users/delete";

#[tokio::test]
async fn a_user_is_deleted_after_confirming_and_told_by_email() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;

    let page = app.page(&format!("/users/{}/delete", ben.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.title(),
        "Confirm you want to delete support user - Register of training providers - GOV.UK"
    );
    assert_eq!(page.one(".govuk-caption-l"), "Delete support user");
    assert_eq!(page.one("h1"), "Confirm you want to delete Ben Carter");
    assert_eq!(
        page.one(".govuk-warning-text__text"),
        "Warning Deleting a user is permanent – you cannot undo it."
    );
    assert_eq!(
        page.one("main form button.govuk-button--warning"),
        "Delete user"
    );
    assert_eq!(
        page.attrs(".govuk-button-group a", "href"),
        vec![format!("/users/{}", ben.id)]
    );

    let id = ben.id.to_string();
    let response = app
        .post_form_from(&format!("/users/{}/delete", ben.id), DELETE, &[("id", &id)])
        .await;
    assert_eq!(location(&response), "/users");
    let list = app.page("/users").await;
    assert_eq!(
        list.one(".govuk-notification-banner__heading"),
        "Support user deleted"
    );
    assert!(!list.select("tbody td").contains(&"Ben Carter".to_owned()));
    assert_eq!(
        app.page(&format!("/users/{}", ben.id)).await.status,
        StatusCode::NOT_FOUND
    );

    let row = users::Entity::find_by_id(ben.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.deleted_at.is_some());
    assert_eq!(row.deleted_by_id, Some(me.id));
    let sent = emails::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].kind.as_str(), sent[0].recipient.as_str()),
        ("removed", "ben.carter@education.gov.uk")
    );
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq("user_deleted"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);

    // Deleting again is harmless: not found, nothing more sent.
    let again = app
        .post_form_from(&format!("/users/{}/delete", ben.id), DELETE, &[("id", &id)])
        .await;
    assert_eq!(location(&again), format!("/users/{}/delete", ben.id));
    assert_eq!(
        app.page(&location(&again)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(emails::Entity::find().all(&app.db).await.unwrap().len(), 1);

    // The deleted persona cannot sign in; the address can be added again as a new account.
    let mut them = app.clone_handle();
    them.client = crate::helpers::browser();
    assert_eq!(location(&them.sign_in_as(ben.id).await), "/sign-in");
    let again = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    assert_ne!(again.id, ben.id);
}

#[tokio::test]
async fn you_cannot_delete_yourself_or_a_user_who_has_signed_in() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    app.mark_signed_in_before(ben.id).await;
    for user in [me.id, ben.id] {
        let page = app.page(&format!("/users/{user}/delete")).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        let response = app
            .post_form_from(
                &format!("/users/{user}/delete"),
                DELETE,
                &[("id", &user.to_string())],
            )
            .await;
        assert_ne!(location(&response), "/users");
        let row = users::Entity::find_by_id(user)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(row.deleted_at.is_none());
    }
    assert!(
        emails::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
}
