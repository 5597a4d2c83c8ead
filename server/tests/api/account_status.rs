//! Active and inactive accounts (SPEC §9): switched off and on from the change form, as a
//! browser without JavaScript does it; what an inactive account can no longer do; the minimum
//! of 2 active accounts under concurrent deactivations on two instances; and the operator's
//! commands.

use crate::helpers::{TestApp, browser, location, spawn_app, spawn_app_on};
use entity::audit_events::{self, AuditAction};
use entity::emails::{self, EmailKind};
use entity::{sessions, users};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::users::status::AccountStatus;

const CONTINUE: &str = "/api/users/edit/continue";
const SAVE: &str = "/api/users/edit/save";

impl TestApp {
    /// "Is the account active?" answered on the change form (`yes`, `no`, or nothing), as a
    /// browser posts it: the personal details the form shows go too, when it shows them.
    pub(crate) async fn continue_status(&self, user_id: i64, active: Option<&str>) -> String {
        let path = format!("/users/{user_id}/edit");
        let form = self.page(&path).await;
        assert_eq!(form.status, StatusCode::OK, "{path}");
        let mut fields: Vec<(String, String)> = vec![("id".into(), user_id.to_string())];
        for name in ["lock_version", "first_name", "last_name", "email"] {
            if let Some(value) = form.attrs(&format!("input[name='{name}']"), "value").pop() {
                fields.push((name.into(), value));
            }
        }
        if let Some(active) = active {
            fields.push(("active".into(), active.into()));
        }
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        location(&self.post_form_from(&path, CONTINUE, &fields).await)
    }

    /// The change form answered, checked and saved: where "Save user" went.
    pub(crate) async fn set_active(&self, user_id: i64, active: bool) -> reqwest::Response {
        let answer = if active { "yes" } else { "no" };
        assert_eq!(
            self.continue_status(user_id, Some(answer)).await,
            format!("/users/{user_id}/check")
        );
        self.save_change(user_id).await
    }

    async fn status_of(&self, user_id: i64) -> AccountStatus {
        self.user_row(user_id).await.status
    }

    async fn sessions_of(&self, user_id: i64) -> u64 {
        sessions::Entity::find()
            .filter(sessions::Column::UserId.eq(user_id))
            .count(&self.db)
            .await
            .unwrap()
    }

    async fn active_accounts(&self) -> u64 {
        users::Entity::find()
            .filter(users::Column::DeletedAt.is_null())
            .filter(users::Column::Status.eq(AccountStatus::Active))
            .count(&self.db)
            .await
            .unwrap()
    }

    async fn kinds_sent_to(&self, address: &str) -> Vec<EmailKind> {
        self.emails_to(address)
            .await
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }
}

/// A server with three active accounts: Anne (signed in), Colin, and Ben, whom the test is
/// about (so the minimum of 2 never holds a change to Ben back).
async fn me_colin_and_ben() -> (TestApp, users::Model) {
    let app = spawn_app().await;
    app.signed_in_user().await;
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    (app, ben)
}

#[tokio::test]
async fn an_account_is_deactivated_and_reactivated_from_the_change_form() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;

    // The form asks it, with the answer as it is now, beside the personal details.
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert_eq!(form.one("legend"), "Is the account active?");
    assert_eq!(form.select(".govuk-radios__label"), vec!["Yes", "No"]);
    assert_eq!(
        form.attrs("input[name='active'][checked]", "value"),
        vec!["yes"]
    );
    assert_eq!(form.attrs("input#active", "value"), vec!["yes"]);

    // Neither chosen: the error, as GOV.UK shows it.
    assert_eq!(
        app.continue_status(ben.id, None).await,
        format!("/users/{}/edit", ben.id)
    );
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert!(form.title().starts_with("Error: "));
    assert_eq!(
        form.select(".govuk-error-summary__list a"),
        vec!["Select if the account is active"]
    );
    assert_eq!(
        form.attrs(".govuk-error-summary__list a", "href"),
        vec!["#active"]
    );
    assert_eq!(
        form.one(".govuk-fieldset .govuk-error-message"),
        "Error: Select if the account is active"
    );

    // A search kept before the change (this instance keeps a filter's matches) must not
    // outlive it.
    let before = app.page("/users?show=inactive").await;
    assert_eq!(
        before.one(".app-search-result"),
        "No support users found Clear search"
    );

    // "No": the check page lists it, and says what happens.
    assert_eq!(
        app.continue_status(ben.id, Some("no")).await,
        format!("/users/{}/check", ben.id)
    );
    let check = app.page(&format!("/users/{}/check", ben.id)).await;
    assert_eq!(
        check.select(".govuk-summary-list__key"),
        vec![
            "First name",
            "Last name",
            "Email address",
            "Is the account active?"
        ]
    );
    assert_eq!(check.select(".govuk-summary-list__value")[3], "No");
    assert!(check.one(".govuk-inset-text").starts_with(
        "Ben Carter will be sent an email to tell them their account has been deactivated."
    ));
    let response = app.save_change(ben.id).await;
    assert_eq!(location(&response), format!("/users/{}", ben.id));
    let details = app.page(&format!("/users/{}", ben.id)).await;
    assert_eq!(
        details.one(".govuk-notification-banner__heading"),
        "Support user updated"
    );
    assert_eq!(details.select(".govuk-summary-list__value")[3], "No");
    assert_eq!(
        details.select(".app-history__item h3")[0],
        "Account deactivated by Anne Wilson"
    );
    assert_eq!(app.status_of(ben.id).await, AccountStatus::Inactive);
    let row = app.user_row(ben.id).await;
    assert_eq!(row.updated_by_id, Some(me.id));
    assert!(row.status_changed_at.is_some());

    // The list: still there, tagged, and found by the filter; the heading counts everyone.
    let list = app.page("/users").await;
    assert_eq!(list.one("h1"), "Support users (3)");
    assert_eq!(
        list.select("tbody tr td:nth-child(3)"),
        vec!["Active", "Inactive", "Active"]
    );
    assert_eq!(list.select("tbody .govuk-tag--grey"), vec!["Inactive"]);
    let inactive = app.page("/users?show=inactive").await;
    assert_eq!(
        inactive.select("tbody tr td:first-child"),
        vec!["Ben Carter"]
    );
    assert_eq!(
        inactive.one(".app-search-result"),
        "1 support user found Clear search"
    );
    let csv = app.csv("/users.csv?show=inactive").await;
    assert_eq!(csv[0][3], "Status");
    assert_eq!(
        csv[1][..4],
        ["Ben", "Carter", "ben.carter@education.gov.uk", "Inactive"]
    );

    // No invitation is resent to an inactive account.
    assert!(
        details
            .select("main form button")
            .iter()
            .all(|b| b != "Resend invitation")
    );
    let resend = app
        .client
        .post(app.url("/api/users/resend-invitation"))
        .form(&[("id", ben.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(resend.status(), StatusCode::FORBIDDEN);

    // Switched on again.
    let response = app.set_active(ben.id, true).await;
    assert_eq!(location(&response), format!("/users/{}", ben.id));
    assert_eq!(app.status_of(ben.id).await, AccountStatus::Active);
    let details = app.page(&format!("/users/{}", ben.id)).await;
    assert_eq!(
        details.select(".app-history__item h3")[..2],
        [
            "Account reactivated by Anne Wilson",
            "Account deactivated by Anne Wilson"
        ]
    );
    assert!(app.user_row(ben.id).await.reactivated_at.is_some());
    assert_eq!(
        app.kinds_sent_to("ben.carter@education.gov.uk").await,
        vec![EmailKind::Deactivated, EmailKind::Reactivated]
    );
    let sent = emails::Entity::find()
        .filter(emails::Column::Kind.eq(EmailKind::Deactivated))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        sent.personalisation
            .contains("Your Register of training providers account has been deactivated")
    );
}

#[tokio::test]
async fn deactivating_someone_signed_in_ends_their_sessions_at_once_on_every_instance() {
    let (app, ben) = me_colin_and_ben().await;
    let mut bens = spawn_app_on(&app.database_url).await;
    bens.client = browser();
    assert_eq!(location(&bens.sign_in_as(ben.id).await), "/users");
    assert_eq!(bens.page("/users").await.status, StatusCode::OK);
    assert_eq!(app.sessions_of(ben.id).await, 1);

    // Ben has signed in: the form asks only whether his account is active.
    let form = app.page(&format!("/users/{}/edit", ben.id)).await;
    assert!(form.select("input.govuk-input").is_empty());
    assert_eq!(form.one("h1"), "Is the account active?");
    let response = app.set_active(ben.id, false).await;
    assert_eq!(location(&response), format!("/users/{}", ben.id));

    // His session is gone from the database, and his next request, on his instance, finds
    // him signed out.
    assert_eq!(app.sessions_of(ben.id).await, 0);
    assert_eq!(location(&bens.get("/users").await), "/sign-in");

    // Signing in again tells him why he cannot.
    let response = bens.sign_in_as(ben.id).await;
    assert_eq!(location(&response), "/problem/account-inactive");
    let page = bens.page("/problem/account-inactive").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        page.title(),
        "Your account is inactive - Register of training providers - GOV.UK"
    );
    assert_eq!(page.one("h1"), "Your account is inactive");
    assert_eq!(
        page.select("main p.govuk-body")[..2],
        [
            "Your account for the Register of training providers has been deactivated.",
            "Ask the support team to reactivate it."
        ]
    );
    assert_eq!(app.sessions_of(ben.id).await, 0);
    let before = app.user_row(ben.id).await.last_signed_in_at;
    assert_eq!(app.user_row(ben.id).await.last_signed_in_at, before);

    // Reactivated, he can sign in again.
    app.set_active(ben.id, true).await;
    assert_eq!(location(&bens.sign_in_as(ben.id).await), "/users");
}

#[tokio::test]
async fn an_inactive_account_signing_in_with_dfe_sign_in_is_told_it_is_inactive() {
    use service::users::sign_in::{DfeIdentity, NoAccess, sign_in};
    let (app, ben) = me_colin_and_ben().await;
    app.set_active(ben.id, false).await;
    let identity = DfeIdentity {
        uid: "dsi-ben".into(),
        email: Some("ben.carter@education.gov.uk".into()),
        first_name: Some("Ben".into()),
        last_name: Some("Carter".into()),
    };
    assert_eq!(
        sign_in(&app.db, &identity).await.unwrap(),
        Err(NoAccess::Inactive)
    );
    // Nothing was recorded: no link, no sign-in time.
    let row = app.user_row(ben.id).await;
    assert_eq!((row.dfe_sign_in_uid, row.last_signed_in_at), (None, None));
}

#[tokio::test]
async fn you_cannot_deactivate_yourself_whatever_is_posted() {
    let app = spawn_app().await;
    let me = app.signed_in_user().await;
    app.add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    app.add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    let details = app.page(&format!("/users/{}", me.id)).await;
    assert!(details.select(".govuk-summary-list__actions a").is_empty());
    assert_eq!(
        app.page(&format!("/users/{}/edit", me.id)).await.status,
        StatusCode::FORBIDDEN
    );
    let response = app
        .client
        .post(app.url(CONTINUE))
        .form(&[
            ("id", me.id.to_string()),
            ("lock_version", "1".into()),
            ("active", "no".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // The service refuses it too, whatever called it.
    let context = crate::helpers::email_context();
    let refused = service::users::status::set_status(
        &app.db,
        &context,
        me.id,
        AccountStatus::Inactive,
        service::users::status::ChangedBy::User(me.id),
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(service::Failed::Refused(service::Refusal::Yourself))
        ),
        "{refused:?}"
    );
    assert_eq!(app.status_of(me.id).await, AccountStatus::Active);
    assert_eq!(app.page("/users").await.status, StatusCode::OK);
}

#[tokio::test]
async fn at_least_2_active_accounts_remain_and_an_inactive_one_can_still_be_deleted() {
    let app = spawn_app().await;
    app.signed_in_user().await;
    let colin = app
        .add_user("Colin", "Chapman", "colin.chapman@education.gov.uk")
        .await;
    let ben = app
        .add_user("Ben", "Carter", "ben.carter@education.gov.uk")
        .await;
    assert_eq!(
        location(&app.set_active(ben.id, false).await),
        format!("/users/{}", ben.id)
    );

    // Two active accounts left: deactivating either is refused with SPEC's page.
    let response = app.set_active(colin.id, false).await;
    assert_eq!(location(&response), "/problem/too-few-users");
    let page = app.page("/problem/too-few-users").await;
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
    assert_eq!(app.status_of(colin.id).await, AccountStatus::Active);
    assert!(
        app.kinds_sent_to("colin.chapman@education.gov.uk")
            .await
            .is_empty()
    );

    // Deleting an active account is refused for the same reason; an inactive one is not.
    let refused = app.page(&format!("/users/{}/delete", colin.id)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    // And the write itself refuses it, whatever the page showed.
    let posted = app
        .client
        .post(app.url("/api/users/delete"))
        .form(&[("id", colin.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::CONFLICT);
    assert!(app.user_row(colin.id).await.deleted_at.is_none());
    let confirm = app.page(&format!("/users/{}/delete", ben.id)).await;
    assert_eq!(confirm.status, StatusCode::OK);
    let response = app
        .post_form_from(
            &format!("/users/{}/delete", ben.id),
            "/api/users/delete",
            &[("id", &ben.id.to_string())],
        )
        .await;
    assert_eq!(location(&response), "/users");
    assert!(app.user_row(ben.id).await.deleted_at.is_some());
}

#[tokio::test]
async fn ten_deactivations_at_once_on_two_instances_leave_2_active_accounts() {
    let app = spawn_app().await;
    let other = spawn_app_on(&app.database_url).await;
    let mut users = Vec::new();
    for n in 0..6 {
        users.push(
            app.add_user(
                "Person",
                &format!("Number{n}"),
                &format!("person.{n}@education.gov.uk"),
            )
            .await,
        );
    }
    // Two support staff, on two instances, each switching off the five others.
    let mut one = app.clone_handle();
    one.client = browser();
    one.sign_in_as(users[0].id).await;
    let mut two = other.clone_handle();
    two.client = browser();
    two.sign_in_as(users[1].id).await;
    let plans = [(&one, users[0].id), (&two, users[1].id)];
    for (staff, me) in plans {
        for user in users.iter().filter(|u| u.id != me) {
            assert_eq!(
                staff.continue_status(user.id, Some("no")).await,
                format!("/users/{}/check", user.id)
            );
        }
    }
    // Every check page read first, then every "Save user" at once.
    let mut posts = Vec::new();
    for (staff, me) in plans {
        for user in users.iter().filter(|u| u.id != me) {
            let check = staff.page(&format!("/users/{}/check", user.id)).await;
            let draft = check
                .attrs("input[name='draft_id']", "value")
                .pop()
                .expect("a check page");
            posts.push((staff.client.clone(), staff.url(SAVE), user.id, draft));
        }
    }
    let saves: Vec<_> = posts
        .into_iter()
        .map(|(client, url, id, draft)| {
            tokio::spawn(async move {
                client
                    .post(url)
                    .form(&[("id", id.to_string()), ("draft_id", draft)])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    for save in saves {
        let status = save.await.unwrap();
        // Saved; refused for the minimum; or the saver was switched off first.
        assert!(
            [
                StatusCode::OK,
                StatusCode::CONFLICT,
                StatusCode::UNAUTHORIZED
            ]
            .contains(&status),
            "{status}"
        );
    }
    let active = app.active_accounts().await;
    assert!(active >= 2, "{active} active accounts");
    let deactivated = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(AuditAction::AccountDeactivated))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(deactivated, 6 - active, "one record for each deactivation");
    let emails = emails::Entity::find()
        .filter(emails::Column::Kind.eq(EmailKind::Deactivated))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(emails, deactivated, "one email for each deactivation");
}
