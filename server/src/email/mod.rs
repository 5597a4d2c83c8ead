//! Delivering the outbox: the GOV.UK Notify client, and the background worker that
//! delivers what `service::outbox` queued and claims.

pub mod backoff;
pub mod notify_client;
pub mod worker;

pub use worker::{Delivery, EmailWorker};
