//! SeaORM entities: the database tables as Rust types. Server-side only.

pub mod sessions;
pub mod users;
