//! Every piece of text a person sees, in one place, so content designers can change it here.
//! Page titles are the `<h1>`-level names; [`page_title`] adds the service suffix.

pub const SERVICE_NAME: &str = "Register of training providers";
pub const SKIP_LINK: &str = "Skip to main content";
pub const NAV_SUPPORT_USERS: &str = "Support users";
pub const SIGN_OUT: &str = "Sign out";
pub const MENU: &str = "Menu";
pub const NAV_LABEL: &str = "Menu";
pub const SERVICE_NAV_LABEL: &str = "Service information";
pub const FOOTER_LICENCE_PREFIX: &str = "All content is available under the";
pub const FOOTER_LICENCE_LINK: &str = "Open Government Licence v3.0";
pub const FOOTER_LICENCE_SUFFIX: &str = ", except where otherwise stated";
pub const FOOTER_COPYRIGHT: &str = "© Crown copyright";

/// `<title>` of every page: "<page> - Register of training providers - GOV.UK",
/// with "Error: " in front when the page shows validation errors.
pub fn page_title(page: &str, has_errors: bool) -> String {
    let prefix = if has_errors { "Error: " } else { "" };
    format!("{prefix}{page} - {SERVICE_NAME} - GOV.UK")
}

// Sign in (development personas)
pub const SIGN_IN_TITLE: &str = "Sign in";
pub const SIGN_IN_HEADING: &str = "Sign in";
pub const SIGN_IN_PERSONAS_INTRO: &str =
    "This is a development environment. Choose a support user to sign in as.";
pub const SIGN_IN_NO_PERSONAS: &str =
    "There are no support users yet. Add one with the server's users add command.";
pub const SIGN_IN_DFE_INTRO: &str = "Sign in with your DfE Sign-in account. If you do not have one, you can create one when you sign in: use the email address the support team added you with.";
pub const SIGN_IN_DFE_BUTTON: &str = "Sign in with DfE Sign-in";
pub fn sign_in_as(full_name: &str) -> String {
    format!("Sign in as {full_name}")
}

// Support users list
pub const USERS_TITLE: &str = "Support users";
pub fn users_heading(count: u64) -> String {
    format!("Support users ({})", thousands(count))
}
pub const ADD_USER: &str = "Add user";
pub const COLUMN_NAME: &str = "Name";
pub const COLUMN_EMAIL: &str = "Email address";
pub const USERS_TABLE_CAPTION: &str = "Support users";

// Support user details
pub const USER_TITLE: &str = "View support user";
pub const USER_CAPTION: &str = "Support user";
pub const FIRST_NAME: &str = "First name";
pub const LAST_NAME: &str = "Last name";
pub const EMAIL_ADDRESS: &str = "Email address";
pub const CHANGE: &str = "Change";
pub const DELETE_USER: &str = "Delete user";
pub const NEVER_SIGNED_IN: &str = "User has never signed in";
/// "Last signed in at 10:15am on 27 November 2026" (UK time).
pub fn last_signed_in_at(when: &str) -> String {
    format!("Last signed in at {when}")
}

// Pagination
pub const PREVIOUS: &str = "Previous";
pub const NEXT: &str = "Next";
pub const PAGE_SUFFIX_HIDDEN: &str = " page";
pub const PAGINATION_LABEL: &str = "Pagination";
pub fn page_label(n: u32) -> String {
    format!("Page {n}")
}

// Success banners
pub const USER_ADDED: &str = "Support user added";
pub const USER_UPDATED: &str = "Support user updated";
pub const USER_DELETED: &str = "Support user deleted";

// Add / change support user: personal details form
pub const ADD_USER_TITLE: &str = "Add support user - personal details";
// A user's history (their audit trail) on the details page
pub const HISTORY_HEADING: &str = "History";
pub const HISTORY_EMPTY: &str = "No changes have been recorded.";
pub fn history_added(by: Option<&str>) -> String {
    match by {
        Some(name) => format!("Added by {name}"),
        None => "Added with the server's command line".to_owned(),
    }
}
pub fn history_changed(by: Option<&str>) -> String {
    match by {
        Some(name) => format!("Changed by {name}"),
        None => "Changed with the server's command line".to_owned(),
    }
}
pub fn history_field_set(field: &str, value: &str) -> String {
    format!("{field}: {value}")
}
pub fn history_field_changed(field: &str, from: &str, to: &str) -> String {
    format!("{field} changed from {from} to {to}")
}

pub const ADD_USER_CAPTION: &str = "Add support user";
pub const PERSONAL_DETAILS_HEADING: &str = "Personal details";
pub const EMAIL_HINT: &str =
    "Email address must be a valid Department for Education address, like name@education.gov.uk";
pub const CONTINUE: &str = "Continue";
pub const CANCEL: &str = "Cancel";
pub const BACK: &str = "Back";
pub const ERROR_SUMMARY_TITLE: &str = "There is a problem";
pub const ERROR_PREFIX_HIDDEN: &str = "Error:";

// Change support user
pub const EDIT_USER_TITLE: &str = "Change support user - personal details";
pub fn edit_user_caption(full_name: &str) -> String {
    format!("Support user - {full_name}")
}
pub const CHECK_EDIT_TITLE: &str = "Check your answers - Change support user";
pub const CHECK_EDIT_CAPTION: &str = "Change support user";
pub const EDIT_CONFLICT: &str = "Someone else changed this support user while you were making your changes. These are their details now: make your changes again.";

// Delete support user
pub const DELETE_TITLE: &str = "Confirm you want to delete support user";
pub const DELETE_CAPTION: &str = "Delete support user";
pub fn delete_heading(full_name: &str) -> String {
    format!("Confirm you want to delete {full_name}")
}
pub const DELETE_WARNING: &str = "Deleting a user is permanent – you cannot undo it.";
pub const WARNING_HIDDEN: &str = "Warning";

// Check your answers
pub const CHECK_ADD_TITLE: &str = "Check your answers - Add support user";
pub const CHECK_HEADING: &str = "Check your answers";
pub const SAVE_USER: &str = "Save user";

// Notification banner
pub const BANNER_SUCCESS_TITLE: &str = "Success";
pub const BANNER_IMPORTANT_TITLE: &str = "Important";
/// On a check page, after "Save user" on answers another tab or window had changed since.
pub const ANSWERS_CHANGED_ELSEWHERE: &str =
    "Your answers were changed in another tab or window. Check them before you save.";

// Error pages
pub const NOT_FOUND_TITLE: &str = "Page not found";
pub const NOT_FOUND_BODY_1: &str = "If you typed the web address, check it is correct.";
pub const NOT_FOUND_BODY_2: &str =
    "If you pasted the web address, check you copied the entire address.";
pub const FORBIDDEN_TITLE: &str = "You cannot change or delete this support user";
pub const FORBIDDEN_BODY_1: &str = "A support user's details cannot be changed once they have signed in: they belong to their DfE Sign-in account.";
pub const FORBIDDEN_BODY_2: &str = "You cannot change or delete your own account.";
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
pub const TOO_FEW_USERS_TITLE: &str = "You cannot delete this support user";
pub const TOO_FEW_USERS_BODY: &str =
    "There must always be at least 2 support users, so that someone can add others.";
pub const NO_ACCESS_TITLE: &str = "You do not have access to this service";
pub const NO_ACCESS_BODY_1: &str =
    "Ask the Register of training providers support team to add you as a support user.";
pub const NO_ACCESS_BODY_2: &str =
    "Give them the email address of your DfE Sign-in account: it must be the one they add.";
pub const SIGN_IN_FAILED_TITLE: &str = "Sorry, we could not sign you in";
pub const SIGN_IN_FAILED_BODY: &str = "Signing in took too long, was started in another window, or was interrupted. Nothing has been changed.";
pub const SIGN_IN_AGAIN: &str = "Try signing in again";
pub const BACK_TO_USERS: &str = "Go to the list of support users";

// Validation messages (SPEC §3)
pub const ENTER_FIRST_NAME: &str = "Enter first name";
pub const ENTER_LAST_NAME: &str = "Enter last name";
pub const FIRST_NAME_TOO_LONG: &str = "First name must be 255 characters or fewer";
pub const LAST_NAME_TOO_LONG: &str = "Last name must be 255 characters or fewer";
pub const ENTER_EMAIL: &str = "Enter email address";
pub const EMAIL_INVALID: &str = "Enter a Department for Education email address in the correct format, like name@education.gov.uk";
pub const EMAIL_IN_USE: &str = "Email address already in use";

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The emails of SPEC §4. Each is a subject and a body, passed to one generic GOV.UK Notify
/// template (`((subject))` and `((body))`); the body uses Notify's formatting (`#` headings,
/// `*` bullets, `^` insets, bare links), which acts at the start of a line. So no name, which
/// support staff type, ever starts a line: a name of `# Urgent` stays text.
pub mod emails {
    /// Where someone without a DfE Sign-in account creates one.
    pub const DFE_SIGN_IN_CREATE_ACCOUNT_URL: &str =
        "https://profile.signin.education.gov.uk/register";

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct EmailText {
        pub subject: String,
        pub body: String,
    }

    /// Outside production the subject says where the email came from, so nobody mistakes a
    /// test email for a real one.
    pub fn subject(environment_label: Option<&str>, subject: &str) -> String {
        match environment_label {
            Some(label) => format!("[{}] {subject}", label.to_uppercase()),
            None => subject.to_owned(),
        }
    }

    fn how_to_sign_in(email: &str, sign_in_url: &str) -> String {
        format!(
            "# How to sign in\n\
             \n\
             Sign in at:\n\
             {sign_in_url}\n\
             \n\
             You sign in with a DfE Sign-in account that uses this email address:\n\
             \n\
             ^ {email}\n\
             \n\
             If you do not have a DfE Sign-in account, create one with exactly this email \
             address at:\n\
             {DFE_SIGN_IN_CREATE_ACCOUNT_URL}\n\
             \n\
             If your DfE Sign-in account uses a different email address, you will not be able \
             to sign in."
        )
    }

    /// To a new support user.
    pub fn invitation(
        environment_label: Option<&str>,
        first_name: &str,
        email: &str,
        sign_in_url: &str,
    ) -> EmailText {
        EmailText {
            subject: subject(
                environment_label,
                "You have been added to the Register of training providers support area",
            ),
            body: format!(
                "Dear {first_name},\n\
                 \n\
                 You have been added as a support user of the Register of training providers.\n\
                 \n\
                 {}\n\
                 \n\
                 Department for Education",
                how_to_sign_in(email, sign_in_url)
            ),
        }
    }

    /// To a support user's new address, after someone changed it.
    pub fn sign_in_details(
        environment_label: Option<&str>,
        first_name: &str,
        email: &str,
        sign_in_url: &str,
    ) -> EmailText {
        EmailText {
            subject: subject(
                environment_label,
                "Your sign-in details for the Register of training providers support area",
            ),
            body: format!(
                "Dear {first_name},\n\
                 \n\
                 The email address of your Register of training providers support account has \
                 been changed to {email}.\n\
                 \n\
                 {}\n\
                 \n\
                 Department for Education",
                how_to_sign_in(email, sign_in_url)
            ),
        }
    }

    /// To a support user who has been removed.
    pub fn removed(
        environment_label: Option<&str>,
        first_name: &str,
        removed_by_name: &str,
        removed_by_email: &str,
    ) -> EmailText {
        EmailText {
            subject: subject(
                environment_label,
                "You have been removed from the Register of training providers support area",
            ),
            body: format!(
                "Dear {first_name},\n\
                 \n\
                 You have been removed as a support user of the Register of training providers \
                 by {removed_by_name}. You can no longer sign in to its support area.\n\
                 \n\
                 # If this is a mistake\n\
                 \n\
                 Contact {removed_by_name} at {removed_by_email}, or another member of the \
                 support team, and ask them to add you again.\n\
                 \n\
                 Department for Education"
            ),
        }
    }
}

// Emails sent (development only)
pub const DEV_EMAILS_TITLE: &str = "Emails sent";
pub const DEV_EMAILS_FOOTER_LINK: &str = "Emails sent (development)";
pub const FOOTER_SUPPORT_LINKS: &str = "Support links";
pub const DEV_EMAILS_INTRO: &str = "This is a development environment: no email is sent. \
    These are the emails the service would have sent through GOV.UK Notify, newest first.";
pub const DEV_EMAILS_NONE: &str = "No emails yet.";
pub const DEV_EMAIL_TO: &str = "To";
pub const DEV_EMAIL_STATUS: &str = "Status";
pub const DEV_EMAIL_QUEUED_AT: &str = "Queued";
pub const DEV_EMAIL_BODY: &str = "Email";
pub fn email_status(status: &str) -> &'static str {
    match status {
        "sent" => "Sent",
        "failed" => "Failed",
        "sending" => "Sending",
        _ => "Queued",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separates_groups_of_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(25_000), "25,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn email_subjects_say_which_environment_they_came_from() {
        let email = emails::invitation(
            Some("development"),
            "Ada",
            "ada@education.gov.uk",
            "https://example.education.gov.uk/users",
        );
        assert_eq!(
            email.subject,
            "[DEVELOPMENT] You have been added to the Register of training providers support area"
        );
        let email = emails::invitation(None, "Ada", "ada@education.gov.uk", "https://x/users");
        assert!(!email.subject.starts_with('['));
    }

    #[test]
    fn sign_in_emails_give_the_link_and_the_exact_address() {
        for email in [
            emails::invitation(
                None,
                "Ada",
                "ada@education.gov.uk",
                "https://rotp.example/users",
            ),
            emails::sign_in_details(
                None,
                "Ada",
                "ada@education.gov.uk",
                "https://rotp.example/users",
            ),
        ] {
            assert!(email.body.starts_with("Dear Ada,"));
            assert!(email.body.contains("\nhttps://rotp.example/users\n"));
            assert!(email.body.contains("^ ada@education.gov.uk"));
            assert!(email.body.contains(emails::DFE_SIGN_IN_CREATE_ACCOUNT_URL));
        }
    }

    #[test]
    fn the_removal_email_says_whom_to_contact() {
        let email = emails::removed(None, "Ben", "Anne Wilson", "anne.wilson@education.gov.uk");
        assert!(
            email
                .body
                .contains("Contact Anne Wilson at anne.wilson@education.gov.uk")
        );
    }

    #[test]
    fn names_never_start_a_line_so_they_cannot_format_an_email() {
        let all = |name: &str| {
            [
                emails::invitation(None, name, "a@education.gov.uk", "https://x/users"),
                emails::sign_in_details(None, name, "a@education.gov.uk", "https://x/users"),
                emails::removed(None, name, name, "b@education.gov.uk"),
            ]
        };
        let formatting = |body: &str| -> Vec<String> {
            body.lines()
                .filter(|line| line.starts_with(['#', '*', '^', '-', '+', '>', '1']))
                .map(str::to_owned)
                .collect()
        };
        let plain = all("Ada");
        for name in [
            "# Urgent",
            "* Click here",
            "^ Note",
            "- x",
            "1. Step",
            "> quote",
        ] {
            for (email, with_plain_name) in all(name).iter().zip(&plain) {
                assert!(
                    !email.body.lines().any(|line| line.starts_with(name)),
                    "{name:?} starts a line of {:?}",
                    email.body
                );
                assert_eq!(
                    formatting(&email.body),
                    formatting(&with_plain_name.body),
                    "only the template's own lines format"
                );
            }
        }
    }

    #[test]
    fn titles_carry_the_service_name_and_error_prefix() {
        assert_eq!(
            page_title("Support users", false),
            "Support users - Register of training providers - GOV.UK"
        );
        assert_eq!(
            page_title("Add support user - personal details", true),
            "Error: Add support user - personal details - Register of training providers - GOV.UK"
        );
    }
}
