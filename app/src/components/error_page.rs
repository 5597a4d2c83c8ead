use crate::error::AppError;
use domain::content;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page shown in place of the requested one when it cannot be: 404, 403, 400, 500 (and
/// "sign in" when a session ran out during client-side navigation). On the server it also sets
/// the response status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let (status, problem) = error.describe();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
    let (href, link_text) = problem.link;
    view! {
        <Title text=content::page_title(problem.title, false)/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{problem.title}</h1>
                {problem
                    .paragraphs
                    .iter()
                    .map(|p| view! { <p class="govuk-body">{*p}</p> })
                    .collect_view()}
                <p class="govuk-body">
                    <a class="govuk-link" href=href>{link_text}</a>
                </p>
            </div>
        </div>
    }
}
