use crate::components::{History, PageData, SuccessBanner, SummaryAction, SummaryList, SummaryRow};
use crate::error::AppError;
use crate::server_fns::users::{UserDetails, get_user};
use domain::content;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// `GET /users/{id}`: one support user's details.
#[component]
pub fn UserPage() -> impl IntoView {
    let id = super::user_id_param();
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_user(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <PageData resource=data let:user>
            <UserSummary user/>
        </PageData>
    }
}

#[component]
fn UserSummary(user: UserDetails) -> impl IntoView {
    let edit_href = paths::User(user.id).edit();
    let change = |field: &str, label: &str| {
        user.can_change.then(|| SummaryAction {
            href: format!("{edit_href}?change={field}#{field}"),
            text: content::CHANGE,
            visually_hidden: label.to_lowercase(),
        })
    };
    let rows = vec![
        SummaryRow {
            key: content::FIRST_NAME,
            value: user.first_name.clone(),
            action: change("first-name", content::FIRST_NAME),
        },
        SummaryRow {
            key: content::LAST_NAME,
            value: user.last_name.clone(),
            action: change("last-name", content::LAST_NAME),
        },
        SummaryRow {
            key: content::EMAIL_ADDRESS,
            value: user.email.clone(),
            action: change("email", content::EMAIL_ADDRESS),
        },
    ];
    let signed_in_line = match &user.last_signed_in {
        Some(when) => content::last_signed_in_at(when),
        None => content::NEVER_SIGNED_IN.to_owned(),
    };
    let delete_href = paths::User(user.id).delete();
    let history = user.history.clone();
    view! {
        <Title text=content::page_title(content::USER_TITLE, false)/>
        {user.banner.map(|flash| view! { <SuccessBanner heading=flash.message()/> })}
        <span class="govuk-caption-l">{content::USER_CAPTION}</span>
        <h1 class="govuk-heading-l">{user.full_name.clone()}</h1>
        <SummaryList rows/>
        <p class="govuk-body">{signed_in_line}</p>
        {user
            .can_delete
            .then(|| {
                view! {
                    <p class="govuk-body">
                        <a class="govuk-link app-link--destructive" href=delete_href>
                            {content::DELETE_USER}
                        </a>
                    </p>
                }
            })}
        <History entries=history/>
    }
}
