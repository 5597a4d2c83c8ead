use super::user_id_param;
use crate::components::{BackLink, Button, ButtonVariant, ErrorPage, PageData, WarningText};
use crate::error::AppError;
use crate::server_fns::users::delete::{DeleteUser, get_user_to_delete};
use domain::content;
use domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

/// `GET /users/{id}/delete`: confirm, then "Delete user".
#[component]
pub fn DeleteUserPage() -> impl IntoView {
    let id = user_id_param();
    let id = untrack(id);
    let user = async move {
        match id {
            Some(id) => get_user_to_delete(id).await.map(|name| (id, name)),
            None => Err(AppError::NotFound),
        }
    };
    view! {
        <PageData load=user let:user>
            <ConfirmDelete id=user.0 full_name=user.1/>
        </PageData>
    }
}

#[component]
fn ConfirmDelete(id: i64, full_name: String) -> impl IntoView {
    let delete = ServerAction::<DeleteUser>::new();
    let failed = move || delete.value().get().and_then(Result::err);
    let details = paths::User(id).details();
    view! {
        {move || match failed() {
            Some(error) => view! { <ErrorPage error/> }.into_any(),
            None => ().into_any(),
        }}
        <Title text=content::page_title(content::DELETE_TITLE, false)/>
        <BackLink href=details.clone()/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{content::DELETE_CAPTION}</span>
                <h1 class="govuk-heading-l">{content::delete_heading(&full_name)}</h1>
                <WarningText text=content::DELETE_WARNING/>
                <p class="govuk-body">{content::will_be_told_removed(&full_name)}</p>
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id/>
                    <div class="govuk-button-group">
                        <Button variant=ButtonVariant::Warning prevent_double_click=true>
                            {content::DELETE_USER}
                        </Button>
                        <a class="govuk-link" href=details>{content::CANCEL}</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
