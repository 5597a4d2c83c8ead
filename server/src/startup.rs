//! Builds the axum application: routes, sessions, the sign-in gate, the Leptos app.

use crate::assets;
use crate::auth::dfe_sign_in::{DfeSignIn, DfeSignInError};
use crate::config::{Environment, Settings};
use crate::email::notify_client::{ClientSetupError, NotifyClient};
use crate::email::{Delivery, EmailWorker};
use crate::security::request_guard::CrossSiteCheck;
use crate::security::{self, CspNonce, headers::SecurityPolicy};
use crate::session_store::DbSessionStore;
use crate::state::{AppState, CookiePolicy};
use crate::{auth, db, health, seed};
use app::session::AppSettings;
use app::ssr::outbox::OutboxSignal;
use app::ssr::user_list::PageStarts;
use app::{App, shell};
use axum::response::Redirect;
use axum::routing::{MethodRouter, get, post};
use axum::{Router, middleware};
use http::Method;
use leptos::config::{Env, LeptosOptions};
use leptos::nonce::Nonce;
use leptos::prelude::provide_context;
use leptos::prelude::use_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::Layer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite, cookie::time};

/// Sessions end after this long without a request.
pub const SESSION_IDLE_TIMEOUT: time::Duration = time::Duration::hours(2);
/// The longest a request may take before the server gives up on it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

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
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    cross_site: CrossSiteCheck,
    db: DatabaseConnection,
    session_store: DbSessionStore,
    email_worker: EmailWorker,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = db::connect_and_migrate(&settings.database_url).await?;
        if settings.seed {
            seed::seed_development_data(&db).await?;
        }
        let listener = TcpListener::bind(settings.address)
            .await
            .map_err(|source| StartupError::Listen {
                address: settings.address,
                source,
            })?;
        let address = listener
            .local_addr()
            .map_err(|source| StartupError::Listen {
                address: settings.address,
                source,
            })?;
        let pkg_hashes = settings.pkg_hashes.clone();
        let leptos_options = LeptosOptions::builder()
            .hash_files(pkg_hashes.hashed())
            .output_name("rotp")
            .site_root(settings.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .env(match settings.environment {
                Environment::Development => Env::DEV,
                Environment::Production => Env::PROD,
            })
            .build();
        let emails = settings.email_context(address);
        let outbox_signal = OutboxSignal::default();
        let email_worker = EmailWorker {
            db: db.clone(),
            delivery: match &settings.email.notify {
                Some(notify) => Delivery::Notify {
                    client: NotifyClient::new(&notify.base_url, notify.api_key.clone())?,
                    template_id: notify.template_id.clone(),
                },
                None => Delivery::Log,
            },
            signal: outbox_signal.clone(),
            retry: settings.email.retry,
            poll_interval: settings.email.poll_interval,
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
        let state = AppState {
            cookies: CookiePolicy {
                secure: settings.environment == Environment::Production,
            },
            page_starts: PageStarts::default(),
            pkg_hashes,
            dfe_sign_in,
            leptos_options,
            db: db.clone(),
            settings: Arc::new(settings),
            emails,
            outbox_signal,
        };
        let session_store = DbSessionStore::new(db.clone());
        let router = router(state, session_store.clone());
        Ok(Self {
            listener,
            router,
            cross_site,
            db,
            session_store,
            email_worker,
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

    /// Serves until SIGTERM or Ctrl-C, then finishes in-flight requests, then stops the email
    /// worker after the email in hand.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes; see [`Application::run_until_stopped`].
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let stop_worker = CancellationToken::new();
        let worker = tokio::spawn(self.email_worker.run(stop_worker.clone()));
        let store = self.session_store;
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(600));
            loop {
                every.tick().await;
                if let Err(err) = store.delete_expired().await {
                    tracing::warn!(error = %err, "could not delete expired sessions");
                }
            }
        });
        tracing::info!("listening on http://{}", self.listener.local_addr()?);
        // Refused before routing, so the refusal can be re-routed to its GOV.UK page (a layer on
        // the router runs after routing): cross-site and oversized requests.
        let app = middleware::from_fn_with_state(self.cross_site, security::guard_requests)
            .layer(self.router);
        let served = axum::serve(
            self.listener,
            axum::ServiceExt::<axum::extract::Request>::into_make_service(app),
        )
        .with_graceful_shutdown(stop)
        .await;
        tracing::info!("stopped serving; stopping the email worker");
        stop_worker.cancel();
        if let Err(err) = worker.await {
            tracing::error!(error = %err, "email worker ended abnormally");
        }
        self.db.close_by_ref().await.ok();
        served
    }
}

pub fn router(state: AppState, session_store: DbSessionStore) -> Router {
    let session_layer = SessionManagerLayer::new(session_store)
        .with_name(state.cookies.session_name())
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.cookies.secure)
        .with_expiry(Expiry::OnInactivity(SESSION_IDLE_TIMEOUT));

    let app_context = {
        let db = state.db.clone();
        let settings = AppSettings {
            development_sign_in: state.settings.development_sign_in(),
            development_tools: state.settings.environment == Environment::Development,
        };
        let emails = state.emails.clone();
        let outbox_signal = state.outbox_signal.clone();
        let page_starts = state.page_starts.clone();
        let stylesheet = app::session::Stylesheet(state.pkg_hashes.stylesheet(
            &state.leptos_options.site_pkg_dir,
            &state.leptos_options.output_name,
        ));
        move || {
            use_response_nonce();
            provide_context(db.clone());
            provide_context(settings);
            provide_context(emails.clone());
            provide_context(outbox_signal.clone());
            provide_context(page_starts.clone());
            provide_context(stylesheet.clone());
        }
    };
    let routes = route_list().to_vec();
    let options = state.leptos_options.clone();
    let static_files = assets::routes(
        std::path::Path::new(options.site_root.as_ref()),
        &options.site_pkg_dir,
        &state.pkg_hashes,
    );

    own_routes()
        .into_iter()
        .fold(Router::new(), |router, (path, _, handler)| {
            router.route(path, handler)
        })
        .leptos_routes_with_context(&state, routes, app_context.clone(), move || {
            shell(options.clone())
        })
        .merge(static_files)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(app_context, shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_sign_in,
        ))
        .layer(session_layer)
        // Inside compression: it reads the page as the app wrote it.
        .layer(middleware::from_fn(
            security::crossorigin::valid_crossorigin,
        ))
        .layer(RequestBodyLimitLayer::new(security::MAX_BODY_BYTES))
        // Pages and text assets in brotli or gzip, as the browser accepts (a file the build
        // compressed already is sent as it is).
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            SecurityPolicy {
                hsts: state.settings.environment == Environment::Production,
                // Signing out may continue at DfE Sign-in's end-session page.
                form_action_also: state.dfe_sign_in.as_deref().and_then(|d| d.issuer_origin()),
            },
            security::security_headers,
        ))
        // No request hangs or dies silently: a bug becomes a logged 500, a stall a 408.
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The service's routes besides the Leptos pages and server functions.
fn own_routes() -> Vec<(&'static str, Method, MethodRouter<AppState>)> {
    vec![
        ("/", Method::GET, get(|| async { Redirect::to("/users") })),
        ("/healthz", Method::GET, get(health::healthz)),
        (
            "/sign-in/developer",
            Method::POST,
            post(auth::developer_sign_in),
        ),
        (
            "/auth/dfe/sign-in",
            Method::GET,
            get(auth::dfe_sign_in::start),
        ),
        (
            "/auth/dfe/callback",
            Method::GET,
            get(auth::dfe_sign_in::callback),
        ),
        ("/sign-out", Method::POST, post(auth::sign_out)),
    ]
}

/// Every route the service answers, as (method, path pattern): its own, the app's pages and
/// the server functions. Taken from what builds the router, so the authorization test, which
/// walks this list, cannot miss a new route.
pub fn route_inventory() -> Vec<(Method, String)> {
    let own = own_routes()
        .into_iter()
        .map(|(path, method, _)| (method, path.to_owned()));
    let pages = route_list().iter().flat_map(|listing| {
        listing.methods().map(|method| {
            let method = match method {
                leptos_router::Method::Get => Method::GET,
                leptos_router::Method::Post => Method::POST,
                leptos_router::Method::Put => Method::PUT,
                leptos_router::Method::Delete => Method::DELETE,
                leptos_router::Method::Patch => Method::PATCH,
            };
            (method, listing.path().to_owned())
        })
    });
    let server_fns =
        leptos::server_fn::axum::server_fn_paths().map(|(path, method)| (method, path.to_owned()));
    own.chain(pages).chain(server_fns).collect()
}

/// Renders with the nonce the security headers put in this response's policy.
fn use_response_nonce() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        provide_context(Nonce::from_value(nonce));
    }
}

/// The app's routes, generated once per process.
///
/// Generating them runs the whole app once with resource loading suppressed by a
/// process-wide flag (leptos-rs/leptos#4773): a resource first polled meanwhile on
/// another thread, by another `Application` in the same process, would hang forever.
/// Generating them once, before any application serves, rules that out.
fn route_list() -> &'static [AxumRouteListing] {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    &ROUTES
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
