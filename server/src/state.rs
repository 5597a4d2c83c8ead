//! What every request handler shares.

use crate::auth::dfe_sign_in::DfeSignIn;
use crate::config::Settings;
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
    /// `None` unless DfE Sign-in is configured.
    pub dfe_sign_in: Option<Arc<DfeSignIn>>,
    pub cookies: CookiePolicy,
    /// Whether this instance's email worker is running (for `/healthz`).
    pub email_worker: crate::background::TaskStatus,
    /// Whether, and how, the build named `/pkg`'s files by their hashes.
    pub pkg_hashes: crate::assets::PkgHashes,
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

/// The service's cookies. In production they are `Secure` and `__Host-` prefixed, which
/// browsers accept only from HTTPS, for the whole site (`Path=/`) and for this host alone (no
/// `Domain`), so no other site under the same domain can set or overwrite them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    pub fn session_name(self) -> &'static str {
        if self.secure {
            "__Host-rotp_session"
        } else {
            "rotp_session"
        }
    }

    pub fn return_to_name(self) -> &'static str {
        if self.secure {
            "__Host-rotp_return_to"
        } else {
            "rotp_return_to"
        }
    }
}
