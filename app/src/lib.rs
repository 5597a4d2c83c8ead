//! The Register of training providers support area in Leptos: pages, GOV.UK components and
//! server functions. What the browser and the server share is in `domain`; on the server (the
//! `ssr` feature) the server functions call `service`.

// Leptos views are deeply nested types.
#![recursion_limit = "256"]

mod app;
pub mod components;
pub mod error;
pub mod pages;
pub mod server_fns;
pub mod settings;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{App, hydrates, shell};
