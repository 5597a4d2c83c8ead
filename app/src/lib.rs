//! The Register of training providers support area: pages, GOV.UK components, server
//! functions, and the domain types shared by browser and server.

// Leptos views are deeply nested types.
#![recursion_limit = "256"]

mod app;
pub mod components;
pub mod content;
pub mod dev_personas;
pub mod domain;
pub mod error;
pub mod forms;
pub mod pages;
pub mod paging;
pub mod policy;
pub mod server_fns;
pub mod session;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{App, hydrates, shell};
