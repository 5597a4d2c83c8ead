//! "Your account": the signed-in person's own details (SPEC §9).

pub const ACCOUNT_TITLE: &str = "Your account";
pub const ACCOUNT_NAV_LINK: &str = "Your account";
pub const BREADCRUMB_HOME: &str = "Home";
pub const BREADCRUMBS_LABEL: &str = "Breadcrumb";
pub const LAST_SIGNED_IN: &str = "Last signed in";
pub const FIRST_SIGN_IN: &str = "This is your first sign-in";
pub const ACCOUNT_FROM_DFE_SIGN_IN: &str =
    "Your name and email address come from your DfE Sign-in account. To change them, update your";
pub const DFE_SIGN_IN_PROFILE_LINK: &str = "DfE Sign-in profile";
pub const SIGN_OUT_EVERYWHERE: &str = "Sign out everywhere";
