//! The "Change" journey: form → check your answers → save.

mod continue_edit_user;
mod get_edit_user_check;
mod get_edit_user_form;
mod save_edit_user;

pub use continue_edit_user::*;
pub use get_edit_user_check::*;
pub use get_edit_user_form::*;
pub use save_edit_user::*;

use domain::forms::{Questions, UserFormErrors, UserFormValues};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditUserFormState {
    /// The user's name as saved, for the caption.
    pub full_name: String,
    /// What the form asks: only "Is the account active?" once the user has signed in.
    pub questions: Questions,
    pub values: UserFormValues,
    pub errors: UserFormErrors,
    /// The version of the user this change started from.
    pub lock_version: i32,
    /// The last save found the user changed by someone else: these are the current values.
    pub conflict: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditUserCheck {
    /// What the form asked, and so what the page lists.
    pub questions: Questions,
    pub values: UserFormValues,
    /// The new address, when the change is to the email address (it is sent sign-in details).
    pub new_email: Option<String>,
    /// The full name, when the change deactivates the account (they are told by email).
    pub deactivates: Option<String>,
    pub draft_id: String,
    /// "Save user" was pressed on this page showing other answers, since changed in another
    /// tab or window: nothing was saved, and the page says why.
    pub answers_changed: bool,
}
