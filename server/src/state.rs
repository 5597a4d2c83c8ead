//! What every request handler shares. Built last (`startup.rs`), from the parts each module
//! defines; a handler takes only the part it needs (`FromRef`), so no module below this one
//! names it.

use crate::auth::AuthState;
use crate::background::TaskStatus;
use crate::config::{PkgHashes, Settings};
use app::ssr::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The back end's handles, which the app's server functions get too.
    pub services: Services,
    pub settings: Arc<Settings>,
    /// Signing in and out, and the sign-in gate.
    pub auth: AuthState,
    /// Whether this instance's email worker is running (for `/healthz`).
    pub email_worker: TaskStatus,
    /// Whether, and how, the build named `/pkg`'s files by their hashes.
    pub pkg_hashes: PkgHashes,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for DatabaseConnection {
    fn from_ref(state: &AppState) -> Self {
        state.services.db.clone()
    }
}

impl FromRef<AppState> for Services {
    fn from_ref(state: &AppState) -> Self {
        state.services.clone()
    }
}

impl FromRef<AppState> for AuthState {
    fn from_ref(state: &AppState) -> Self {
        state.auth.clone()
    }
}

impl FromRef<AppState> for TaskStatus {
    fn from_ref(state: &AppState) -> Self {
        state.email_worker.clone()
    }
}
