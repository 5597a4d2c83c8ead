//! What the browser and the server share. Types here parse: a value of one of them is always
//! valid and normalised. The same code runs in the browser (instant feedback) and on the server
//! (the authority); it depends on serde and thiserror only and has no target- or
//! feature-specific code, which the compiler holds to, since this crate has no features.

pub mod content;
mod dfe_email;
pub mod forms;
pub mod list_query;
pub mod paging;
pub mod paths;
mod person_name;
pub mod personas;
pub mod policy;
mod signed_in;

pub use dfe_email::{DfeEmail, EmailError, MAX_EMAIL_CHARS};
pub use person_name::{FirstName, LastName, MAX_NAME_CHARS, NameError, full_name};
pub use signed_in::{Flash, SignedInUser};

/// A support user's personal details, every one valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFields {
    pub first_name: FirstName,
    pub last_name: LastName,
    pub email: DfeEmail,
}
