use crate::components::ErrorPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/problem/<kind>`: the GOV.UK page for a refused request (cross-site, too large, too many)
/// or for a failed form post from a browser without JavaScript. It has the error's status.
#[component]
pub fn ProblemPage() -> impl IntoView {
    let params = use_params_map();
    let error = AppError::from_slug(&params.read_untracked().get("kind").unwrap_or_default());
    view! { <ErrorPage error/> }
}
