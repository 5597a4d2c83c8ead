use domain::content;
use leptos::prelude::*;

#[component]
pub fn WarningText(text: &'static str) -> impl IntoView {
    view! {
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">{content::WARNING_HIDDEN}</span>
                " "
                {text}
            </strong>
        </div>
    }
}
