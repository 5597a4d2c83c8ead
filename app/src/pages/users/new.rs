use crate::components::{
    BackLink, Button, ImportantBanner, InsetText, PageData, UserAnswers, UserForm,
};
use crate::server_fns::users::new::{
    ContinueNewUser, NewUserCheck, SaveNewUser, UserFormState, get_new_user_check,
    get_new_user_form,
};
use domain::content;
use domain::forms::Questions;
use domain::paths;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `GET /users/new`: the personal details of the user to add.
#[component]
pub fn NewUserPage() -> impl IntoView {
    let state = get_new_user_form();
    // Arriving from a "Change" link on the check page: that field has focus, and "Back"
    // returns there.
    let focus = use_query_map().read_untracked().get("change");
    view! {
        <PageData load=state let:state>
            <NewUserForm state focus=focus.clone()/>
        </PageData>
    }
}

#[component]
fn NewUserForm(state: UserFormState, focus: Option<String>) -> impl IntoView {
    let from_check = focus.is_some();
    view! {
        <UserForm
            title=content::ADD_USER_TITLE
            caption=content::ADD_USER_CAPTION
            questions=Questions::ADD
            values=state.values
            errors=state.errors
            action_url=ContinueNewUser::url()
            back_href=if from_check { paths::NEW_USER_CHECK } else { paths::USERS }
            cancel_href=paths::USERS
            focus
        />
    }
}

/// `GET /users/new/check`: the answers, each with "Change", and "Save user".
#[component]
pub fn NewUserCheckPage() -> impl IntoView {
    let check = get_new_user_check();
    view! {
        <PageData load=check let:check>
            {check.map(|check| view! { <CheckAnswers check/> })}
        </PageData>
    }
}

#[component]
fn CheckAnswers(check: NewUserCheck) -> impl IntoView {
    let save = ServerAction::<SaveNewUser>::new();
    view! {
        <Title text=content::page_title(content::CHECK_ADD_TITLE, false)/>
        <BackLink href=paths::NEW_USER/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {check
                    .answers_changed
                    .then(|| view! { <ImportantBanner text=content::ANSWERS_CHANGED_ELSEWHERE/> })}
                <span class="govuk-caption-l">{content::ADD_USER_CAPTION}</span>
                <h1 class="govuk-heading-l">{content::CHECK_HEADING}</h1>
                <UserAnswers questions=Questions::ADD values=check.values form_href=paths::NEW_USER/>
                <InsetText>
                    <p class="govuk-body">{content::will_be_invited(&check.full_name)}</p>
                    {check.deleted_on.map(|on| view! {
                        <p class="govuk-body">{content::email_belonged_to_deleted_user(&on)}</p>
                    })}
                </InsetText>
                <ActionForm action=save>
                    <input type="hidden" name="draft_id" value=check.draft_id/>
                    <div class="govuk-button-group">
                        <Button prevent_double_click=true>{content::SAVE_USER}</Button>
                        <a class="govuk-link" href=paths::USERS>{content::CANCEL}</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
