//! Deleting a support user, as a browser without JavaScript does it.

use crate::helpers::{browser, location, spawn_app, spawn_app_on};
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
async fn a_user_who_has_signed_in_is_deleted_and_their_open_session_ends_at_once_on_every_instance()
{
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    // Ben is signed in on another instance, at work, when support staff remove him.
    let mut bens_instance = spawn_app_on(&app.database_url).await;
    bens_instance.client = browser();
    assert_eq!(location(&bens_instance.sign_in_as(ben.id).await), "/users");
    assert_eq!(bens_instance.page("/users").await.status, StatusCode::OK);
    assert!(app.user_row(ben.id).await.last_signed_in_at.is_some());

    // His details page offers "Delete user" (and no Change links for his personal details:
    // they are locked).
    let details = app.page(&format!("/users/{}", ben.id)).await;
    assert_eq!(details.one("a.app-link--destructive"), "Delete user");
    assert_eq!(
        details.select(".govuk-summary-list__actions a"),
        vec!["Change whether the account is active"]
    );
    let confirm = app.page(&format!("/users/{}/delete", ben.id)).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_eq!(confirm.one("h1"), "Confirm you want to delete Ben Carter");

    let response = app
        .post_form_from(
            &format!("/users/{}/delete", ben.id),
            DELETE,
            &[("id", &ben.id.to_string())],
        )
        .await;
    assert_eq!(location(&response), "/users");
    let row = app.user_row(ben.id).await;
    assert!(row.deleted_at.is_some());
    assert_eq!(row.deleted_by_id, Some(me.id));
    let sent = emails::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(
        sent.iter()
            .map(|e| (e.kind, e.recipient.as_str()))
            .collect::<Vec<_>>(),
        vec![(EmailKind::Removed, "ben.carter@education.gov.uk")]
    );

    // His very next request, on his instance, finds him signed out: pages and server functions.
    assert_eq!(location(&bens_instance.get("/users").await), "/sign-in");
    let call = bens_instance
        .client
        .get(bens_instance.url("/api/users/list"))
        .header(reqwest::header::ACCEPT, "application/json")
        .query(&[("page", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(call.status(), StatusCode::UNAUTHORIZED);
    // And he cannot sign in again.
    assert_eq!(
        location(&bens_instance.sign_in_as(ben.id).await),
        "/sign-in"
    );
}

#[tokio::test]
async fn you_cannot_delete_yourself_whatever_is_posted() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    // Enough others that the minimum of active users is not what refuses it.
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    app.add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let mine = format!("/users/{}/delete", me.id);

    // The page neither offers it nor shows the confirmation.
    let details = app.page(&format!("/users/{}", me.id)).await;
    assert!(details.select("a.app-link--destructive").is_empty());
    let page = app.page(&mine).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        page.one("h1"),
        "You cannot change or delete this support user"
    );

    // A crafted post, without JavaScript: back to the confirmation, which says why.
    let response = app
        .post_form_from(&mine, DELETE, &[("id", &me.id.to_string())])
        .await;
    assert_eq!(location(&response), mine);
    // A crafted call, as a script makes it: 403.
    let response = app
        .client
        .post(app.url(DELETE))
        .form(&[("id", me.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // The write itself refuses it too, whatever the caller checked first.
    let context = crate::helpers::email_context();
    let refused = service::users::delete_user(&app.db, &context, me.id, me.id).await;
    assert!(
        matches!(
            refused,
            Err(service::Failed::Refused(service::Refusal::Yourself))
        ),
        "{refused:?}"
    );

    assert!(app.user_row(me.id).await.deleted_at.is_none());
    assert!(
        emails::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(app.page("/users").await.status, StatusCode::OK);
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
    assert_eq!(
        page.one("h1"),
        "Sorry, there is a problem completing this action"
    );
    assert_eq!(
        page.select("main p.govuk-body")[..2],
        [
            "There must always be at least 2 active support users.",
            "Add another support user first."
        ]
    );
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

/// The removal email goes to the address the user has when the delete is written, even if it
/// changed after the delete read the user. PostgreSQL only: there the test can hold the delete
/// at a known point (the accounts lock every delete takes before its write) and see, in
/// `pg_locks`, that it waits; SQLite has no such view, and no sleep stands in for one.
#[tokio::test]
async fn the_removal_email_goes_to_the_address_the_user_has_when_deleted() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = spawn_app().await;
    if app.db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return;
    }
    app.signed_in_user().await;
    app.add_user("Keep", "One", "keep.one@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.old@education.gov.uk")
        .await;
    // Hold the accounts lock (`repo::accounts_lock`, "rotd") so the delete waits before it
    // writes.
    let hold = app.db.begin().await.unwrap();
    hold.execute_unprepared("SELECT pg_advisory_xact_lock(1919906916)")
        .await
        .unwrap();
    let deleting = {
        let app = app.clone_handle();
        let id = ben.id.to_string();
        tokio::spawn(async move {
            let response = app
                .post_form_from(&format!("/users/{id}/delete"), DELETE, &[("id", &id)])
                .await;
            location(&response)
        })
    };
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let waiting = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if waiting > 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the delete never waited"
        );
        tokio::task::yield_now().await;
    }
    // Meanwhile, an operator corrects the address.
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET email = 'ben.new@education.gov.uk' WHERE id = {}",
            ben.id
        ))
        .await
        .unwrap();
    hold.commit().await.unwrap();
    assert_eq!(deleting.await.unwrap(), "/users");
    let removal = emails::Entity::find()
        .filter(emails::Column::UserId.eq(ben.id))
        .filter(emails::Column::Kind.eq(EmailKind::Removed))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a removal email");
    assert_eq!(removal.recipient, "ben.new@education.gov.uk");
}
