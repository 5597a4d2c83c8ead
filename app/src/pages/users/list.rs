use crate::components::{
    AccountTag, ButtonLink, PageData, Pagination, SearchForm, SuccessBanner, Table,
};
use crate::error::AppError;
use crate::server_fns::users::{UserListPage, list_users};
use domain::content;
use domain::list_query::ListQuery;
use domain::paging::parse_page_param;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `GET /users?q=…&show=…&page=N`: the support users, 25 a page, narrowed by a search and a
/// sign-in or status filter (SPEC §7, §9).
#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let request = move || {
        let query = query.read();
        (
            parse_page_param(query.get("page").as_deref()),
            query.get("q"),
            query.get("show"),
        )
    };
    let (page, q, show) = untrack(request);
    let data = async move {
        let Some(page) = page else {
            return Err(AppError::NotFound);
        };
        let narrowed =
            ListQuery::parse(q.as_deref(), show.as_deref()).map_err(|_| AppError::BadRequest)?;
        list_users(page, q, show).await.map(|page| (page, narrowed))
    };
    view! {
        <PageData load=data let:found>
            <UsersList page=found.0 query=found.1/>
        </PageData>
    }
}

#[component]
fn UsersList(page: UserListPage, query: ListQuery) -> impl IntoView {
    let rows: Vec<Vec<AnyView>> = page
        .rows
        .into_iter()
        .map(|row| {
            vec![
                view! { <a class="govuk-link" href=paths::User(row.id).details()>{row.full_name}</a> }
                    .into_any(),
                row.email.into_any(),
                view! { <AccountTag active=row.active/> }.into_any(),
                row.last_signed_in.into_any(),
            ]
        })
        .collect();
    let has_rows = !rows.is_empty();
    let page_href = {
        let query = query.clone();
        move |n| paths::users_found_page(&query, n)
    };
    view! {
        <Title text=content::page_title(content::USERS_TITLE, false)/>
        {page.banner.map(|flash| view! { <SuccessBanner heading=flash.message()/> })}
        <h1 class="govuk-heading-l">{content::users_heading(page.total)}</h1>
        <ButtonLink href=paths::NEW_USER>{content::ADD_USER}</ButtonLink>
        <SearchForm query=query.clone()/>
        {page.matched.map(|matched| {
            view! {
                <p class="govuk-body app-search-result" role="status">
                    {content::users_found(matched)}
                    " "
                    <a class="govuk-link govuk-link--no-visited-state" href=paths::USERS>
                        {content::CLEAR_SEARCH}
                    </a>
                </p>
            }
        })}
        {has_rows.then(|| view! {
            <Table
                caption=content::USERS_TABLE_CAPTION
                caption_hidden=true
                head=vec![
                    content::COLUMN_NAME,
                    content::COLUMN_EMAIL,
                    content::COLUMN_ACCOUNT_STATUS,
                    content::COLUMN_LAST_SIGNED_IN,
                ]
                rows
            />
        })}
        {(page.total_pages > 1)
            .then(|| view! { <Pagination href=page_href current=page.page total=page.total_pages/> })}
        <ul class="govuk-list">
            {has_rows.then(|| view! {
                <li>
                    <a class="govuk-link" href=paths::users_csv(&query) download=content::CSV_FILE_NAME>
                        {content::DOWNLOAD_CSV}
                    </a>
                </li>
            })}
            <li>
                <a class="govuk-link" href=paths::EMAILS_NOT_DELIVERED>
                    {content::emails_not_delivered_link(page.not_delivered)}
                </a>
            </li>
        </ul>
    }
}
