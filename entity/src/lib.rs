//! SeaORM entities: the database tables as Rust types. Server-side only.

pub mod audit_events;
pub mod emails;
pub mod idempotency;
pub mod sessions;
pub mod users;
