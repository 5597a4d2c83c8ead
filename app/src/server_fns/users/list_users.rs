use super::UserListPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// A page of active support users in list order; pages past the end are not found.
#[server(endpoint = "users/list", input = GetUrl)]
pub async fn list_users(page: u32) -> Result<UserListPage, AppError> {
    use crate::ssr::{request, users_repo};
    request::require_user()?;
    let db = request::db()?;
    users_repo::list_page(&db, page)
        .await?
        .ok_or(AppError::NotFound)
}
