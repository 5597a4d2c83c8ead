//! The pages that explain an error.

pub const NOT_FOUND_TITLE: &str = "Page not found";
pub const NOT_FOUND_BODY_1: &str = "If you typed the web address, check it is correct.";
pub const NOT_FOUND_BODY_2: &str =
    "If you pasted the web address, check you copied the entire address.";
pub const FORBIDDEN_TITLE: &str = "You cannot change or delete this support user";
pub const FORBIDDEN_BODY_1: &str = "A support user's details cannot be changed once they have signed in: they belong to their DfE Sign-in account.";
pub const FORBIDDEN_BODY_2: &str = "You cannot change, deactivate or delete your own account.";
pub const BAD_REQUEST_TITLE: &str = "Sorry, there is a problem with that request";
pub const BAD_REQUEST_BODY: &str = "Go back and try again.";
pub const INTERNAL_ERROR_TITLE: &str = "Sorry, there is a problem with the service";
pub const INTERNAL_ERROR_BODY_1: &str = "Try again later.";
pub const INTERNAL_ERROR_BODY_2: &str = "Anything you saved before the problem has been kept.";
pub const CROSS_SITE_TITLE: &str = "Sorry, that request could not be completed";
pub const CROSS_SITE_BODY_1: &str =
    "It was sent from another website, so nothing has been changed.";
pub const CROSS_SITE_BODY_2: &str =
    "If you were using this service, go back to the page you were on and try again.";
pub const TOO_LARGE_TITLE: &str = "Sorry, what you sent was too large";
pub const TOO_LARGE_BODY: &str = "Nothing has been changed. Go back and try again.";
pub const TOO_MANY_REQUESTS_TITLE: &str = "Sorry, there is a problem completing this action";
pub const TOO_MANY_REQUESTS_BODY_1: &str = "You can delete up to 3 support users in 3 minutes.";
pub const TOO_MANY_REQUESTS_BODY_2: &str =
    "Nothing has been changed. Wait a few minutes, then try again.";
pub const RESEND_TOO_SOON_BODY: &str = "An invitation was sent to this user less than 5 minutes ago. Wait a few minutes, then try again.";
pub const TOO_FEW_USERS_BODY_1: &str = "There must always be at least 2 active support users.";
pub const TOO_FEW_USERS_BODY_2: &str = "Add another support user first.";
pub const ACCOUNT_INACTIVE_TITLE: &str = "Your account is inactive";
pub const ACCOUNT_INACTIVE_BODY_1: &str =
    "Your account for the Register of training providers has been deactivated.";
pub const ACCOUNT_INACTIVE_BODY_2: &str = "Ask the support team to reactivate it.";
pub const NO_ACCESS_TITLE: &str = "You do not have access to this service";
pub const NO_ACCESS_BODY_1: &str =
    "Ask the Register of training providers support team to add you as a support user.";
pub const NO_ACCESS_BODY_2: &str =
    "Give them the email address of your DfE Sign-in account: it must be the one they add.";
pub const SIGN_IN_FAILED_TITLE: &str = "Sorry, we could not sign you in";
pub const SIGN_IN_FAILED_BODY: &str = "Signing in took too long, was started in another window, or was interrupted. Nothing has been changed.";
pub const SIGN_IN_AGAIN: &str = "Try signing in again";
pub const BACK_TO_USERS: &str = "Go to the list of support users";

/// What a page explaining an error says, and where it sends the person on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Problem {
    pub title: &'static str,
    pub paragraphs: &'static [&'static str],
    /// The link at the end: `(href, text)`.
    pub link: (&'static str, &'static str),
}

const TO_USERS: (&str, &str) = (crate::paths::USERS, BACK_TO_USERS);
const SIGN_IN_AGAIN_LINK: (&str, &str) = (crate::paths::SIGN_IN, SIGN_IN_AGAIN);

pub const NOT_FOUND: Problem = Problem {
    title: NOT_FOUND_TITLE,
    paragraphs: &[NOT_FOUND_BODY_1, NOT_FOUND_BODY_2],
    link: TO_USERS,
};
pub const FORBIDDEN: Problem = Problem {
    title: FORBIDDEN_TITLE,
    paragraphs: &[FORBIDDEN_BODY_1, FORBIDDEN_BODY_2],
    link: TO_USERS,
};
pub const SIGN_IN_REQUIRED: Problem = Problem {
    title: crate::content::SIGN_IN_TITLE,
    paragraphs: &[],
    link: (crate::paths::SIGN_IN, crate::content::SIGN_IN_HEADING),
};
pub const BAD_REQUEST: Problem = Problem {
    title: BAD_REQUEST_TITLE,
    paragraphs: &[BAD_REQUEST_BODY],
    link: TO_USERS,
};
pub const CROSS_SITE: Problem = Problem {
    title: CROSS_SITE_TITLE,
    paragraphs: &[CROSS_SITE_BODY_1, CROSS_SITE_BODY_2],
    link: TO_USERS,
};
pub const TOO_LARGE: Problem = Problem {
    title: TOO_LARGE_TITLE,
    paragraphs: &[TOO_LARGE_BODY],
    link: TO_USERS,
};
pub const TOO_MANY_REQUESTS: Problem = Problem {
    title: TOO_MANY_REQUESTS_TITLE,
    paragraphs: &[TOO_MANY_REQUESTS_BODY_1, TOO_MANY_REQUESTS_BODY_2],
    link: TO_USERS,
};
pub const RESEND_TOO_SOON: Problem = Problem {
    title: TOO_MANY_REQUESTS_TITLE,
    paragraphs: &[RESEND_TOO_SOON_BODY],
    link: TO_USERS,
};
pub const TOO_FEW_USERS: Problem = Problem {
    title: TOO_MANY_REQUESTS_TITLE,
    paragraphs: &[TOO_FEW_USERS_BODY_1, TOO_FEW_USERS_BODY_2],
    link: TO_USERS,
};
pub const ACCOUNT_INACTIVE_PAGE: Problem = Problem {
    title: ACCOUNT_INACTIVE_TITLE,
    paragraphs: &[ACCOUNT_INACTIVE_BODY_1, ACCOUNT_INACTIVE_BODY_2],
    link: SIGN_IN_AGAIN_LINK,
};
pub const NO_ACCESS: Problem = Problem {
    title: NO_ACCESS_TITLE,
    paragraphs: &[NO_ACCESS_BODY_1, NO_ACCESS_BODY_2],
    link: SIGN_IN_AGAIN_LINK,
};
pub const SIGN_IN_FAILED: Problem = Problem {
    title: SIGN_IN_FAILED_TITLE,
    paragraphs: &[SIGN_IN_FAILED_BODY],
    link: SIGN_IN_AGAIN_LINK,
};
pub const UNAVAILABLE_TITLE: &str = "Sorry, the service is unavailable";
pub const UNAVAILABLE: Problem = Problem {
    title: UNAVAILABLE_TITLE,
    paragraphs: &[INTERNAL_ERROR_BODY_1, INTERNAL_ERROR_BODY_2],
    link: TO_USERS,
};
pub const INTERNAL: Problem = Problem {
    title: INTERNAL_ERROR_TITLE,
    paragraphs: &[INTERNAL_ERROR_BODY_1, INTERNAL_ERROR_BODY_2],
    link: TO_USERS,
};
