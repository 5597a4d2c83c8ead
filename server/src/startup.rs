//! Starting the service: connect and migrate, build the state, bind, then serve until told to
//! stop, with the background tasks alongside.

use crate::auth::dfe_sign_in::{DfeSignIn, DfeSignInError};
use crate::auth::{AuthState, CookiePolicy};
use crate::background::{BackgroundTasks, DormancyTask, TaskStatus};
use crate::config::{Environment, Settings};
use crate::email::notify_client::{ClientSetupError, NotifyClient};
use crate::email::{Delivery, EmailWorker};
use crate::security::request_guard::CrossSiteCheck;
use crate::state::AppState;
use crate::{db, middleware, routes, seed};
use app::ssr::Services;
use axum::Router;
use leptos::config::{Env, LeptosOptions};
use sea_orm::DatabaseConnection;
use service::outbox::OutboxSignal;
use service::session_store::DbSessionStore;
use service::users::PageIndex;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] db::DbSetupError),
    #[error("could not seed development data: {0}")]
    Seed(#[from] seed::SeedError),
    #[error(transparent)]
    Notify(#[from] ClientSetupError),
    #[error("DfE Sign-in: {0}")]
    DfeSignIn(#[from] DfeSignInError),
    #[error("could not listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("the Leptos settings in Cargo.toml: {0}")]
    LeptosOptions(String),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    cross_site: CrossSiteCheck,
    trust_request_id: bool,
    db: DatabaseConnection,
    session_store: DbSessionStore,
    email_worker: EmailWorker,
    email_worker_status: TaskStatus,
    metrics_listener: TcpListener,
    dormancy: Option<DormancyTask>,
    retention: service::retention::RetentionRules,
    /// GOV.UK Notify's delivery receipts' route, when `NOTIFY_CALLBACK_TOKEN` is set.
    receipts: Option<Router>,
    page_index: PageIndex,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = db::connect_and_migrate(&settings.database_url).await?;
        let listen_error = |source| StartupError::Listen {
            address: settings.address,
            source,
        };
        let listener = TcpListener::bind(settings.address)
            .await
            .map_err(listen_error)?;
        let address = listener.local_addr().map_err(listen_error)?;
        if settings.seed {
            seed::seed_development_data(&db, &settings.email_context(address)).await?;
        }
        let leptos_options = leptos_options(&settings, address)?;
        let metrics_listener =
            TcpListener::bind(settings.metrics_address)
                .await
                .map_err(|source| StartupError::Listen {
                    address: settings.metrics_address,
                    source,
                })?;
        crate::metrics::handle();
        let outbox = OutboxSignal::default();
        let email_worker = EmailWorker {
            db: db.clone(),
            delivery: match &settings.email.notify {
                Some(notify) => Delivery::Notify {
                    client: NotifyClient::new(&notify.base_url, notify.api_key.clone())?,
                    template_id: notify.template_id.clone(),
                },
                None => Delivery::Log,
            },
            signal: outbox.clone(),
            retry: settings.email.retry,
            poll_interval: settings.email.poll_interval,
            status_check_after: settings.email.status_check_after,
        };
        let dfe_sign_in = match &settings.dfe_sign_in {
            Some(dfe) => Some(Arc::new(DfeSignIn::new(dfe.clone())?)),
            None => None,
        };
        let cross_site = CrossSiteCheck {
            // In production a form must come from the service's own address, whatever Host
            // the request names (a proxy may rewrite it; HTTP/2 sends none).
            expected_origin: match settings.environment {
                Environment::Production => settings.service_origin(),
                Environment::Development => None,
            },
        };
        let email_worker_status = TaskStatus::default();
        let page_index = PageIndex::default();
        let dormancy = settings.dormancy.map(|rules| DormancyTask {
            db: db.clone(),
            emails: settings.email_context(address),
            rules,
            every: settings.dormancy_check_every,
            outbox: outbox.clone(),
        });
        let retention = settings.retention;
        let receipts = settings
            .notify_callback_token
            .clone()
            .map(|token| crate::notify_receipts::routes(db.clone(), token));
        let session_store = DbSessionStore::new(db.clone());
        let trust_request_id = settings.trust_proxy_request_id;
        // The state, last: every part it holds is built above.
        let state = AppState {
            email_worker: email_worker_status.clone(),
            auth: AuthState {
                db: db.clone(),
                cookies: CookiePolicy {
                    secure: settings.is_production(),
                },
                dfe_sign_in,
                development_sign_in: settings.development_sign_in(),
            },
            pkg_hashes: settings.pkg_hashes.clone(),
            leptos_options,
            services: Services {
                db: db.clone(),
                emails: settings.email_context(address),
                page_index: page_index.clone(),
                finder: Default::default(),
                outbox,
            },
            settings: Arc::new(settings),
        };
        let router = router(state, session_store.clone());
        Ok(Self {
            listener,
            router,
            cross_site,
            trust_request_id,
            db,
            session_store,
            email_worker,
            email_worker_status,
            metrics_listener,
            dormancy,
            retention,
            receipts,
            page_index,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    pub fn db(&self) -> DatabaseConnection {
        self.db.clone()
    }

    /// Where the list's pages start, as this server knows them (shared with its requests).
    pub fn page_index(&self) -> PageIndex {
        self.page_index.clone()
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes in-flight requests, then stops the
    /// background tasks (the email worker after the email in hand).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes; see [`Application::run_until_stopped`].
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let background = BackgroundTasks::start(
            self.email_worker,
            self.email_worker_status,
            self.session_store,
            self.metrics_listener,
            self.dormancy,
            self.retention,
        );
        tracing::info!("listening on http://{}", self.listener.local_addr()?);
        let app = middleware::outermost(
            self.router,
            self.receipts,
            self.cross_site,
            self.trust_request_id,
        );
        let served = axum::serve(
            self.listener,
            axum::ServiceExt::<axum::extract::Request>::into_make_service(app),
        )
        .with_graceful_shutdown(stop)
        .await;
        tracing::info!("stopped serving; stopping the background tasks");
        background.stop().await;
        self.db.close_by_ref().await.ok();
        served
    }
}

/// The service's router: its routes inside its layers.
pub fn router(state: AppState, sessions: DbSessionStore) -> Router {
    let unavailable = routes::unavailable_page(&state);
    middleware::around(routes::routes(&state), state, sessions, unavailable)
}

/// Leptos's settings from `Cargo.toml`'s `[[workspace.metadata.leptos]]` (read at build time,
/// as cargo-leptos reads them), with what only this server knows: where the site is, the
/// address it listens on, the environment, and whether the build hashed its file names.
fn leptos_options(settings: &Settings, address: SocketAddr) -> Result<LeptosOptions, StartupError> {
    let mut options = metadata_options()?;
    options.site_root = settings.site_root.as_str().into();
    options.site_addr = address;
    options.hash_files = settings.pkg_hashes.hashed();
    options.env = match settings.environment {
        Environment::Development => Env::DEV,
        Environment::Production => Env::PROD,
    };
    Ok(options)
}

fn metadata_options() -> Result<LeptosOptions, StartupError> {
    leptos::config::get_config_from_str(include_str!("../../Cargo.toml"))
        .map_err(|err| StartupError::LeptosOptions(err.to_string()))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_names_come_from_the_workspace_metadata() {
        let options = metadata_options().expect("Cargo.toml's Leptos settings parse");
        assert_eq!(&*options.output_name, "rotp");
        assert_eq!(&*options.site_pkg_dir, "pkg");
    }
}
