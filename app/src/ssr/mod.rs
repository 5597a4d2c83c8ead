//! Server-only code of the app: request context, database work, session drafts.

pub mod add_user;
pub mod audit;
pub mod change_user;
pub mod delete_user;
pub mod dfe_sign_in;
pub mod drafts;
pub mod idempotency;
pub mod outbox;
pub mod request;
pub mod time_format;
pub mod user_access;
pub mod user_list;
pub mod users_repo;
