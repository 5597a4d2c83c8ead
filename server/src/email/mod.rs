//! Delivering the outbox: the GOV.UK Notify client, the store of claims and outcomes, and the
//! background worker that joins them.

pub mod api_key;
pub mod backoff;
pub mod notify_client;
pub mod outbox_store;
pub mod worker;

pub use api_key::NotifyApiKey;
pub use worker::{Delivery, EmailWorker};
