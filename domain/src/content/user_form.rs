//! The personal details form, for adding and changing a support user.

pub const ADD_USER_TITLE: &str = "Add support user - personal details";
pub const ADD_USER_CAPTION: &str = "Add support user";
pub const PERSONAL_DETAILS_HEADING: &str = "Personal details";
pub const EMAIL_HINT: &str =
    "Email address must be a valid Department for Education address, like name@education.gov.uk";
pub const CONTINUE: &str = "Continue";
pub const CANCEL: &str = "Cancel";
pub const BACK: &str = "Back";
pub const ERROR_SUMMARY_TITLE: &str = "There is a problem";
pub const ERROR_PREFIX_HIDDEN: &str = "Error:";
