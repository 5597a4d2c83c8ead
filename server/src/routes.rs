//! Every route the service answers: its own (sign-in, sign-out, health), the Leptos pages and
//! server functions, and the built files.

use crate::state::AppState;
use crate::{assets, auth, download, health};
use app::settings::{AppSettings, Stylesheet};
use app::{App, shell};
use axum::Router;
use axum::response::Redirect;
use axum::routing::{MethodRouter, get, post};
use domain::paths;
use http::Method;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::{Arc, LazyLock};

use crate::middleware::outage::UnavailablePage;

use crate::security::CspNonce;

/// The routes, without the layers around them (`middleware::around`).
pub fn routes(state: &AppState) -> Router<AppState> {
    let app_context = app_context(state);
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
        .leptos_routes_with_context(state, route_list().to_vec(), app_context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(static_files)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(app_context, shell))
}

/// Renders the page for the database being away, which reads nothing from it.
pub fn unavailable_page(state: &AppState) -> UnavailablePage {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_with_context(app_context(state), move || {
        shell(options.clone())
    });
    UnavailablePage(Arc::new(move |request| Box::pin(render(request))))
}

/// What the app's pages and server functions get from the server, per request.
fn app_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let services = state.services.clone();
    let settings = AppSettings {
        development_sign_in: state.settings.development_sign_in(),
        development_tools: state.settings.development_tools(),
    };
    let stylesheet = Stylesheet(state.pkg_hashes.stylesheet(
        &state.leptos_options.site_pkg_dir,
        &state.leptos_options.output_name,
    ));
    move || {
        use_response_nonce();
        provide_context(services.clone());
        provide_context(settings);
        provide_context(stylesheet.clone());
    }
}

/// The service's routes besides the Leptos pages and server functions.
fn own_routes() -> Vec<(&'static str, Method, MethodRouter<AppState>)> {
    vec![
        (
            paths::HOME,
            Method::GET,
            get(|| async { Redirect::to(paths::USERS) }),
        ),
        (paths::HEALTH, Method::GET, get(health::healthz)),
        (paths::USERS_CSV, Method::GET, get(download::users_csv)),
        (
            paths::DEVELOPER_SIGN_IN,
            Method::POST,
            post(auth::developer_sign_in),
        ),
        (
            paths::DFE_SIGN_IN,
            Method::GET,
            get(auth::dfe_sign_in::start),
        ),
        (
            paths::DFE_CALLBACK,
            Method::GET,
            get(auth::dfe_sign_in::callback),
        ),
        (paths::SIGN_OUT, Method::POST, post(auth::sign_out)),
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
pub fn route_list() -> &'static [AxumRouteListing] {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    &ROUTES
}
