//! The sign-in page (DfE Sign-in, or development personas).

pub const SIGN_IN_TITLE: &str = "Sign in";
pub const SIGN_IN_HEADING: &str = "Sign in";
pub const SIGN_IN_PERSONAS_INTRO: &str =
    "This is a development environment. Choose a support user to sign in as.";
pub const SIGN_IN_NO_PERSONAS: &str =
    "There are no support users yet. Add one with the server's users add command.";
pub const SIGN_IN_DFE_INTRO: &str = "Sign in with your DfE Sign-in account. If you do not have one, you can create one when you sign in: use the email address the support team added you with.";
pub const SIGN_IN_DFE_BUTTON: &str = "Sign in with DfE Sign-in";
pub fn sign_in_as(full_name: &str) -> String {
    format!("Sign in as {full_name}")
}
