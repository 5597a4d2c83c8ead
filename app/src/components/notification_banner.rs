use domain::content;
use leptos::prelude::*;

/// The success variant of the notification banner: shown once, after an action worked.
/// `role="alert"` makes screen readers announce it.
#[component]
pub fn SuccessBanner(#[prop(into)] heading: String) -> impl IntoView {
    view! {
        <div
            class="govuk-notification-banner govuk-notification-banner--success"
            role="alert"
            aria-labelledby="govuk-notification-banner-title"
            data-module="govuk-notification-banner"
        >
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">
                    {content::BANNER_SUCCESS_TITLE}
                </h2>
            </div>
            <div class="govuk-notification-banner__content">
                <h3 class="govuk-notification-banner__heading">{heading}</h3>
            </div>
        </div>
    }
}

/// The default (blue) notification banner, for something the person must know to carry on.
#[component]
pub fn ImportantBanner(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div
            class="govuk-notification-banner"
            role="region"
            aria-labelledby="govuk-notification-banner-title"
            data-module="govuk-notification-banner"
        >
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="govuk-notification-banner-title">
                    {content::BANNER_IMPORTANT_TITLE}
                </h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{text}</p>
            </div>
        </div>
    }
}
