//! Dormant accounts (SPEC §9): the reminder 14 days before, the deactivation after
//! `DEACTIVATE_AFTER_DAYS`, each at its boundary and exactly once, never below 2 active
//! accounts. The clock is the one the tests pass to `dormancy::run`: no waiting.

use crate::helpers::{
    ServerProcess, TestApp, browser, email_context, fresh_database, location, spawn_app,
};
use crate::notify_contract::NotifyContract;
use chrono::{DateTime, Duration, Utc};
use entity::audit_events::{self, AuditAction};
use entity::emails::{self, EmailKind};
use entity::users;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use service::users::dormancy::{self, DormancyRules, DormancyRun, dormant_from};
use service::users::status::AccountStatus;
use std::num::NonZeroU32;

fn rules(days: u32) -> DormancyRules {
    DormancyRules {
        after_days: NonZeroU32::new(days).unwrap(),
    }
}

impl TestApp {
    /// Moves the user's "added" back to `at` (as if added then).
    async fn added_at(&self, user_id: i64, at: DateTime<Utc>) {
        let mut user: users::ActiveModel = self.user_row(user_id).await.into();
        user.created_at = Set(at);
        user.update(&self.db).await.unwrap();
    }

    async fn run_dormancy(&self, days: u32, now: DateTime<Utc>) -> DormancyRun {
        dormancy::run(&self.db, &email_context(), rules(days), now)
            .await
            .unwrap()
    }

    async fn kinds_to(&self, address: &str) -> Vec<EmailKind> {
        self.emails_to(address)
            .await
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }
}

/// Three active accounts besides the one the test is about, so the minimum never holds it.
async fn app_with_others() -> TestApp {
    let app = spawn_app().await;
    for (first, email) in [
        ("Anne", "anne.wilson@education.gov.uk"),
        ("Colin", "colin.chapman@education.gov.uk"),
        ("Mary", "mary.lawson@education.gov.uk"),
    ] {
        let user = app.add_user(first, "Other", email).await;
        app.set_last_signed_in(user.id, Utc::now() + Duration::days(365))
            .await;
    }
    app
}

#[tokio::test]
async fn a_reminder_14_days_before_then_deactivation_each_at_its_boundary_and_once() {
    let app = app_with_others().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let start = Utc::now() - Duration::days(200);
    app.added_at(ben.id, start).await;
    let start = dormant_from(&app.user_row(ben.id).await);
    let address = "ben.carter@education.gov.uk";

    // 76 days on (90 - 14), to the second: not yet. Just after: the reminder, once.
    let none = app.run_dormancy(90, start + Duration::days(76)).await;
    assert_eq!(none, DormancyRun::default());
    let run = app
        .run_dormancy(90, start + Duration::days(76) + Duration::seconds(1))
        .await;
    assert_eq!(run.reminded, 1);
    assert_eq!(
        app.kinds_to(address).await,
        vec![EmailKind::DormancyReminder]
    );
    let reminder = app.emails_to(address).await.pop().unwrap();
    let date = app::ssr::time_format::uk_date(start + Duration::days(90));
    assert!(
        reminder
            .personalisation
            .contains(&format!("deactivated on {date}")),
        "{}",
        reminder.personalisation
    );
    assert!(
        reminder
            .personalisation
            .contains("Sign in to keep your Register of training providers account")
    );
    let again = app.run_dormancy(90, start + Duration::days(80)).await;
    assert_eq!(again.reminded, 0, "one reminder a dormant period");

    // 90 days on, to the second: still active. Just after: deactivated, once.
    app.run_dormancy(90, start + Duration::days(90)).await;
    assert_eq!(app.user_row(ben.id).await.status, AccountStatus::Active);
    let run = app
        .run_dormancy(90, start + Duration::days(90) + Duration::seconds(1))
        .await;
    assert_eq!((run.deactivated, run.reminded), (1, 0));
    assert_eq!(app.user_row(ben.id).await.status, AccountStatus::Inactive);
    assert_eq!(
        app.kinds_to(address).await,
        vec![EmailKind::DormancyReminder, EmailKind::Deactivated]
    );
    let deactivated = app.emails_to(address).await.pop().unwrap();
    assert!(
        deactivated
            .personalisation
            .contains("nobody has signed in to it for 90 days")
    );
    let again = app.run_dormancy(90, start + Duration::days(120)).await;
    assert_eq!(again, DormancyRun::default());

    // The history says why, with the setting's number.
    let me = app
        .add_user("Dee", "Smith", "dee.smith@education.gov.uk")
        .await;
    app.sign_in_as(me.id).await;
    let page = app.page(&format!("/users/{}", ben.id)).await;
    assert_eq!(
        page.select(".app-history__item h3")[0],
        "Account deactivated automatically: not signed in for 90 days"
    );
    let audit = audit_events::Entity::find()
        .filter(audit_events::Column::SubjectUserId.eq(ben.id))
        .filter(audit_events::Column::Action.eq(AuditAction::AccountDeactivated))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].actor_id, None);
}

#[tokio::test]
async fn signing_in_reactivating_or_a_resent_invitation_starts_the_period_again() {
    let app = app_with_others().await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let start = Utc::now() - Duration::days(300);
    app.added_at(ben.id, start).await;
    let start = dormant_from(&app.user_row(ben.id).await);

    // A sign-in 50 days in: dormant 90 days after it, not after being added.
    let signed_in = start + Duration::days(50);
    app.set_last_signed_in(ben.id, signed_in).await;
    let run = app.run_dormancy(90, start + Duration::days(91)).await;
    assert_eq!(run.deactivated, 0);
    let run = app
        .run_dormancy(90, signed_in + Duration::days(90) + Duration::seconds(1))
        .await;
    assert_eq!(run.deactivated, 1);

    // Reactivated: the full period again, and a reminder again.
    let context = email_context();
    service::users::status::set_status(
        &app.db,
        &context,
        ben.id,
        AccountStatus::Active,
        service::users::status::ChangedBy::CommandLine,
    )
    .await
    .unwrap();
    let back = app.user_row(ben.id).await.reactivated_at.unwrap();
    assert_eq!(
        app.run_dormancy(90, back + Duration::days(89))
            .await
            .deactivated,
        0
    );
    assert_eq!(
        app.run_dormancy(90, back + Duration::days(80))
            .await
            .reminded,
        0,
        "reminded already at 89 days"
    );

    // A resent invitation counts too (for someone who never signed in).
    let cara = app
        .add_user("Cara", "Jones", "cara.jones@education.gov.uk")
        .await;
    app.added_at(cara.id, start).await;
    let mut row: users::ActiveModel = app.user_row(cara.id).await.into();
    let resent = start + Duration::days(60);
    row.invitation_resent_at = Set(Some(resent));
    row.update(&app.db).await.unwrap();
    let run = app.run_dormancy(90, start + Duration::days(100)).await;
    assert_eq!(app.user_row(cara.id).await.status, AccountStatus::Active);
    assert_eq!(run.deactivated, 0);
}

#[tokio::test]
async fn dormant_accounts_never_leave_fewer_than_2_active() {
    let app = spawn_app().await;
    let long_ago = Utc::now() - Duration::days(400);
    for n in 0..3 {
        let user = app
            .add_user(
                "Person",
                &format!("Number{n}"),
                &format!("person.{n}@education.gov.uk"),
            )
            .await;
        app.added_at(user.id, long_ago).await;
    }
    let run = app.run_dormancy(90, Utc::now()).await;
    assert_eq!((run.deactivated, run.kept_for_the_minimum), (1, 2));
    let active = users::Entity::find()
        .filter(users::Column::Status.eq(AccountStatus::Active))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(active, 2);
    let deactivated = emails::Entity::find()
        .filter(emails::Column::Kind.eq(EmailKind::Deactivated))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(deactivated, 1);
}

#[tokio::test]
async fn instances_running_at_once_send_one_reminder_and_one_deactivation() {
    let app = app_with_others().await;
    let (reminded, dormant) = (
        app.add_user("Rita", "Reminded", "rita@education.gov.uk")
            .await,
        app.add_user("Dora", "Dormant", "dora@education.gov.uk")
            .await,
    );
    let now = Utc::now();
    app.added_at(reminded.id, now - Duration::days(80)).await;
    app.added_at(dormant.id, now - Duration::days(100)).await;
    // Eight runs at once, on two pools of connections (two instances' worth).
    let pools = [
        crate::helpers::test_pool(&app.database_url).await,
        crate::helpers::test_pool(&app.database_url).await,
    ];
    let runs: Vec<_> = (0..8)
        .map(|n| {
            let db = pools[n % 2].clone();
            tokio::spawn(async move { dormancy::run(&db, &email_context(), rules(90), now).await })
        })
        .collect();
    let mut total = DormancyRun::default();
    for run in runs {
        let run = run.await.unwrap().unwrap();
        total.reminded += run.reminded;
        total.deactivated += run.deactivated;
    }
    assert_eq!((total.reminded, total.deactivated), (1, 1));
    assert_eq!(
        app.kinds_to("rita@education.gov.uk").await,
        vec![EmailKind::DormancyReminder]
    );
    assert_eq!(
        app.kinds_to("dora@education.gov.uk").await,
        vec![EmailKind::Deactivated]
    );
}

#[tokio::test]
async fn two_running_instances_remind_and_deactivate_once_and_end_the_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(&dir).await;
    let notify = NotifyContract::start().await;
    let settings = [
        ("DEACTIVATE_AFTER_DAYS", "30"),
        ("DORMANCY_CHECK_INTERVAL_SECONDS", "1"),
    ];
    let one = ServerProcess::start_with(&url, &notify, &settings, None).await;
    let two = ServerProcess::start_with(&url, &notify, &settings, None).await;
    let app = one.app(&url, &notify, browser()).await;
    let elsewhere = two.app(&url, &notify, browser()).await;
    for (first, email) in [
        ("Anne", "anne.wilson@education.gov.uk"),
        ("Colin", "colin.chapman@education.gov.uk"),
    ] {
        let user = app.add_user(first, "Other", email).await;
        app.set_last_signed_in(user.id, Utc::now() + Duration::days(365))
            .await;
    }
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let rita = app
        .add_user("Rita", "Reminded", "rita@education.gov.uk")
        .await;
    assert_eq!(location(&elsewhere.sign_in_as(ben.id).await), "/users");
    // Ben was added 40 days ago and last signed in 31 days ago; Rita was added 20 days ago.
    app.added_at(ben.id, Utc::now() - Duration::days(40)).await;
    app.set_last_signed_in(ben.id, Utc::now() - Duration::days(31))
        .await;
    app.added_at(rita.id, Utc::now() - Duration::days(20)).await;

    let counts = || async {
        (
            app.kinds_to("ben.carter@education.gov.uk").await,
            app.kinds_to("rita@education.gov.uk").await,
        )
    };
    let done = (
        vec![EmailKind::Deactivated],
        vec![EmailKind::DormancyReminder],
    );
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    while counts().await != done {
        assert!(
            tokio::time::Instant::now() < deadline,
            "both instances look every second: {:?}",
            counts().await
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(app.user_row(ben.id).await.status, AccountStatus::Inactive);
    assert_eq!(location(&elsewhere.get("/users").await), "/sign-in");
    // Both instances keep looking: for three more of their rounds, nothing more is sent.
    let watch_until = tokio::time::Instant::now() + std::time::Duration::from_secs(3);
    while tokio::time::Instant::now() < watch_until {
        assert_eq!(counts().await, done);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
