//! Validation messages (SPEC §3).

pub const ENTER_FIRST_NAME: &str = "Enter first name";
pub const ENTER_LAST_NAME: &str = "Enter last name";
pub const FIRST_NAME_TOO_LONG: &str = "First name must be 255 characters or fewer";
pub const LAST_NAME_TOO_LONG: &str = "Last name must be 255 characters or fewer";
pub const FIRST_NAME_WEB_ADDRESS: &str =
    "First name must not include a web address or email address";
pub const LAST_NAME_WEB_ADDRESS: &str = "Last name must not include a web address or email address";
pub const ENTER_EMAIL: &str = "Enter email address";
pub const EMAIL_INVALID: &str = "Enter a Department for Education email address in the correct format, like name@education.gov.uk";
pub const EMAIL_IN_USE: &str = "Email address already in use";
pub const SELECT_ACTIVE: &str = "Select if the account is active";
