//! Changing a support user.

pub const EDIT_USER_TITLE: &str = "Change support user - personal details";
pub fn edit_user_caption(full_name: &str) -> String {
    format!("Support user - {full_name}")
}
pub const CHECK_EDIT_TITLE: &str = "Check your answers - Change support user";
pub const CHECK_EDIT_CAPTION: &str = "Change support user";
pub const EDIT_CONFLICT: &str = "Someone else changed this support user while you were making your changes. These are their details now: make your changes again.";
/// "Is the account active?": the change form's radios, and the summary lists' row.
pub const ACCOUNT_ACTIVE_QUESTION: &str = "Is the account active?";
pub const YES: &str = "Yes";
pub const NO: &str = "No";
/// The "Change" link's visually hidden end, on the details page.
pub const CHANGE_ACCOUNT_ACTIVE_HIDDEN: &str = "whether the account is active";
