use crate::components::{
    BackLink, Button, ErrorPage, SummaryAction, SummaryList, SummaryRow, UserForm,
};
use crate::content;
use crate::forms::user_form_ids as ids;
use crate::server_fns::users::new::{
    ContinueNewUser, NewUserCheck, SaveNewUser, UserFormState, get_new_user_check,
    get_new_user_form,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `GET /users/new`: the personal details of the user to add.
#[component]
pub fn NewUserPage() -> impl IntoView {
    let state = Resource::new(|| (), |_| get_new_user_form());
    // Arriving from a "Change" link on the check page, "Back" returns there.
    let from_check = use_query_map().read_untracked().get("change").is_some();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(state) => view! { <NewUserForm state from_check/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewUserForm(state: UserFormState, from_check: bool) -> impl IntoView {
    let action = ServerAction::<ContinueNewUser>::new();
    let server_errors = Signal::derive(move || action.value().get().and_then(Result::ok));
    let on_valid = Callback::new(move |values: crate::forms::UserFormValues| {
        action.dispatch(ContinueNewUser {
            first_name: values.first_name,
            last_name: values.last_name,
            email: values.email,
        });
    });
    view! {
        <UserForm
            title=content::ADD_USER_TITLE
            caption=content::ADD_USER_CAPTION
            values=state.values
            errors=state.errors
            action_url=ContinueNewUser::url()
            back_href=if from_check { "/users/new/check" } else { "/users" }
            cancel_href="/users"
            server_errors
            on_valid
        />
    }
}

/// `GET /users/new/check`: the answers, each with "Change", and "Save user".
#[component]
pub fn NewUserCheckPage() -> impl IntoView {
    let check = Resource::new(|| (), |_| get_new_user_check());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(Some(check)) => view! { <CheckAnswers check/> }.into_any(),
                    // No answers to check: the server has redirected to the form.
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CheckAnswers(check: NewUserCheck) -> impl IntoView {
    let save = ServerAction::<SaveNewUser>::new();
    let change = |id: &str, label: &str| {
        Some(SummaryAction {
            href: format!("/users/new?change={id}#{id}"),
            text: content::CHANGE,
            visually_hidden: label.to_lowercase(),
        })
    };
    let rows = vec![
        SummaryRow {
            key: content::FIRST_NAME,
            value: check.values.first_name,
            action: change(ids::FIRST_NAME, content::FIRST_NAME),
        },
        SummaryRow {
            key: content::LAST_NAME,
            value: check.values.last_name,
            action: change(ids::LAST_NAME, content::LAST_NAME),
        },
        SummaryRow {
            key: content::EMAIL_ADDRESS,
            value: check.values.email,
            action: change(ids::EMAIL, content::EMAIL_ADDRESS),
        },
    ];
    view! {
        <Title text=content::page_title(content::CHECK_ADD_TITLE, false)/>
        <BackLink href="/users/new"/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <span class="govuk-caption-l">{content::ADD_USER_CAPTION}</span>
                <h1 class="govuk-heading-l">{content::CHECK_HEADING}</h1>
                <SummaryList rows/>
                <ActionForm action=save>
                    <input type="hidden" name="draft_id" value=check.draft_id/>
                    <div class="govuk-button-group">
                        <Button prevent_double_click=true>{content::SAVE_USER}</Button>
                        <a class="govuk-link" href="/users">{content::CANCEL}</a>
                    </div>
                </ActionForm>
            </div>
        </div>
    }
}
