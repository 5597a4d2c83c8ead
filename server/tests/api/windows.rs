//! Every time window, tested on both sides of its edge, with a clock the test sets: the times
//! the service compares with are moved back in the database, never waited for. (The 12 hours a
//! session lasts however busy: `secure_by_default.rs`; the 90-day filter: `find_users.rs`;
//! dormant accounts: `dormancy.rs`.)

use crate::helpers::{TestApp, location, spawn_app};
use chrono::{Duration, Utc};
use entity::{emails, sessions, users};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

impl TestApp {
    async fn emails_queued(&self) -> u64 {
        emails::Entity::find().count(&self.db).await.unwrap()
    }
}

#[tokio::test]
async fn the_resend_limit_holds_until_5_minutes_have_passed_and_not_after() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    let resend = || {
        app.client
            .post(app.url("/api/users/resend-invitation"))
            .form(&[("id", ben.id.to_string())])
            .send()
    };
    let resent_ago = |ago: Duration| {
        let db = app.db.clone();
        async move {
            users::Entity::update_many()
                .col_expr(
                    users::Column::InvitationResentAt,
                    Expr::value(Some(Utc::now() - ago)),
                )
                .filter(users::Column::Id.eq(ben.id))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    assert_eq!(resend().await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.emails_queued().await, 1);

    // 4 minutes 59 seconds later: refused, and nothing queued.
    resent_ago(Duration::minutes(5) - Duration::seconds(1)).await;
    assert_eq!(
        resend().await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(app.emails_queued().await, 1);

    // 5 minutes 1 second later: sent.
    resent_ago(Duration::minutes(5) + Duration::seconds(1)).await;
    assert_eq!(resend().await.unwrap().status(), StatusCode::OK);
    assert_eq!(app.emails_queued().await, 2);
}

#[tokio::test]
async fn the_delete_limit_holds_for_3_minutes_and_then_resets() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
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
    let delete = |id: i64| {
        app.client
            .post(app.url("/api/users/delete"))
            .form(&[("id", id.to_string())])
            .send()
    };
    let deleted_ago = |ago: Duration| {
        let db = app.db.clone();
        async move {
            // The deletions' own times (written by the database's clock).
            users::Entity::update_many()
                .col_expr(users::Column::DeletedAt, Expr::value(Utc::now() - ago))
                .filter(users::Column::DeletedById.eq(me.id))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    for user in &others[..3] {
        assert_eq!(delete(user.id).await.unwrap().status(), StatusCode::OK);
    }
    assert_eq!(
        delete(others[3].id).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // 2 minutes 59 seconds after those three: still refused.
    deleted_ago(Duration::minutes(3) - Duration::seconds(1)).await;
    assert_eq!(
        delete(others[3].id).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert!(app.user_row(others[3].id).await.deleted_at.is_none());

    // 3 minutes 1 second after: the window has passed.
    deleted_ago(Duration::minutes(3) + Duration::seconds(1)).await;
    assert_eq!(delete(others[3].id).await.unwrap().status(), StatusCode::OK);
    assert!(app.user_row(others[3].id).await.deleted_at.is_some());
}

#[tokio::test]
async fn a_session_left_alone_for_2_hours_is_over() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    // Each request moves the expiry on to 2 hours from now (within the minute it is kept to).
    assert_eq!(app.page("/users").await.status, StatusCode::OK);
    let expires = app.session_of(me.id).await.expires_at;
    let two_hours = Utc::now().timestamp() + 2 * 60 * 60;
    assert!(
        (two_hours - 90..=two_hours + 5).contains(&expires),
        "expires {}s from now",
        expires - Utc::now().timestamp()
    );

    // Not yet over a second before it; over a second after.
    let expire_in = |seconds: i64| {
        let db = app.db.clone();
        async move {
            sessions::Entity::update_many()
                .col_expr(
                    sessions::Column::ExpiresAt,
                    Expr::value(Utc::now().timestamp() + seconds),
                )
                .filter(sessions::Column::UserId.eq(me.id))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    expire_in(5).await;
    assert_eq!(app.page("/users").await.status, StatusCode::OK);
    expire_in(-1).await;
    assert_eq!(location(&app.get("/users").await), "/sign-in");
}
