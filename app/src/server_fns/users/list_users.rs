use super::UserListPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// A page of active support users in list order, with the success banner to show once;
/// pages past the end are not found.
#[server(endpoint = "users/list", input = GetUrl)]
pub async fn list_users(page: u32) -> Result<UserListPage, AppError> {
    use crate::ssr::{drafts, request, users_repo};
    // Everything from the request first: if the browser goes away during the reads below,
    // the request (and what it provides) is gone by the time they finish.
    request::require_user()?;
    let db = request::db()?;
    let starts = request::page_starts()?;
    let session = request::session().await?;
    let mut list = users_repo::list_page(&db, &starts, page)
        .await?
        .ok_or(AppError::NotFound)?;
    list.banner = drafts::take_flash(&session).await?;
    Ok(list)
}
