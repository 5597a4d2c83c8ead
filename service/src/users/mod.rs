//! Support users: the repository (one `not_deleted()` scope for every read, and what an active
//! account is), the list's page index, and the journeys that change them (add, change,
//! deactivate and reactivate, delete, sign in), each one transaction with its audit record and
//! email.

pub mod access;
mod add;
pub mod answers;
mod change;
mod delete;
pub mod dormancy;
pub mod export;
pub mod find;
pub(crate) mod list_index;
mod list_order;
pub mod repo;
mod resend;
pub mod sign_in;
pub mod status;

pub use add::{Added, add_user};
pub use change::change_user;
pub use delete::{DELETION_WINDOW_MINUTES, MAX_DELETIONS, delete_user, would_leave_too_few};
pub use list_index::{ListPage, PageIndex, prune_change_log};
pub use resend::{RESEND_WAIT_MINUTES, resend_invitation};
