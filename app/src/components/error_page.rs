use crate::content;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page shown in place of the requested one when it cannot be: 404, 403, 400, 500 (and
/// "sign in" when a session ran out during client-side navigation). On the server it also sets
/// the response status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }

    let (title, body): (&str, Vec<&str>) = match error {
        AppError::NotFound => (
            content::NOT_FOUND_TITLE,
            vec![content::NOT_FOUND_BODY_1, content::NOT_FOUND_BODY_2],
        ),
        AppError::Forbidden => (
            content::FORBIDDEN_TITLE,
            vec![content::FORBIDDEN_BODY_1, content::FORBIDDEN_BODY_2],
        ),
        AppError::BadRequest => (content::BAD_REQUEST_TITLE, vec![content::BAD_REQUEST_BODY]),
        AppError::CrossSite => (
            content::CROSS_SITE_TITLE,
            vec![content::CROSS_SITE_BODY_1, content::CROSS_SITE_BODY_2],
        ),
        AppError::TooFewUsers => (
            content::TOO_FEW_USERS_TITLE,
            vec![content::TOO_FEW_USERS_BODY],
        ),
        AppError::NoAccess => (
            content::NO_ACCESS_TITLE,
            vec![content::NO_ACCESS_BODY_1, content::NO_ACCESS_BODY_2],
        ),
        AppError::SignInFailed => (
            content::SIGN_IN_FAILED_TITLE,
            vec![content::SIGN_IN_FAILED_BODY],
        ),
        AppError::TooLarge => (content::TOO_LARGE_TITLE, vec![content::TOO_LARGE_BODY]),
        AppError::TooManyRequests => (
            content::TOO_MANY_REQUESTS_TITLE,
            vec![
                content::TOO_MANY_REQUESTS_BODY_1,
                content::TOO_MANY_REQUESTS_BODY_2,
            ],
        ),
        AppError::SignInRequired => (content::SIGN_IN_TITLE, vec![]),
        AppError::Internal => (
            content::INTERNAL_ERROR_TITLE,
            vec![
                content::INTERNAL_ERROR_BODY_1,
                content::INTERNAL_ERROR_BODY_2,
            ],
        ),
    };
    let link = match error {
        AppError::SignInRequired => ("/sign-in", content::SIGN_IN_HEADING),
        AppError::NoAccess | AppError::SignInFailed => ("/sign-in", content::SIGN_IN_AGAIN),
        _ => ("/users", content::BACK_TO_USERS),
    };
    view! {
        <Title text=content::page_title(title, false)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{title}</h1>
                {body.into_iter().map(|p| view! { <p class="govuk-body">{p}</p> }).collect_view()}
                <p class="govuk-body">
                    <a class="govuk-link" href=link.0>{link.1}</a>
                </p>
            </div>
        </div>
    }
}
