//! `bench-ceiling <file> <address>`: the fastest this machine can answer with the list page's
//! bytes: a bare axum handler returning them from memory. The service is measured against it.

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: bench-ceiling <file> <address>")?;
    let address = args.next().ok_or("usage: bench-ceiling <file> <address>")?;
    let body: &'static [u8] = Box::leak(std::fs::read(file)?.into_boxed_slice());
    let app = Router::new().route(
        "/",
        get(move || async move { ([(CONTENT_TYPE, "text/html; charset=utf-8")], body) }),
    );
    let listener = tokio::net::TcpListener::bind(&address).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
