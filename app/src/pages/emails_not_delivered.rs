use crate::components::{BackLink, PageData, Pagination, Table};
use crate::error::AppError;
use crate::server_fns::emails::{UndeliveredPage, list_undelivered};
use domain::content;
use domain::paging::parse_page_param;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `GET /emails/not-delivered?page=N`: every email that did not arrive, newest first, 25 a
/// page.
#[component]
pub fn EmailsNotDeliveredPage() -> impl IntoView {
    let page = parse_page_param(use_query_map().read_untracked().get("page").as_deref());
    let data = async move {
        match page {
            Some(page) => list_undelivered(page).await,
            None => Err(AppError::NotFound),
        }
    };
    view! {
        <PageData load=data let:found>
            <EmailsNotDelivered page=found/>
        </PageData>
    }
}

#[component]
fn EmailsNotDelivered(page: UndeliveredPage) -> impl IntoView {
    let rows: Vec<Vec<AnyView>> = page
        .rows
        .into_iter()
        .map(|row| {
            let user = match row.user {
                Some((Some(id), name)) => view! {
                    <a class="govuk-link" href=paths::User(id).details()>{name}</a>
                }
                .into_any(),
                Some((None, name)) => name.into_any(),
                None => content::NO_USER.into_any(),
            };
            vec![
                row.kind.into_any(),
                user,
                row.sent_to.into_any(),
                row.when.into_any(),
                row.reason.into_any(),
            ]
        })
        .collect();
    let has_rows = !rows.is_empty();
    view! {
        <Title text=content::page_title(content::EMAILS_NOT_DELIVERED_TITLE, false)/>
        <BackLink href=paths::USERS/>
        <h1 class="govuk-heading-l">{content::EMAILS_NOT_DELIVERED_TITLE}</h1>
        {if has_rows {
            view! {
                <Table
                    caption=content::EMAILS_NOT_DELIVERED_TITLE
                    caption_hidden=true
                    head=vec![
                        content::COLUMN_UNDELIVERED_EMAIL,
                        content::COLUMN_UNDELIVERED_USER,
                        content::COLUMN_UNDELIVERED_SENT_TO,
                        content::COLUMN_UNDELIVERED_WHEN,
                        content::COLUMN_UNDELIVERED_REASON,
                    ]
                    rows
                />
            }
            .into_any()
        } else {
            view! { <p class="govuk-body">{content::EMAILS_NOT_DELIVERED_NONE}</p> }.into_any()
        }}
        {(page.total_pages > 1).then(|| view! {
            <Pagination href=paths::emails_not_delivered_page current=page.page total=page.total_pages/>
        })}
    }
}
