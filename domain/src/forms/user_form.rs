use crate::content;
use crate::{DfeEmail, EmailError, FirstName, LastName, NameError, UserFields};
use serde::{Deserialize, Serialize};

/// What was typed into the personal details form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFormValues {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
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
}

/// The ids of the form's inputs: the error summary and "Change" links point at them.
pub mod ids {
    pub const FIRST_NAME: &str = "first-name";
    pub const LAST_NAME: &str = "last-name";
    pub const EMAIL: &str = "email";
}

impl UserFormErrors {
    pub fn email_in_use() -> Self {
        Self {
            email: Some(EmailFieldError::InUse),
            ..Self::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.first_name.is_none() && self.last_name.is_none() && self.email.is_none()
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
        ]
        .into_iter()
        .filter_map(|(id, message)| message.map(|m| (id, m)))
        .collect()
    }
}

impl UserFormValues {
    /// Every field is checked, so every problem is reported at once.
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
        }
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
        }
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
