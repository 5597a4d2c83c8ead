//! Deleting a support user.

pub const DELETE_TITLE: &str = "Confirm you want to delete support user";
pub const DELETE_CAPTION: &str = "Delete support user";
pub fn delete_heading(full_name: &str) -> String {
    format!("Confirm you want to delete {full_name}")
}
pub const DELETE_WARNING: &str = "Deleting a user is permanent – you cannot undo it.";
pub const WARNING_HIDDEN: &str = "Warning";
