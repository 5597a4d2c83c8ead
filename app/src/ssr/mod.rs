//! Server-only code of the app: request context, database work, session drafts.

pub mod add_user;
pub mod audit;
pub mod drafts;
pub mod idempotency;
pub mod outbox;
pub mod request;
pub mod time_format;
pub mod users_repo;
