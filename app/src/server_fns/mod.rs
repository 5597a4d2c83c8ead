//! Server functions, one per file, grouped by resource. Each checks who may call it.

pub mod account;
pub mod dev;
pub mod emails;
pub mod sign_in;
pub mod users;
