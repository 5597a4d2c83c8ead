//! `bench-ceiling <file> <address> [<database url>]`: the fastest this machine can answer with
//! the list page's bytes.
//!
//! - `/`: a bare axum handler returning them from memory. The service is measured against it.
//! - `/after-one-read` (with a database URL): the same bytes, once the request's session row
//!   has been read by its key through the service's own connection pool. That read is the
//!   least any signed-in page must do while a signed-out or removed session loses access at
//!   once, on every instance; this measures what it alone costs on this machine.

use axum::Router;
use axum::extract::State;
use axum::http::header::{CONTENT_TYPE, COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use entity::sessions::Entity as Sessions;
use sea_orm::{DatabaseConnection, EntityTrait};
use server::auth::CookiePolicy;

const USAGE: &str = "usage: bench-ceiling <file> <address> [<database url>]";

#[derive(Clone)]
struct Page {
    body: &'static [u8],
    db: Option<DatabaseConnection>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or(USAGE)?;
    let address = args.next().ok_or(USAGE)?;
    let db = match args.next() {
        Some(url) => {
            Some(server::db::connect_and_migrate(&server::config::DatabaseUrl::new(url)).await?)
        }
        None => None,
    };
    let body: &'static [u8] = Box::leak(std::fs::read(file)?.into_boxed_slice());
    let app = Router::new()
        .route(
            "/",
            get(move || async move { ([(CONTENT_TYPE, "text/html; charset=utf-8")], body) }),
        )
        .route("/after-one-read", get(after_one_read))
        .with_state(Page { body, db });
    let listener = tokio::net::TcpListener::bind(&address).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn after_one_read(State(page): State<Page>, headers: HeaderMap) -> Response {
    let Some(db) = page.db else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(id) = session_id(&headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match Sessions::find_by_id(id.to_owned()).one(&db).await {
        Ok(Some(_)) => ([(CONTENT_TYPE, "text/html; charset=utf-8")], page.body).into_response(),
        Ok(None) => StatusCode::UNAUTHORIZED.into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(name, value)| {
            (name == CookiePolicy { secure: false }.session_name()).then_some(value)
        })
}
