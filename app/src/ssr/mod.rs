//! Server-only code of the app: request context and database queries.

pub mod request;
pub mod time_format;
pub mod users_repo;
