use crate::components::{ButtonLink, PageData, Pagination, SuccessBanner, Table};
use crate::error::AppError;
use crate::server_fns::users::{UserListPage, list_users};
use domain::content;
use domain::paging::parse_page_param;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `GET /users`: the support users, 25 a page.
#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || parse_page_param(query.read().get("page").as_deref());
    let data = Resource::new(page, |page| async move {
        match page {
            Some(page) => list_users(page).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageData resource=data let:page>
            <UsersList page/>
        </PageData>
    }
}

#[component]
fn UsersList(page: UserListPage) -> impl IntoView {
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            vec![
                view! { <a class="govuk-link" href=paths::User(row.id).details()>{row.full_name}</a> }
                    .into_any(),
                row.email.into_any(),
            ]
        })
        .collect();
    view! {
        <Title text=content::page_title(content::USERS_TITLE, false)/>
        {page.banner.map(|flash| view! { <SuccessBanner heading=flash.message()/> })}
        <h1 class="govuk-heading-l">{content::users_heading(page.total)}</h1>
        <ButtonLink href=paths::NEW_USER>{content::ADD_USER}</ButtonLink>
        <Table
            caption=content::USERS_TABLE_CAPTION
            caption_hidden=true
            head=vec![content::COLUMN_NAME, content::COLUMN_EMAIL]
            rows
        />
        {(page.total_pages > 1)
            .then(|| view! { <Pagination href=paths::users_page current=page.page total=page.total_pages/> })}
    }
}
