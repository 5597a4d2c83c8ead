use super::user_id_param;
use crate::components::{
    BackLink, Button, ErrorPage, ImportantBanner, InsetText, PageData, UserAnswers, UserForm,
};
use crate::error::AppError;
use crate::server_fns::users::edit::{
    ContinueEditUser, EditUserCheck, EditUserFormState, SaveEditUser, get_edit_user_check,
    get_edit_user_form,
};
use domain::content;
use domain::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `GET /users/{id}/edit`: the user's personal details and whether the account is active, to
/// change (only the latter once they have signed in).
#[component]
pub fn EditUserPage() -> impl IntoView {
    let id = user_id_param();
    let id = untrack(id);
    let state = async move {
        match id {
            Some(id) => get_edit_user_form(id).await.map(|state| (id, state)),
            None => Err(AppError::NotFound),
        }
    };
    let focus = use_query_map().read_untracked().get("change");
    view! {
        <PageData load=state let:state>
            <EditUserForm id=state.0 state=state.1 focus=focus.clone()/>
        </PageData>
    }
}

#[component]
fn EditUserForm(id: i64, state: EditUserFormState, focus: Option<String>) -> impl IntoView {
    let details = paths::User(id).details();
    view! {
        <UserForm
            title=content::EDIT_USER_TITLE
            caption=content::edit_user_caption(&state.full_name)
            questions=state.questions
            values=state.values
            errors=state.errors
            action_url=ContinueEditUser::url()
            back_href=details.clone()
            cancel_href=details
            focus
            notice=state.conflict.then_some(content::EDIT_CONFLICT)
            hidden=vec![("id", id.to_string()), ("lock_version", state.lock_version.to_string())]
        />
    }
}

/// `GET /users/{id}/check`: the changed answers, and "Save user".
#[component]
pub fn EditUserCheckPage() -> impl IntoView {
    let id = user_id_param();
    let id = untrack(id);
    let check = async move {
        match id {
            Some(id) => get_edit_user_check(id)
                .await
                .map(|check| check.map(|c| (id, c))),
            None => Err(AppError::NotFound),
        }
    };
    view! {
        <PageData load=check let:check>
            {check.map(|(id, check)| view! { <CheckChanges id check/> })}
        </PageData>
    }
}

#[component]
fn CheckChanges(id: i64, check: EditUserCheck) -> impl IntoView {
    let save = ServerAction::<SaveEditUser>::new();
    let save_failed = move || save.value().get().and_then(Result::err);
    let form_href = paths::User(id).edit();
    view! {
        <Title text=content::page_title(content::CHECK_EDIT_TITLE, false)/>
        {move || save_failed().map(|error| view! { <ErrorPage error/> })}
        <BackLink href=form_href.clone()/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {check
                    .answers_changed
                    .then(|| view! { <ImportantBanner text=content::ANSWERS_CHANGED_ELSEWHERE/> })}
                <span class="govuk-caption-l">{content::CHECK_EDIT_CAPTION}</span>
                <h1 class="govuk-heading-l">{content::CHECK_HEADING}</h1>
                <UserAnswers questions=check.questions values=check.values form_href/>
                {check.new_email.map(|email| view! {
                    <InsetText>
                        <p class="govuk-body">{content::will_be_sent_sign_in_details(&email)}</p>
                    </InsetText>
                })}
                {check.deactivates.map(|full_name| view! {
                    <InsetText>
                        <p class="govuk-body">{content::will_be_told_deactivated(&full_name)}</p>
                    </InsetText>
                })}
                <ActionForm action=save>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="draft_id" value=check.draft_id/>
                    <div class="govuk-button-group">
                        <Button prevent_double_click=true>{content::SAVE_USER}</Button>
                        <a class="govuk-link" href=paths::User(id).details()>{content::CANCEL}</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
