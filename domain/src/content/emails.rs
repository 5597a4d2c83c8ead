//! The emails of SPEC §4. Each is a subject and a body, passed to one generic GOV.UK Notify
//! template (`((subject))` and `((body))`); the body uses Notify's formatting (`#` headings,
//! `*` bullets, `^` insets, bare links), which acts at the start of a line. So no name, which
//! support staff type, ever starts a line: a name of `# Urgent` stays text.

/// Where someone without a DfE Sign-in account creates one.
pub const DFE_SIGN_IN_CREATE_ACCOUNT_URL: &str = "https://profile.signin.education.gov.uk/register";

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

/// Why an account was deactivated, as its email says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeactivatedBecause {
    /// A support user (or an operator) switched it off.
    Someone,
    /// Nobody signed in to it for this many days.
    NotSignedInFor(u32),
}

/// To a support user whose account has been deactivated (SPEC §9).
pub fn deactivated(
    environment_label: Option<&str>,
    first_name: &str,
    because: DeactivatedBecause,
) -> EmailText {
    let why = match because {
        DeactivatedBecause::Someone => String::new(),
        DeactivatedBecause::NotSignedInFor(days) => format!(
            "This is because nobody has signed in to it for {days} days. Accounts that are not \
             used are switched off to keep the service secure.\n\n"
        ),
    };
    EmailText {
        subject: subject(
            environment_label,
            "Your Register of training providers account has been deactivated",
        ),
        body: format!(
            "Dear {first_name},\n\
             \n\
             Your support account for the Register of training providers has been \
             deactivated. You can no longer sign in to its support area.\n\
             \n\
             {why}\
             # If you still need access\n\
             \n\
             Ask a member of the Register of training providers support team to reactivate \
             your account.\n\
             \n\
             Department for Education"
        ),
    }
}

/// To a support user whose account has been reactivated: they can sign in again, and how.
pub fn reactivated(
    environment_label: Option<&str>,
    first_name: &str,
    email: &str,
    sign_in_url: &str,
) -> EmailText {
    EmailText {
        subject: subject(
            environment_label,
            "Your Register of training providers account has been reactivated",
        ),
        body: format!(
            "Dear {first_name},\n\
             \n\
             Your support account for the Register of training providers has been \
             reactivated. You can sign in to its support area again.\n\
             \n\
             {}\n\
             \n\
             Department for Education",
            how_to_sign_in(email, sign_in_url)
        ),
    }
}

/// To a support user who has not signed in for a while: the date their account will be
/// deactivated unless they sign in ("19 December 2026"), and how to sign in.
pub fn dormancy_reminder(
    environment_label: Option<&str>,
    first_name: &str,
    deactivation_date: &str,
    email: &str,
    sign_in_url: &str,
) -> EmailText {
    EmailText {
        subject: subject(
            environment_label,
            "Sign in to keep your Register of training providers account",
        ),
        body: format!(
            "Dear {first_name},\n\
             \n\
             You have not signed in to the support area of the Register of training \
             providers for a while. Your account will be deactivated on {deactivation_date} \
             unless you sign in before then.\n\
             \n\
             {}\n\
             \n\
             If you no longer need access, you do not need to do anything.\n\
             \n\
             Department for Education",
            how_to_sign_in(email, sign_in_url)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_subjects_say_which_environment_they_came_from() {
        let email = invitation(
            Some("development"),
            "Ada",
            "ada@education.gov.uk",
            "https://example.education.gov.uk/users",
        );
        assert_eq!(
            email.subject,
            "[DEVELOPMENT] You have been added to the Register of training providers support area"
        );
        let email = invitation(None, "Ada", "ada@education.gov.uk", "https://x/users");
        assert!(!email.subject.starts_with('['));
    }

    #[test]
    fn sign_in_emails_give_the_link_and_the_exact_address() {
        for email in [
            invitation(
                None,
                "Ada",
                "ada@education.gov.uk",
                "https://rotp.example/users",
            ),
            sign_in_details(
                None,
                "Ada",
                "ada@education.gov.uk",
                "https://rotp.example/users",
            ),
        ] {
            assert!(email.body.starts_with("Dear Ada,"));
            assert!(email.body.contains("\nhttps://rotp.example/users\n"));
            assert!(email.body.contains("^ ada@education.gov.uk"));
            assert!(email.body.contains(DFE_SIGN_IN_CREATE_ACCOUNT_URL));
        }
    }

    #[test]
    fn account_status_emails_say_what_happened_and_what_to_do() {
        let by_someone = deactivated(None, "Ben", DeactivatedBecause::Someone);
        assert_eq!(
            by_someone.subject,
            "Your Register of training providers account has been deactivated"
        );
        assert!(by_someone.body.contains("can no longer sign in"));
        assert!(by_someone.body.contains("support team to reactivate"));
        assert!(!by_someone.body.contains("days"));
        let automatic = deactivated(None, "Ben", DeactivatedBecause::NotSignedInFor(90));
        assert!(
            automatic
                .body
                .contains("nobody has signed in to it for 90 days")
        );

        let back = reactivated(None, "Ben", "ben@education.gov.uk", "https://x/users");
        assert_eq!(
            back.subject,
            "Your Register of training providers account has been reactivated"
        );
        assert!(back.body.contains("^ ben@education.gov.uk"));
        assert!(back.body.contains("\nhttps://x/users\n"));

        let reminder = dormancy_reminder(
            None,
            "Ben",
            "19 December 2026",
            "ben@education.gov.uk",
            "https://x/users",
        );
        assert_eq!(
            reminder.subject,
            "Sign in to keep your Register of training providers account"
        );
        assert!(reminder.body.contains("deactivated on 19 December 2026"));
        assert!(reminder.body.contains("\nhttps://x/users\n"));
    }

    #[test]
    fn the_removal_email_says_whom_to_contact() {
        let email = removed(None, "Ben", "Anne Wilson", "anne.wilson@education.gov.uk");
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
                invitation(None, name, "a@education.gov.uk", "https://x/users"),
                sign_in_details(None, name, "a@education.gov.uk", "https://x/users"),
                removed(None, name, name, "b@education.gov.uk"),
                deactivated(None, name, DeactivatedBecause::Someone),
                deactivated(None, name, DeactivatedBecause::NotSignedInFor(90)),
                reactivated(None, name, "a@education.gov.uk", "https://x/users"),
                dormancy_reminder(
                    None,
                    name,
                    "1 March 2027",
                    "a@education.gov.uk",
                    "https://x/users",
                ),
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
}
