//! Who may reach what: every route the server answers (taken from the router itself, so a new
//! route cannot be left out) × who is asking: nobody, a signed-in support user, and the old
//! session of a user who has since been deleted; and, for the support user, × whether the user
//! acted on has signed in (their personal details are then locked, but they can be deleted).
//! All of it twice: in development, and in production (DfE Sign-in's stand-in serving
//! discovery, an https `SERVICE_URL`), where every development route is absent and every other
//! route answers as in development.

use crate::helpers::{TestApp, location, spawn_app};
use entity::users;
use reqwest::Method;
use reqwest::header::ACCEPT;
use sea_orm::ActiveModelTrait;
use sea_orm::EntityTrait;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    SupportUser,
    DeletedUsersSession,
}

/// The user a request acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    NeverSignedIn,
    /// Has signed in: their name and email are DfE Sign-in's, and no invitation is resent.
    SignedIn,
}

/// Which environment the server runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Development,
    Production,
}

/// What a route must answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Status(u16),
    RedirectTo(&'static str),
    /// To another site (DfE Sign-in).
    RedirectAway,
}

/// The routes anyone may use.
fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/sign-in"
            | "/sign-in/developer"
            | "/sign-out"
            | "/healthz"
            | "/api/sign_in/options"
            | "/auth/dfe/sign-in"
            | "/auth/dfe/callback"
    ) || path.starts_with("/problem/")
}

/// The matrix: what each route answers a signed-in support user, and so what it answers the
/// others. Panics on a route it does not know, so a new route must be added here.
fn expected(method: &Method, pattern: &str, who: Who, target: Target, mode: Mode) -> Answer {
    use Answer::*;
    if mode == Mode::Production {
        // Development's conveniences do not exist; DfE Sign-in does.
        match (method.as_str(), pattern) {
            ("POST", "/sign-in/developer") => return Status(404),
            ("GET", "/dev/emails" | "/api/dev/emails") if who == Who::SupportUser => {
                return Status(404);
            }
            ("GET", "/auth/dfe/sign-in") => return RedirectAway,
            // Signing out ends DfE Sign-in's session too, which then comes back to sign-in.
            ("POST", "/sign-out") => return RedirectAway,
            // No sign-in under way: a GOV.UK page that says so.
            ("GET", "/auth/dfe/callback") => return RedirectTo("/problem/sign-in-failed"),
            _ => {}
        }
    }
    let for_support_user = match (method.as_str(), pattern) {
        // Once the user acted on has signed in, only their personal details are out of reach
        // (and the invitation is used): the change form asks only whether the account is
        // active, and "Delete user" stays, for a leaver. This request posts personal details.
        ("POST", "/api/users/edit/continue" | "/api/users/resend-invitation")
            if target == Target::SignedIn =>
        {
            Status(403)
        }
        ("GET", "/") => RedirectTo("/users"),
        ("GET", "/healthz") => Status(200),
        ("POST", "/sign-in/developer") => RedirectTo("/users"),
        ("POST", "/sign-out") => RedirectTo("/sign-in"),
        ("GET", "/sign-in") => Status(200),
        // DfE Sign-in is not configured in these tests: its routes do not exist.
        ("GET", "/auth/dfe/sign-in" | "/auth/dfe/callback") => Status(404),
        ("GET", "/problem/{kind}") => Status(404),
        (
            "GET",
            "/users"
            | "/users.csv"
            | "/users/new"
            | "/users/{id}"
            | "/users/{id}/edit"
            | "/users/{id}/delete"
            | "/dev/emails"
            | "/account"
            | "/emails/not-delivered",
        ) => Status(200),
        // No answers to check yet: back to the form.
        ("GET", "/users/new/check") => RedirectTo("/users/new"),
        ("GET", "/users/{id}/check") => RedirectTo("/users/{id}/edit"),
        ("GET", p) if p.starts_with("/api/") => Status(200),
        ("POST", "/api/users/new/continue" | "/api/users/edit/continue") => Status(200),
        // Ends the visitor's own sessions (each request of the matrix has a browser of its own).
        ("POST", "/api/account/sign-out-everywhere") => Status(200),
        (
            "POST",
            "/api/users/new/save"
            | "/api/users/edit/save"
            | "/api/users/delete"
            | "/api/users/resend-invitation",
        ) => Status(200),
        (method, pattern) => {
            panic!("{method} {pattern} is not in the authorization matrix: add what it answers")
        }
    };
    if who == Who::SupportUser || is_public(pattern) {
        return for_support_user;
    }
    if pattern.starts_with("/api/") {
        Status(401)
    } else {
        RedirectTo("/sign-in")
    }
}

struct Subjects {
    /// A user the requests may act on (change, delete).
    target: users::Model,
    /// Someone to sign in as with the developer sign-in.
    persona: users::Model,
}

async fn request(
    app: &TestApp,
    method: &Method,
    pattern: &str,
    subjects: &Subjects,
) -> reqwest::Response {
    let id = subjects.target.id.to_string();
    let path = pattern.replace("{id}", &id).replace("{kind}", "not-found");
    let url = app.url(&path);
    if pattern.starts_with("/api/") {
        // As a script calls a server function (from the service's own pages).
        let args: Vec<(&str, &str)> = match pattern {
            "/api/users/list" | "/api/emails/not-delivered" => vec![("page", "1")],
            "/api/users/new/continue" => vec![
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
                ("email", "ada@education.gov.uk"),
            ],
            "/api/users/edit/continue" => vec![
                ("id", &id),
                ("lock_version", "1"),
                ("first_name", "Ben"),
                ("last_name", "Carter"),
                ("email", "ben.carter@education.gov.uk"),
                ("active", "yes"),
            ],
            "/api/users/new/save" => vec![("draft_id", "none")],
            "/api/users/edit/save" => vec![("id", &id), ("draft_id", "none")],
            p if p.starts_with("/api/users/")
                && p != "/api/users/new/form"
                && p != "/api/users/new/check" =>
            {
                vec![("id", &id)]
            }
            _ => vec![],
        };
        let builder = app
            .client
            .request(method.clone(), url)
            .header(ACCEPT, "application/json");
        let builder = if *method == Method::GET {
            builder.query(&args)
        } else {
            builder.form(&args)
        };
        return builder.send().await.expect("request");
    }
    let builder = app
        .client
        .request(method.clone(), url)
        .header(ACCEPT, "text/html");
    let builder = match pattern {
        "/sign-in/developer" => builder.form(&[("user_id", subjects.persona.id.to_string())]),
        _ if *method == Method::POST => builder.form(&[("", "")]),
        _ => builder,
    };
    builder.send().await.expect("request")
}

#[tokio::test]
async fn every_route_answers_each_kind_of_visitor_as_the_matrix_says() {
    every_route_answers(Mode::Development).await;
}

#[tokio::test]
async fn in_production_every_development_route_is_absent_and_the_rest_answer_the_same() {
    every_route_answers(Mode::Production).await;
}

/// A browser signed in as `user_id` on a production server. Its cookie is `Secure`, which a
/// client keeps only for https, so the session is made as signing in makes it (a row in the
/// store) and its cookie sent by hand; its forms come from the service's own address.
async fn production_browser(app: &TestApp, user_id: Option<i64>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ORIGIN,
        "https://rotp.test".parse().unwrap(),
    );
    if let Some(user_id) = user_id {
        let session_id = tower_sessions::session::Id::default();
        let id = session_id.to_string();
        let now = chrono::Utc::now().timestamp();
        let data = serde_json::json!({
            service::session_keys::USER_ID: user_id,
            service::session_keys::SIGNED_IN_AT: now,
        });
        entity::sessions::ActiveModel {
            id: sea_orm::ActiveValue::Set(service::session_store::stored_id(&session_id)),
            data: sea_orm::ActiveValue::Set(data.to_string()),
            expires_at: sea_orm::ActiveValue::Set(now + 60 * 60),
            user_id: sea_orm::ActiveValue::Set(Some(user_id)),
        }
        .insert(&app.db)
        .await
        .unwrap();
        headers.insert(
            reqwest::header::COOKIE,
            format!("__Host-rotp_session={id}").parse().unwrap(),
        );
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap()
}

async fn every_route_answers(mode: Mode) {
    let routes = server::routes::route_inventory();
    assert!(
        routes.len() > 20,
        "the inventory lists the routes: {routes:?}"
    );
    let provider = crate::oidc_provider::OidcProvider::start().await;
    let mut failures = Vec::new();
    // Who the target is cannot matter to those who are not signed in: one target for them.
    for (who, target) in [
        (Who::Anonymous, Target::NeverSignedIn),
        (Who::SupportUser, Target::NeverSignedIn),
        (Who::SupportUser, Target::SignedIn),
        (Who::DeletedUsersSession, Target::NeverSignedIn),
    ] {
        // One server per kind of visitor; each request gets users of its own, so one request's
        // effects (a deletion, a sign-out) cannot change another's answer.
        let app = match mode {
            Mode::Development => spawn_app().await,
            Mode::Production => crate::secure_by_default::production_app(&provider.issuer).await,
        };
        // Deleting never leaves fewer than 2 support users: these stay.
        app.add_user("Keep", "One", "keep.one@education.gov.uk")
            .await;
        app.add_user("Keep", "Two", "keep.two@education.gov.uk")
            .await;
        for (n, (method, pattern)) in routes.iter().enumerate() {
            // A browser of its own for each route: nothing one request leaves behind (a
            // session, where to return after signing in) reaches the next.
            let app = {
                let mut visitor = app.clone_handle();
                visitor.client = crate::helpers::browser();
                visitor
            };
            let me = app
                .add_user("Anne", "Wilson", &format!("anne.{n}@education.gov.uk"))
                .await;
            let subjects = Subjects {
                target: app
                    .add_user("Ben", "Carter", &format!("ben.{n}@education.gov.uk"))
                    .await,
                persona: app
                    .add_user("Colin", "Chapman", &format!("colin.{n}@education.gov.uk"))
                    .await,
            };
            if target == Target::SignedIn {
                app.mark_signed_in_before(subjects.target.id).await;
            }
            let mut app = app;
            match (who, mode) {
                (Who::Anonymous, Mode::Development) => {}
                (Who::SupportUser | Who::DeletedUsersSession, Mode::Development) => {
                    app.sign_in_as(me.id).await;
                }
                (Who::Anonymous, Mode::Production) => {
                    app.client = production_browser(&app, None).await;
                }
                (Who::SupportUser | Who::DeletedUsersSession, Mode::Production) => {
                    app.client = production_browser(&app, Some(me.id)).await;
                }
            }
            if who == Who::DeletedUsersSession {
                app.mark_deleted(me.id).await;
            }
            let response = request(&app, method, pattern, &subjects).await;
            let status = response.status();
            let got = if status.is_redirection() && location(&response).starts_with("http") {
                Answer::RedirectAway
            } else if status.is_redirection() {
                Answer::RedirectTo(Box::leak(location(&response).into_boxed_str()))
            } else {
                Answer::Status(status.as_u16())
            };
            let want = match expected(method, pattern, who, target, mode) {
                Answer::RedirectTo(to) => Answer::RedirectTo(Box::leak(
                    to.replace("{id}", &subjects.target.id.to_string())
                        .into_boxed_str(),
                )),
                other => other,
            };
            if got != want {
                failures.push(format!(
                    "{mode:?}: {who:?} on {target:?} {method} {pattern}: want {want:?}, got {got:?}"
                ));
            }
            // Nobody but a signed-in support user changes anything.
            if who != Who::SupportUser {
                let target = users::Entity::find_by_id(subjects.target.id)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap();
                if target.deleted_at.is_some()
                    || target.lock_version != subjects.target.lock_version
                {
                    failures.push(format!("{who:?} {method} {pattern}: changed the user"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
