use super::govuk_svg::{CROWN_DOTS, CROWN_PATH, LICENCE_PATH, LOGOTYPE_PATH};
use crate::settings::DevelopmentTools;
use domain::SignedInUser;
use domain::content;
use domain::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The GOV.UK page template's body: skip link, header, service navigation, main, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
            {content::SKIP_LINK}
        </a>
        <header class="govuk-template__header">
            <Header/>
            <ServiceNavigation/>
        </header>
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content">
                {children()}
            </main>
        </div>
        <Footer/>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <div class="govuk-header" data-module="govuk-header">
            <div class="govuk-header__container govuk-width-container">
                <div class="govuk-header__logo">
                    <a href="https://www.gov.uk/" class="govuk-header__homepage-link">
                        <svg
                            focusable="false"
                            role="img"
                            xmlns="http://www.w3.org/2000/svg"
                            viewBox="0 0 324 60"
                            height="30"
                            width="162"
                            fill="currentcolor"
                            class="govuk-header__logotype"
                            aria-label="GOV.UK"
                        >
                            <title>"GOV.UK"</title>
                            <Crown/>
                            <circle class="govuk-logo-dot" cx="226" cy="36" r="7.3"></circle>
                            <path d=LOGOTYPE_PATH></path>
                        </svg>
                    </a>
                </div>
            </div>
        </div>
    }
}

#[component]
fn Crown() -> impl IntoView {
    view! {
        <g>
            {CROWN_DOTS
                .iter()
                .map(|&(cx, cy, r)| view! { <circle cx=cx cy=cy r=r></circle> })
                .collect_view()}
            <path d=CROWN_PATH></path>
        </g>
    }
}

#[component]
fn ServiceNavigation() -> impl IntoView {
    let signed_in = use_context::<Option<SignedInUser>>().flatten().is_some();
    let location = use_location();
    let in_users = Signal::derive(move || location.pathname.get().starts_with(paths::USERS));
    let in_account = Signal::derive(move || location.pathname.get() == paths::ACCOUNT);
    view! {
        <section
            aria-label=content::SERVICE_NAV_LABEL
            class="govuk-service-navigation"
            data-module="govuk-service-navigation"
        >
            <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                    <span class="govuk-service-navigation__service-name">
                        <a href=paths::USERS class="govuk-service-navigation__link">
                            {content::SERVICE_NAME}
                        </a>
                    </span>
                    {signed_in
                        .then(|| {
                            view! {
                                <nav aria-label=content::NAV_LABEL class="govuk-service-navigation__wrapper">
                                    <button
                                        type="button"
                                        class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                                        aria-controls="navigation"
                                        hidden
                                        aria-hidden="true"
                                    >
                                        {content::MENU}
                                    </button>
                                    <ul class="govuk-service-navigation__list" id="navigation">
                                        <NavItem href=paths::USERS text=content::NAV_SUPPORT_USERS current=in_users/>
                                        <NavItem href=paths::ACCOUNT text=content::ACCOUNT_NAV_LINK current=in_account/>
                                        <li class="govuk-service-navigation__item">
                                            // Signing out changes state, so it is a form post,
                                            // styled as a navigation link.
                                            <form method="post" action=paths::SIGN_OUT class="app-sign-out">
                                                <button type="submit" class="govuk-service-navigation__link app-sign-out__button">
                                                    {content::SIGN_OUT}
                                                </button>
                                            </form>
                                        </li>
                                    </ul>
                                </nav>
                            }
                        })}
                </div>
            </div>
        </section>
    }
}

/// One link of the service navigation, marked as the current page while `current` holds.
#[component]
fn NavItem(href: &'static str, text: &'static str, current: Signal<bool>) -> impl IntoView {
    view! {
        <li
            class="govuk-service-navigation__item"
            class:govuk-service-navigation__item--active=current
        >
            <a
                class="govuk-service-navigation__link"
                href=href
                aria-current=move || current.get().then_some("true")
            >
                {text}
            </a>
        </li>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let development_tools = use_context::<DevelopmentTools>().is_some_and(|d| d.0);
    view! {
        <footer class="govuk-footer">
            <div class="govuk-width-container">
                <svg
                    focusable="false"
                    role="presentation"
                    xmlns="http://www.w3.org/2000/svg"
                    viewBox="0 0 64 60"
                    height="30"
                    width="32"
                    fill="currentcolor"
                    class="govuk-footer__crown"
                >
                    <Crown/>
                </svg>
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        {development_tools
                            .then(|| {
                                view! {
                                    <h2 class="govuk-visually-hidden">
                                        {content::FOOTER_SUPPORT_LINKS}
                                    </h2>
                                    <ul class="govuk-footer__inline-list">
                                        <li class="govuk-footer__inline-list-item">
                                            <a class="govuk-footer__link" href=paths::DEV_EMAILS>
                                                {content::DEV_EMAILS_FOOTER_LINK}
                                            </a>
                                        </li>
                                    </ul>
                                }
                            })}
                        <svg
                            aria-hidden="true"
                            focusable="false"
                            class="govuk-footer__licence-logo"
                            xmlns="http://www.w3.org/2000/svg"
                            viewBox="0 0 483.2 195.7"
                            height="17"
                            width="41"
                        >
                            <path fill="currentColor" d=LICENCE_PATH></path>
                        </svg>
                        <span class="govuk-footer__licence-description">
                            {content::FOOTER_LICENCE_PREFIX}
                            " "
                            <a
                                class="govuk-footer__link"
                                href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
                                rel="license"
                            >
                                {content::FOOTER_LICENCE_LINK}
                            </a>
                            {content::FOOTER_LICENCE_SUFFIX}
                        </span>
                    </div>
                    <div class="govuk-footer__meta-item">
                        <a
                            class="govuk-footer__link govuk-footer__copyright-logo"
                            href="https://www.nationalarchives.gov.uk/information-management/re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/"
                        >
                            {content::FOOTER_COPYRIGHT}
                        </a>
                    </div>
                </div>
            </div>
        </footer>
    }
}
