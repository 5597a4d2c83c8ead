//! Domain types that parse: a value of one of these types is always valid and normalised.
//! The same code runs in the browser (instant feedback) and on the server (the authority), and it
//! has no target-specific code paths.

mod dfe_email;
mod person_name;

pub use dfe_email::{DfeEmail, EmailError, MAX_EMAIL_CHARS};
pub use person_name::{FirstName, LastName, MAX_NAME_CHARS, NameError};

/// A support user's personal details, every one valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFields {
    pub first_name: FirstName,
    pub last_name: LastName,
    pub email: DfeEmail,
}
