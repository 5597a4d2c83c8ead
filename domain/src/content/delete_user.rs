//! Deleting a support user.

pub const DELETE_TITLE: &str = "Confirm you want to delete support user";
pub const DELETE_CAPTION: &str = "Delete support user";
pub fn delete_heading(full_name: &str) -> String {
    format!("Confirm you want to delete {full_name}")
}
pub const DELETE_WARNING: &str = "Deleting a user is permanent – you cannot undo it.";
pub const WARNING_HIDDEN: &str = "Warning";
/// Under the warning: what deleting will send.
pub fn will_be_told_removed(full_name: &str) -> String {
    format!("{full_name} will be sent an email to tell them they have been removed.")
}
