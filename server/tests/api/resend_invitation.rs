//! "Resend invitation" (SPEC §7): for a user who has never signed in, the invitation again,
//! through the outbox, in the history, and at most once in 5 minutes for each user, on however
//! many instances.

use crate::helpers::{TestApp, location, spawn_app, spawn_instance};
use chrono::Utc;
use entity::users;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const RESEND: &str = "/api/users/resend-invitation";

impl TestApp {
    async fn resend(&self, user_id: i64) -> reqwest::Response {
        self.post_form_from(
            &format!("/users/{user_id}"),
            RESEND,
            &[("id", &user_id.to_string())],
        )
        .await
    }

    /// The invitations in the outbox to `address`, whatever became of them.
    async fn invitations_queued_to(&self, address: &str) -> usize {
        self.emails_to(address)
            .await
            .into_iter()
            .filter(|e| e.kind == entity::emails::EmailKind::Invitation)
            .count()
    }

    /// Moves the user's last resend `minutes` into the past.
    async fn resent_minutes_ago(&self, user_id: i64, minutes: i64) {
        let at = Utc::now() - chrono::Duration::minutes(minutes) - chrono::Duration::seconds(1);
        users::Entity::update_many()
            .col_expr(
                users::Column::InvitationResentAt,
                sea_orm::sea_query::Expr::value(Some(at)),
            )
            .filter(users::Column::Id.eq(user_id))
            .exec(&self.db)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn resending_sends_the_invitation_again_with_a_banner_and_a_history_entry() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    let path = format!("/users/{}", ben.id);

    let page = app.page(&path).await;
    assert_eq!(
        page.one("form[action='/api/users/resend-invitation'] button"),
        "Resend invitation"
    );
    assert_eq!(
        page.attrs(
            "form[action='/api/users/resend-invitation'] button",
            "class"
        ),
        vec!["govuk-button govuk-button--secondary"]
    );

    let response = app.resend(ben.id).await;
    assert_eq!(location(&response), path);
    let sent = app.notify.wait_for_accepted(1).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].email_address, "ben@education.gov.uk");
    assert!(
        sent[0]
            .subject()
            .ends_with("You have been added to the Register of training providers support area")
    );

    let page = app.page(&path).await;
    assert_eq!(
        page.one(".govuk-notification-banner__heading"),
        "Invitation sent"
    );
    assert_eq!(
        page.select(".app-history__item h3"),
        vec!["Invitation sent again by Anne Wilson"]
    );
    // The banner shows once.
    let again = app.page(&path).await;
    assert!(again.select(".govuk-notification-banner").is_empty());
}

/// Two instances on one database and one Notify, each with a support user signed in, and Ben,
/// who has never signed in.
async fn two_instances_and_ben() -> (TestApp, TestApp, users::Model) {
    let first = spawn_app().await;
    first.signed_in_user().await;
    let second = spawn_instance(&first.database_url, &first.notify).await;
    let colleague = second
        .add_user("Cara", "Jones", "cara@education.gov.uk")
        .await;
    second.sign_in_as(colleague.id).await;
    let ben = first
        .add_user("Ben", "Carter", "ben@education.gov.uk")
        .await;
    (first, second, ben)
}

#[tokio::test]
async fn a_second_resend_within_5_minutes_sends_nothing_whichever_instance_it_reaches() {
    let (first, second, ben) = two_instances_and_ben().await;

    assert_eq!(
        location(&first.resend(ben.id).await),
        format!("/users/{}", ben.id)
    );
    let refused = second.resend(ben.id).await;
    assert_eq!(location(&refused), "/problem/resend-too-soon");
    let page = second.page("/problem/resend-too-soon").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        page.one("h1"),
        "Sorry, there is a problem completing this action"
    );
    assert!(page.select("p").contains(
        &"An invitation was sent to this user less than 5 minutes ago. Wait a few minutes, then try again."
            .to_owned()
    ));
    // With JavaScript (the app's fetch), the status says so too.
    let fetched = second
        .client
        .post(second.url(RESEND))
        .form(&[("id", ben.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.status(), StatusCode::TOO_MANY_REQUESTS);

    // What was refused queued nothing: the outbox holds the one invitation.
    assert_eq!(first.invitations_queued_to("ben@education.gov.uk").await, 1);
    first.notify.wait_for_accepted(1).await;

    // Just over 5 minutes later, it goes again.
    first.resent_minutes_ago(ben.id, 5).await;
    assert_eq!(
        location(&second.resend(ben.id).await),
        format!("/users/{}", ben.id)
    );
    first.notify.wait_for_accepted(2).await;
    assert_eq!(first.notify.accepted_to("ben@education.gov.uk").len(), 2);
}

#[tokio::test]
async fn resends_at_once_on_two_instances_send_one_invitation() {
    let (first, second, ben) = two_instances_and_ben().await;

    let tries: Vec<_> = (0..10)
        .map(|i| {
            let app = if i % 2 == 0 {
                first.clone_handle()
            } else {
                second.clone_handle()
            };
            tokio::spawn(async move { location(&app.resend(ben.id).await) })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tries {
        answers.push(t.await.unwrap());
    }
    let sent = answers
        .iter()
        .filter(|a| **a == format!("/users/{}", ben.id))
        .count();
    let refused = answers
        .iter()
        .filter(|a| *a == "/problem/resend-too-soon")
        .count();
    assert_eq!((sent, refused), (1, 9), "{answers:?}");
    assert_eq!(first.invitations_queued_to("ben@education.gov.uk").await, 1);
    first.notify.wait_for_accepted(1).await;
    assert_eq!(first.notify.accepted_to("ben@education.gov.uk").len(), 1);
}

#[tokio::test]
async fn there_is_no_resend_for_someone_who_has_signed_in() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    app.mark_signed_in_before(ben.id).await;
    let page = app.page(&format!("/users/{}", ben.id)).await;
    assert!(
        page.select("form[action='/api/users/resend-invitation']")
            .is_empty()
    );
    assert_eq!(location(&app.resend(ben.id).await), "/problem/forbidden");
    // Nor for oneself.
    assert_eq!(location(&app.resend(me.id).await), "/problem/forbidden");
    assert!(app.notify.accepted().is_empty());
}
