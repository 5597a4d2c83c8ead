use domain::content;
use leptos::prelude::*;

#[component]
pub fn BackLink(#[prop(into)] href: String) -> impl IntoView {
    view! { <a href=href class="govuk-back-link">{content::BACK}</a> }
}
