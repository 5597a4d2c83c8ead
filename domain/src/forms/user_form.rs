use crate::content;
use crate::{DfeEmail, EmailError, FirstName, LastName, NameError, UserFields};
use serde::{Deserialize, Serialize};

/// What was typed into the user form, as typed: the personal details and, on the change form,
/// the answer to "Is the account active?" (the radio's value, `None` when neither is chosen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFormValues {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(default)]
    pub active: Option<String>,
}

/// Which questions a user form asks. Adding asks for the personal details (a new account is
/// active); changing asks both, until the user has signed in: then their details are DfE
/// Sign-in's, and only "Is the account active?" is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questions {
    pub personal_details: bool,
    pub account_active: bool,
}

impl Questions {
    pub const ADD: Questions = Questions {
        personal_details: true,
        account_active: false,
    };

    /// The change form's questions, for a user who has or has not signed in.
    pub fn change(has_signed_in: bool) -> Questions {
        Questions {
            personal_details: !has_signed_in,
            account_active: true,
        }
    }
}

/// The answer to "Is the account active?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountActive {
    Yes,
    No,
}

impl AccountActive {
    pub const ALL: [AccountActive; 2] = [AccountActive::Yes, AccountActive::No];

    /// The radio's value.
    pub fn value(self) -> &'static str {
        match self {
            AccountActive::Yes => "yes",
            AccountActive::No => "no",
        }
    }

    /// "Yes" or "No", as the radios and the summary lists say it.
    pub fn label(self) -> &'static str {
        match self {
            AccountActive::Yes => content::YES,
            AccountActive::No => content::NO,
        }
    }

    pub fn from_active(active: bool) -> AccountActive {
        if active {
            AccountActive::Yes
        } else {
            AccountActive::No
        }
    }

    pub fn is_active(self) -> bool {
        self == AccountActive::Yes
    }

    /// The radios' answer: neither chosen (or a value no radio sends) is an error.
    pub fn parse(raw: Option<&str>) -> Result<AccountActive, ActiveFieldError> {
        let raw = raw.map(str::trim).unwrap_or_default();
        AccountActive::ALL
            .into_iter()
            .find(|answer| answer.value() == raw)
            .ok_or(ActiveFieldError::Missing)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActiveFieldError {
    Missing,
}

/// A user form's answers, every one valid: the personal details and the account's status, each
/// when the form asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub personal_details: Option<UserFields>,
    pub account_active: Option<AccountActive>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailFieldError {
    Missing,
    Invalid,
    /// Only the server can tell: another active user has this address.
    InUse,
}

impl From<EmailError> for EmailFieldError {
    fn from(error: EmailError) -> Self {
        match error {
            EmailError::Missing => EmailFieldError::Missing,
            EmailError::Invalid => EmailFieldError::Invalid,
        }
    }
}

/// The form's errors, one per field at most.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFormErrors {
    pub first_name: Option<NameError>,
    pub last_name: Option<NameError>,
    pub email: Option<EmailFieldError>,
    #[serde(default)]
    pub active: Option<ActiveFieldError>,
}

/// The ids of the form's inputs: the error summary and "Change" links point at them.
pub mod ids {
    pub const FIRST_NAME: &str = "first-name";
    pub const LAST_NAME: &str = "last-name";
    pub const EMAIL: &str = "email";
    /// The first radio of "Is the account active?" (the error summary links to it).
    pub const ACTIVE: &str = "active";
}

impl UserFormErrors {
    pub fn email_in_use() -> Self {
        Self {
            email: Some(EmailFieldError::InUse),
            ..Self::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.first_name.is_none()
            && self.last_name.is_none()
            && self.email.is_none()
            && self.active.is_none()
    }

    pub fn active_message(&self) -> Option<&'static str> {
        self.active
            .map(|ActiveFieldError::Missing| content::SELECT_ACTIVE)
    }

    pub fn first_name_message(&self) -> Option<&'static str> {
        self.first_name.map(FirstName::message)
    }

    pub fn last_name_message(&self) -> Option<&'static str> {
        self.last_name.map(LastName::message)
    }

    pub fn email_message(&self) -> Option<&'static str> {
        self.email.map(|e| match e {
            EmailFieldError::Missing => content::ENTER_EMAIL,
            EmailFieldError::Invalid => content::EMAIL_INVALID,
            EmailFieldError::InUse => content::EMAIL_IN_USE,
        })
    }

    /// (input id, message) in the order of the fields on the page, for the error summary.
    pub fn summary(&self) -> Vec<(&'static str, &'static str)> {
        [
            (ids::FIRST_NAME, self.first_name_message()),
            (ids::LAST_NAME, self.last_name_message()),
            (ids::EMAIL, self.email_message()),
            (ids::ACTIVE, self.active_message()),
        ]
        .into_iter()
        .filter_map(|(id, message)| message.map(|m| (id, m)))
        .collect()
    }
}

impl UserFormValues {
    /// The answers to `questions`, every one checked, so every problem is reported at once.
    /// What the form did not ask is not looked at.
    pub fn check(&self, questions: Questions) -> Result<Answers, UserFormErrors> {
        let personal = questions.personal_details.then(|| self.parse());
        let active = questions
            .account_active
            .then(|| AccountActive::parse(self.active.as_deref()));
        let mut errors = match &personal {
            Some(Err(errors)) => errors.clone(),
            _ => UserFormErrors::default(),
        };
        errors.active = active.and_then(Result::err);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Answers {
            personal_details: personal.and_then(Result::ok),
            account_active: active.and_then(Result::ok),
        })
    }

    /// The personal details, every field checked, so every problem is reported at once.
    pub fn parse(&self) -> Result<UserFields, UserFormErrors> {
        let first = FirstName::parse(&self.first_name);
        let last = LastName::parse(&self.last_name);
        let email = DfeEmail::parse(&self.email);
        match (first, last, email) {
            (Ok(first_name), Ok(last_name), Ok(email)) => Ok(UserFields {
                first_name,
                last_name,
                email,
            }),
            (first, last, email) => Err(UserFormErrors {
                first_name: first.err(),
                last_name: last.err(),
                email: email.err().map(EmailFieldError::from),
                active: None,
            }),
        }
    }
}

impl From<&UserFields> for UserFormValues {
    fn from(fields: &UserFields) -> Self {
        Self {
            first_name: fields.first_name.as_str().to_owned(),
            last_name: fields.last_name.as_str().to_owned(),
            email: fields.email.as_str().to_owned(),
            active: None,
        }
    }
}

impl UserFormValues {
    /// The values as they are once checked (normalised), answering what the form asked; a
    /// question it did not ask keeps the value it had (the user's current details).
    pub fn with_answers(mut self, answers: &Answers) -> Self {
        if let Some(fields) = &answers.personal_details {
            self = Self {
                active: self.active,
                ..Self::from(fields)
            };
        }
        if let Some(active) = answers.account_active {
            self.active = Some(active.value().to_owned());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(first: &str, last: &str, email: &str) -> UserFormValues {
        UserFormValues {
            first_name: first.into(),
            last_name: last.into(),
            email: email.into(),
            active: None,
        }
    }

    #[test]
    fn the_change_form_asks_if_the_account_is_active() {
        let mut form = values("Ada", "Lovelace", "ada@education.gov.uk");
        let errors = form.check(Questions::change(false)).unwrap_err();
        assert_eq!(
            errors.summary(),
            vec![("active", "Select if the account is active")]
        );
        // A value no radio sends is no answer.
        form.active = Some("maybe".into());
        assert!(form.check(Questions::change(true)).is_err());
        form.active = Some("no".into());
        let answers = form.check(Questions::change(false)).unwrap();
        assert_eq!(answers.account_active, Some(AccountActive::No));
        assert!(answers.personal_details.is_some());
        // Adding never asks it.
        form.active = None;
        assert_eq!(form.check(Questions::ADD).unwrap().account_active, None);
    }

    #[test]
    fn after_sign_in_only_the_status_is_checked() {
        let form = UserFormValues {
            active: Some("yes".into()),
            ..values("", "", "not an address")
        };
        let answers = form.check(Questions::change(true)).unwrap();
        assert_eq!(answers.personal_details, None);
        assert_eq!(answers.account_active, Some(AccountActive::Yes));
        // Both wrong at once: every problem, in the order of the page.
        let form = values("", "Lovelace", "ada@education.gov.uk");
        assert_eq!(
            form.check(Questions::change(false)).unwrap_err().summary(),
            vec![
                ("first-name", "Enter first name"),
                ("active", "Select if the account is active")
            ]
        );
    }

    #[test]
    fn valid_values_parse_normalised() {
        let fields = values(" Ada ", "Lovelace", " ADA@education.gov.uk")
            .parse()
            .unwrap();
        assert_eq!(
            UserFormValues::from(&fields),
            values("Ada", "Lovelace", "ada@education.gov.uk")
        );
    }

    #[test]
    fn every_missing_field_is_reported_together() {
        let errors = values("", " ", "").parse().unwrap_err();
        assert_eq!(
            errors.summary(),
            vec![
                ("first-name", "Enter first name"),
                ("last-name", "Enter last name"),
                ("email", "Enter email address"),
            ]
        );
    }

    #[test]
    fn each_message_is_the_specs() {
        let long = "x".repeat(256);
        let errors = values(&long, &long, "a@gmail.com").parse().unwrap_err();
        assert_eq!(
            errors.first_name_message(),
            Some("First name must be 255 characters or fewer")
        );
        assert_eq!(
            errors.last_name_message(),
            Some("Last name must be 255 characters or fewer")
        );
        assert_eq!(
            errors.email_message(),
            Some(
                "Enter a Department for Education email address in the correct format, like name@education.gov.uk"
            )
        );
        assert_eq!(
            UserFormErrors::email_in_use().email_message(),
            Some("Email address already in use")
        );
        assert!(UserFormErrors::default().is_empty());
    }
}
