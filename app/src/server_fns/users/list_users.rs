use super::UserListPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// A page of support users (not deleted) in list order, narrowed by the search `q` and the filter
/// `show` (SPEC §7), with the success banner to show once; pages past the end are not found.
#[server(endpoint = "users/list", input = GetUrl)]
pub async fn list_users(
    page: u32,
    q: Option<String>,
    show: Option<String>,
) -> Result<UserListPage, AppError> {
    use super::UserListRow;
    use crate::ssr::{RequestContext, respond, time_format};
    use domain::content;
    use domain::list_query::ListQuery;
    use service::users::repo;
    use service::{Context, drafts};
    respond("list_users", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        let query =
            ListQuery::parse(q.as_deref(), show.as_deref()).map_err(|_| AppError::BadRequest)?;
        // The whole list seeks through the page index; a narrowed one is read by its query.
        let (users, total, matched, request) = if query.narrows() {
            let found = cx
                .finder
                .page(&cx.db, &query, page)
                .await
                .context("find support users")?
                .ok_or(AppError::NotFound)?;
            (found.users, found.total, Some(found.matched), found.request)
        } else {
            let list = cx
                .page_index
                .page(&cx.db, page)
                .await
                .context("read a page of the list")?
                .ok_or(AppError::NotFound)?;
            (list.users, list.total, None, list.request)
        };
        Ok(UserListPage {
            rows: users
                .iter()
                .map(|u| UserListRow {
                    id: u.id,
                    full_name: repo::full_name(u),
                    email: u.email.clone(),
                    active: repo::facts(u).active,
                    last_signed_in: u
                        .last_signed_in_at
                        .map(time_format::uk_date)
                        .unwrap_or_else(|| content::NEVER.to_owned()),
                })
                .collect(),
            total,
            matched,
            page: request.page,
            total_pages: request.total_pages,
            banner: drafts::take_flash(&cx.session).await?,
            not_delivered: service::outbox::undelivered::count(&cx.db)
                .await
                .context("count the emails not delivered")?,
        })
    })
    .await
}
