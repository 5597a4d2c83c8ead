use crate::components::{ErrorPage, Layout};
use crate::error::AppError;
use crate::pages::{
    AccountPage, DevEmailsPage, EmailsNotDeliveredPage, ProblemPage, SignInPage,
    users::{
        DeleteUserPage, EditUserCheckPage, EditUserPage, NewUserCheckPage, NewUserPage, UserPage,
        UsersPage,
    },
};
use crate::settings::DevelopmentTools;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// GOV.UK's template script: marks the body so GOV.UK Frontend's CSS and JS know scripts run.
const BODY_CLASS_SCRIPT: &str = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";
/// Starts GOV.UK Frontend's components (skip link, service navigation menu, …).
const GOVUK_INIT_SCRIPT: &str = "import { initAll } from '/govuk-frontend.min.js'; initAll();";

/// Whether the page at `path` renders an island (the user form, on the add and change forms),
/// and so needs the WebAssembly. Every other page is plain HTML, and loads and preloads none.
pub fn hydrates(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(segments.as_slice(), ["users", "new"] | ["users", _, "edit"])
}

/// The HTML document around the app, as GOV.UK's page template lays it out.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let css = use_context::<crate::settings::Stylesheet>()
        .map(|s| s.0)
        .unwrap_or_else(|| format!("/{}/{}.css", options.site_pkg_dir, options.output_name));
    #[cfg(feature = "ssr")]
    let islands =
        use_context::<http::request::Parts>().is_some_and(|parts| hydrates(parts.uri.path()));
    #[cfg(not(feature = "ssr"))]
    let islands = true;
    view! {
        <!DOCTYPE html>
        <html lang="en" class="govuk-template govuk-template--rebranded">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#1d70b8"/>
                <link rel="icon" sizes="48x48" href="/assets/images/favicon.ico"/>
                <link rel="icon" sizes="any" href="/assets/images/favicon.svg" type="image/svg+xml"/>
                <link rel="mask-icon" href="/assets/images/govuk-icon-mask.svg" color="#1d70b8"/>
                <link rel="apple-touch-icon" href="/assets/images/govuk-icon-180.png"/>
                <link rel="manifest" href="/assets/manifest.json"/>
                <link rel="stylesheet" href=css/>
                {islands.then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body class="govuk-template__body">
                <App/>
            </body>
        </html>
    }
}

#[cfg(test)]
mod tests {
    use super::hydrates;

    #[test]
    fn only_the_form_pages_hydrate() {
        for path in ["/users/new", "/users/7/edit", "/users/7/edit/"] {
            assert!(hydrates(path), "{path}");
        }
        for path in [
            "/users",
            "/users/7",
            "/users/new/check",
            "/users/7/check",
            "/sign-in",
            "/",
        ] {
            assert!(!hydrates(path), "{path}");
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Pages are rendered on the server only (the browser hydrates just the islands), so who is
    // signed in, and whether the development tools are on, are read there.
    #[cfg(feature = "ssr")]
    let (signed_in, development_tools) = (
        crate::ssr::signed_in_user(),
        // Absent while the route list is generated, when there is no request.
        DevelopmentTools(
            use_context::<crate::settings::AppSettings>().is_some_and(|s| s.development_tools),
        ),
    );
    #[cfg(not(feature = "ssr"))]
    let (signed_in, development_tools): (Option<domain::SignedInUser>, _) =
        (None, DevelopmentTools(false));
    provide_context(signed_in);
    provide_context(development_tools);

    view! {
        <script nonce=use_nonce() inner_html=BODY_CLASS_SCRIPT></script>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <ErrorPage error=AppError::NotFound/> }>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/users") view=UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/new") view=NewUserPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/new/check") view=NewUserCheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:id") view=UserPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:id/edit") view=EditUserPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:id/check") view=EditUserCheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/users/:id/delete") view=DeleteUserPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/emails/not-delivered") view=EmailsNotDeliveredPage ssr=SsrMode::Async/>
                    <Route path=path!("/dev/emails") view=DevEmailsPage ssr=SsrMode::Async/>
                    <Route path=path!("/problem/:kind") view=ProblemPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
        <script type="module" nonce=use_nonce() inner_html=GOVUK_INIT_SCRIPT></script>
    }
}
