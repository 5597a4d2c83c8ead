//! `GET /users.csv?q=…&show=…`: the support users the list shows, every page of them, as
//! `support-users.csv` (SPEC §7). Streamed: each chunk is read after the last was sent, by its
//! place in the list order, so the server holds one chunk, never the whole list, and holds no
//! database connection between chunks. The sign-in gate has already checked who is asking.

use crate::state::AppState;
use app::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::content;
use domain::list_query::ListQuery;
use entity::users;
use futures::{StreamExt, stream};
use serde::Deserialize;
use service::users::{export, find};

/// Users read at a time.
const CHUNK: u64 = 500;

#[derive(Debug, Deserialize)]
pub struct Params {
    q: Option<String>,
    show: Option<String>,
}

pub async fn users_csv(State(state): State<AppState>, Query(params): Query<Params>) -> Response {
    let Ok(query) = ListQuery::parse(params.q.as_deref(), params.show.as_deref()) else {
        return Redirect::to(&AppError::BadRequest.page()).into_response();
    };
    let db = state.services.db.clone();
    // One "now" for the whole download, so "not signed in for 90 days" is one cut-off.
    let now = chrono::Utc::now();
    let chunks = stream::unfold(Progress::Header, move |progress| {
        let (db, query) = (db.clone(), query.clone());
        async move {
            let after = match progress {
                Progress::Header => {
                    return Some((Ok(Bytes::from(export::header())), Progress::From(None)));
                }
                Progress::From(after) => after,
                Progress::Done => return None,
            };
            match find::chunk_after(&db, &query, now, after.as_deref(), CHUNK).await {
                Ok(users) if users.is_empty() => None,
                Ok(users) => {
                    let next = if (users.len() as u64) < CHUNK {
                        Progress::Done
                    } else {
                        Progress::From(users.last().cloned().map(Box::new))
                    };
                    Some((Ok(Bytes::from(export::rows(&users))), next))
                }
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
    Header,
    /// The next chunk starts after this user (from the first when `None`).
    From(Option<Box<users::Model>>),
    Done,
}
