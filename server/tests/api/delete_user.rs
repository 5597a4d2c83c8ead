//! Deleting a support user, as a browser without JavaScript does it.

use crate::helpers::{browser, location, spawn_app};
use entity::audit_events::AuditAction;
use entity::emails::EmailKind;
use entity::{audit_events, emails, users};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const DELETE: &str = "/api/users/delete";

#[tokio::test]
async fn a_user_is_deleted_after_confirming_and_told_by_email() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    // Deleting never leaves fewer than 2 support users: a third is there.
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
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
        (sent[0].kind, sent[0].recipient.as_str()),
        (EmailKind::Removed, "ben.carter@education.gov.uk")
    );
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(AuditAction::UserDeleted))
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

#[tokio::test]
async fn a_support_user_deletes_at_most_3_users_in_3_minutes() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let mut others = Vec::new();
    for n in 0..6 {
        others.push(
            app.add_user(
                "Person",
                &format!("Number{n}"),
                &format!("person.{n}@education.gov.uk"),
            )
            .await,
        );
    }
    for user in &others[..3] {
        let response = app
            .post_form_from(
                &format!("/users/{}/delete", user.id),
                DELETE,
                &[("id", &user.id.to_string())],
            )
            .await;
        assert_eq!(location(&response), "/users");
    }

    // The fourth, without JavaScript: sent to the GOV.UK page that says why.
    let fourth = &others[3];
    let response = app
        .post_form_from(
            &format!("/users/{}/delete", fourth.id),
            DELETE,
            &[("id", &fourth.id.to_string())],
        )
        .await;
    assert_eq!(location(&response), format!("/users/{}/delete", fourth.id));
    let still_there = users::Entity::find_by_id(fourth.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(still_there.deleted_at.is_none());
    // With JavaScript: the status says it.
    let response = app
        .client
        .post(app.url(DELETE))
        .form(&[("id", fourth.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let page = app.page("/problem/too-many-requests").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        page.one("h1"),
        "Sorry, there is a problem completing this action"
    );

    // Another support user is not held back by it.
    let mut colleague = app.clone_handle();
    colleague.client = browser();
    let other = colleague
        .add_user("Dee", "Smith", "dee.smith@education.gov.uk")
        .await;
    colleague.sign_in_as(other.id).await;
    let response = colleague
        .post_form_from(
            &format!("/users/{}/delete", fourth.id),
            DELETE,
            &[("id", &fourth.id.to_string())],
        )
        .await;
    assert_eq!(location(&response), "/users");
}

#[tokio::test]
async fn the_last_2_support_users_cannot_be_deleted() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;

    let page = app.page(&format!("/users/{}/delete", ben.id)).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(page.one("h1"), "You cannot delete this support user");
    assert!(page.select("main form button").is_empty());

    let response = app
        .client
        .post(app.url(DELETE))
        .form(&[("id", ben.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let row = users::Entity::find_by_id(ben.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.deleted_at.is_none());
}

#[tokio::test]
async fn deletions_at_the_same_moment_still_leave_2_support_users() {
    for _ in 0..5 {
        let app = spawn_app().await;
        app.signed_in_user().await;
        let x = app
            .add_user("Xavier", "One", "x.one@education.gov.uk")
            .await;
        let y = app
            .add_user("Yolanda", "Two", "y.two@education.gov.uk")
            .await;
        // 3 active: deleting both X and Y at once (two tabs) must not leave 1.
        let delete = |id: i64| {
            app.client
                .post(app.url(DELETE))
                .form(&[("id", id.to_string())])
                .send()
        };
        let (a, b) = tokio::join!(delete(x.id), delete(y.id));
        let mut statuses = [a.unwrap().status(), b.unwrap().status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
        let active = users::Entity::find()
            .filter(users::Column::DeletedAt.is_null())
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(active, 2);
    }
}
