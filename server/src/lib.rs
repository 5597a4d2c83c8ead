//! The server: configuration, database, sessions, sign-in, and the axum application that
//! serves the Leptos app.

pub mod assets;
pub mod auth;
pub mod background;
pub mod cli;
pub mod config;
pub mod db;
pub mod download;
pub mod email;
pub mod health;
pub mod metrics;
pub mod middleware;
pub mod routes;
pub mod security;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;
