//! Check your answers, before saving.

pub const CHECK_ADD_TITLE: &str = "Check your answers - Add support user";
pub const CHECK_HEADING: &str = "Check your answers";
pub const SAVE_USER: &str = "Save user";

/// Add user, check your answers: what saving will send.
pub fn will_be_invited(full_name: &str) -> String {
    format!(
        "{full_name} will be sent an email to tell them you’ve added them to the Register of training providers."
    )
}
/// Add user, check your answers, when the address was a deleted support user's.
pub fn email_belonged_to_deleted_user(deleted_on: &str) -> String {
    format!(
        "This email address belonged to a support user who was deleted on {deleted_on}. Saving adds a new support user."
    )
}
/// Change user, check your answers, when the email address changes.
pub fn will_be_sent_sign_in_details(new_email: &str) -> String {
    format!("{new_email} will be sent an email with sign-in details.")
}
/// Change user, check your answers, when the change deactivates the account.
pub fn will_be_told_deactivated(full_name: &str) -> String {
    format!(
        "{full_name} will be sent an email to tell them their account has been deactivated. They will be signed out."
    )
}
