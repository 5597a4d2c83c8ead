//! Delivering the outbox: the GOV.UK Notify client, and the background worker that
//! delivers what `service::outbox` queued and claims.

pub mod api_key;
pub mod backoff;
pub mod notify_client;
pub mod worker;

pub use api_key::NotifyApiKey;
pub use worker::{Delivery, EmailWorker};
