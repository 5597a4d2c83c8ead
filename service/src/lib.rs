//! The server-only back end: everything the service does to its database, behind functions
//! that take domain types. The Leptos app's server functions and the server's command line and
//! background worker call it; nothing here knows about HTTP or rendering.

pub mod audit;
pub mod clock;
pub mod drafts;
mod error;
pub mod idempotency;
pub mod jobs;
pub mod outage;
pub mod outbox;
pub mod retention;
pub mod session_keys;
pub mod session_store;
pub mod subject_access;
#[cfg(test)]
mod test_db;
pub mod time_format;
pub mod users;
pub mod write;

pub use error::{Context, Error, Failed, Refusal};
pub(crate) use error::{Step, journey};
/// The database handle every service function takes.
pub use sea_orm::DatabaseConnection;
