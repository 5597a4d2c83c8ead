//! `GET /users.csv?q=…&show=…`: the support users the list shows, every page of them, as
//! `support-users.csv` (SPEC §7). Streamed: each chunk is read after the last was sent, by its
//! place in the list order, so the server holds one chunk, never the whole list, and holds no
//! database connection between chunks. The sign-in gate has already checked who is asking.

use app::error::AppError;
use app::ssr::Services;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::content;
use domain::list_query::ListQuery;
use futures::{StreamExt, stream};
use serde::Deserialize;
use service::users::export;
use service::users::find::Export;

#[derive(Debug, Deserialize)]
pub struct Params {
    q: Option<String>,
    show: Option<String>,
}

pub async fn users_csv(State(services): State<Services>, Query(params): Query<Params>) -> Response {
    let Ok(query) = ListQuery::parse(params.q.as_deref(), params.show.as_deref()) else {
        return Redirect::to(&AppError::BadRequest.page()).into_response();
    };
    let db = services.db.clone();
    // The users to list, fixed before the first byte is sent: a search's matches are read
    // (or taken from those kept) once, here, so a failure is still a page.
    let export = match services.finder.export(&db, &query).await {
        Ok(export) => export,
        Err(err) => {
            tracing::error!(error = %err, "could not find support users for the CSV download");
            return Redirect::to(&AppError::Unavailable.page()).into_response();
        }
    };
    let chunks = stream::unfold(Progress::Header(export), move |progress| {
        let db = db.clone();
        async move {
            let mut export = match progress {
                Progress::Header(export) => {
                    return Some((Ok(Bytes::from(export::header())), Progress::Rows(export)));
                }
                Progress::Rows(export) => export,
                Progress::Done => return None,
            };
            match export.next_chunk(&db).await {
                Ok(users) if users.is_empty() => None,
                Ok(users) => Some((Ok(Bytes::from(export::rows(&users))), Progress::Rows(export))),
                Err(err) => {
                    // The status has gone already: ending the body early is how the browser
                    // learns the download failed.
                    tracing::error!(error = %err, "could not read support users for the CSV download");
                    Some((Err(std::io::Error::other(err)), Progress::Done))
                }
            }
        }
    })
    // The compression layer may ask again after the end; an unfold must then keep saying so.
    .fuse();
    let mut response = Body::from_stream(chunks).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(disposition) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        content::CSV_FILE_NAME
    )) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    // Personal data: no cache keeps a copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where the download has got to.
enum Progress {
    Header(Export),
    Rows(Export),
    Done,
}
