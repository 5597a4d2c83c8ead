//! Every URL of the service, built in one place: pages, forms and redirects name these, never a
//! `"/users…"` string of their own. (The router's patterns, `/users/:id`, are in `app.rs`.)

use crate::list_query::{ListQuery, form_urlencode};

pub const HOME: &str = "/";
pub const SIGN_IN: &str = "/sign-in";
/// Development sign-in: the persona form posts here.
pub const DEVELOPER_SIGN_IN: &str = "/sign-in/developer";
pub const DFE_SIGN_IN: &str = "/auth/dfe/sign-in";
pub const DFE_CALLBACK: &str = "/auth/dfe/callback";
pub const SIGN_OUT: &str = "/sign-out";
pub const HEALTH: &str = "/healthz";
pub const DEV_EMAILS: &str = "/dev/emails";
/// The signed-in person's own account.
pub const ACCOUNT: &str = "/account";
/// Where "DfE Sign-in profile" on "Your account" goes: names and email are changed there.
pub const DFE_SIGN_IN_PROFILE: &str = "https://profile.signin.education.gov.uk";

pub const USERS: &str = "/users";
pub const NEW_USER: &str = "/users/new";
pub const NEW_USER_CHECK: &str = "/users/new/check";

/// The list's CSV download: `GET /users.csv?…`, with what the list is narrowed to.
pub const USERS_CSV: &str = "/users.csv";
/// Every email that did not arrive (`?page=N`).
pub const EMAILS_NOT_DELIVERED: &str = "/emails/not-delivered";
/// GOV.UK Notify calls back here with delivery receipts (only when `NOTIFY_CALLBACK_TOKEN` is set).
pub const NOTIFY_DELIVERY_RECEIPTS: &str = "/notify/delivery-receipts";

/// A page of the list, as the pagination links it, narrowed by `query` (its search and filter
/// kept in the address; none for the whole list).
pub fn users_found_page(query: &ListQuery, page: u32) -> String {
    let mut pairs = query.pairs();
    let page = page.to_string();
    pairs.push(("page", &page));
    format!("{USERS}?{}", form_urlencode(&pairs))
}

/// Page `page` of "Emails not delivered".
pub fn emails_not_delivered_page(page: u32) -> String {
    format!("{EMAILS_NOT_DELIVERED}?page={page}")
}

/// The CSV of what the list narrowed by `query` shows.
pub fn users_csv(query: &ListQuery) -> String {
    let pairs = query.pairs();
    if pairs.is_empty() {
        USERS_CSV.to_owned()
    } else {
        format!("{USERS_CSV}?{}", form_urlencode(&pairs))
    }
}

/// The page that explains an error, by its slug.
pub fn problem(slug: &str) -> String {
    format!("/problem/{slug}")
}

/// One support user's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User(pub i64);

impl User {
    pub fn details(self) -> String {
        format!("{USERS}/{}", self.0)
    }

    pub fn edit(self) -> String {
        format!("{USERS}/{}/edit", self.0)
    }

    pub fn check(self) -> String {
        format!("{USERS}/{}/check", self.0)
    }

    pub fn delete(self) -> String {
        format!("{USERS}/{}/delete", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_pages_are_under_the_list() {
        let user = User(7);
        assert_eq!(user.details(), "/users/7");
        assert_eq!(user.edit(), "/users/7/edit");
        assert_eq!(user.check(), "/users/7/check");
        assert_eq!(user.delete(), "/users/7/delete");
    }

    #[test]
    fn list_pages_and_problems() {
        assert_eq!(users_found_page(&ListQuery::default(), 2), "/users?page=2");
        assert_eq!(problem("not-found"), "/problem/not-found");
        let narrowed = ListQuery::parse(Some("o'brien"), Some("stale")).unwrap();
        assert_eq!(
            users_found_page(&narrowed, 3),
            "/users?q=o%27brien&show=stale&page=3"
        );
        assert_eq!(users_csv(&ListQuery::default()), "/users.csv");
        assert_eq!(users_csv(&narrowed), "/users.csv?q=o%27brien&show=stale");
    }
}
