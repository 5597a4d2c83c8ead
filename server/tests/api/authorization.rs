//! Who may reach what: every route the server answers (taken from the router itself, so a new
//! route cannot be left out) × who is asking: nobody, a signed-in support user, and the old
//! session of a user who has since been deleted; and, for the support user, × whether the user
//! acted on has signed in (their personal details are then locked, but they can be deleted).

use crate::helpers::{TestApp, location, spawn_app};
use entity::users;
use reqwest::Method;
use reqwest::header::ACCEPT;
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

/// What a route must answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Status(u16),
    RedirectTo(&'static str),
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
fn expected(method: &Method, pattern: &str, who: Who, target: Target) -> Answer {
    use Answer::*;
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
            "/users" | "/users.csv" | "/users/new" | "/users/{id}" | "/users/{id}/edit"
            | "/users/{id}/delete" | "/dev/emails" | "/account",
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
        // As a script calls a server function.
        let args: Vec<(&str, &str)> = match pattern {
            "/api/users/list" => vec![("page", "1")],
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
    let routes = server::routes::route_inventory();
    assert!(
        routes.len() > 20,
        "the inventory lists the routes: {routes:?}"
    );
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
        let app = spawn_app().await;
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
            match who {
                Who::Anonymous => {}
                Who::SupportUser => {
                    app.sign_in_as(me.id).await;
                }
                Who::DeletedUsersSession => {
                    app.sign_in_as(me.id).await;
                    app.mark_deleted(me.id).await;
                }
            }
            let response = request(&app, method, pattern, &subjects).await;
            let status = response.status();
            let got = if status.is_redirection() {
                Answer::RedirectTo(Box::leak(location(&response).into_boxed_str()))
            } else {
                Answer::Status(status.as_u16())
            };
            let want = match expected(method, pattern, who, target) {
                Answer::RedirectTo(to) => Answer::RedirectTo(Box::leak(
                    to.replace("{id}", &subjects.target.id.to_string())
                        .into_boxed_str(),
                )),
                other => other,
            };
            if got != want {
                failures.push(format!(
                    "{who:?} on {target:?} {method} {pattern}: want {want:?}, got {got:?}"
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
