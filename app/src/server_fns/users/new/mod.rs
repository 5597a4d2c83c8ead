//! The "Add user" journey: form → check your answers → save.

mod continue_new_user;
mod get_new_user_check;
mod get_new_user_form;
mod save_new_user;

pub use continue_new_user::*;
pub use get_new_user_check::*;
pub use get_new_user_form::*;
pub use save_new_user::*;

use domain::forms::{UserFormErrors, UserFormValues};
use serde::{Deserialize, Serialize};

/// The personal details form as it should be shown: the answers so far, and the errors of
/// the last no-JavaScript submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFormState {
    pub values: UserFormValues,
    pub errors: UserFormErrors,
}

/// The answers to check before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserCheck {
    pub values: UserFormValues,
    /// Who will be sent the invitation.
    pub full_name: String,
    /// When the address belonged to a support user who was deleted: the day (UK time).
    pub deleted_on: Option<String>,
    /// Posted back by "Save user": which draft is being saved.
    pub draft_id: String,
    /// "Save user" was pressed on this page showing other answers, since changed in another
    /// tab or window: nothing was saved, and the page says why.
    pub answers_changed: bool,
}
