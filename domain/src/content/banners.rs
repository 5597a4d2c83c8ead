//! Notification banners: success after a change, and important notices.

pub const USER_ADDED: &str = "Support user added";
pub const USER_UPDATED: &str = "Support user updated";
pub const USER_DELETED: &str = "Support user deleted";
pub const INVITATION_SENT: &str = "Invitation sent";

pub const BANNER_SUCCESS_TITLE: &str = "Success";
pub const BANNER_IMPORTANT_TITLE: &str = "Important";
/// On a check page, after "Save user" on answers another tab or window had changed since.
pub const ANSWERS_CHANGED_ELSEWHERE: &str =
    "Your answers were changed in another tab or window. Check them before you save.";
