use super::UserListPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// A page of active support users in list order, with the success banner to show once;
/// pages past the end are not found.
#[server(endpoint = "users/list", input = GetUrl)]
pub async fn list_users(page: u32) -> Result<UserListPage, AppError> {
    use super::UserListRow;
    use crate::ssr::{RequestContext, respond};
    use service::{Context, drafts, users::repo};
    respond("list_users", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        let list = cx
            .page_index
            .page(&cx.db, page)
            .await
            .context("read a page of the list")?
            .ok_or(AppError::NotFound)?;
        Ok(UserListPage {
            rows: list
                .users
                .iter()
                .map(|u| UserListRow {
                    id: u.id,
                    full_name: repo::full_name(u),
                    email: u.email.clone(),
                })
                .collect(),
            total: list.total,
            page: list.request.page,
            total_pages: list.request.total_pages,
            banner: drafts::take_flash(&cx.session).await?,
        })
    })
    .await
}
