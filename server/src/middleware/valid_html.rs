//! Every page valid HTML, with its data once. Leptos 0.8 writes three things into a page that
//! the HTML standard does not allow (the Nu Html Checker reports each); this rewrites them into
//! what they mean, leaving the document the browser builds the same:
//!
//! - `<!>` for an empty place in the view (a `None`, an empty list, the seam between two
//!   texts), which the parser reads as a "bogus comment": an empty comment node. `<!---->` is
//!   that same empty comment, written validly, so hydration finds the same nodes. Text and
//!   attribute values have `<` escaped (`&lt;`), and the only raw text before `</body>` is our
//!   own static script, so a `<!>` there is always one of Leptos's.
//! - `<script>`s after `</html>` with the data serialized for hydration (a fatal parse error:
//!   the parser puts them at the end of `<body>`). On a page with an island they are moved to
//!   the end of `<body>`, where the browser put them; a page without one is never hydrated, so
//!   they go, with the empty places Leptos marks after `</html>`. (Pages load their data without serializing it anyway: `app::components::PageData`.)
//! - The CSP nonce in the `crossorigin` attribute of the preload `<link>`s of a page with an
//!   island (`crossorigin="<nonce>"`, which browsers read as `anonymous`): written as what it
//!   means, `anonymous`, the same-origin fetch the script makes.
//!
//! Remove each rewrite when Leptos writes valid markup: the Nu Html Checker runs over every page
//! of the browser tests, and `only_pages_with_an_island_load_webassembly` checks the last.

use crate::security::CspNonce;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};

/// A page is a few tens of kilobytes; anything larger is not one of ours.
const LARGEST_PAGE: usize = 1024 * 1024;

/// How the app's document ends; Leptos's scripts come after it.
const DOCUMENT_END: &str = "</html>";

pub async fn valid_html(request: Request, next: Next) -> Response {
    let nonce = request.extensions().get::<CspNonce>().cloned();
    let hydrates = app::hydrates(request.uri().path());
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, LARGEST_PAGE).await else {
        tracing::error!("a page's body could not be read");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let nonce = nonce.filter(|_| hydrates).map(|CspNonce(nonce)| nonce);
    let html = rewrite(&String::from_utf8_lossy(&bytes), hydrates, nonce.as_deref());
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(html.len()));
    Response::from_parts(parts, Body::from(html))
}

/// `page` as valid HTML: see the module's documentation. `nonce`: the page's CSP nonce, where
/// Leptos wrote it into `crossorigin`.
fn rewrite(page: &str, hydrates: bool, nonce: Option<&str>) -> String {
    let (document, after) = match page.rfind(DOCUMENT_END) {
        Some(at) => page.split_at(at + DOCUMENT_END.len()),
        None => (page, ""),
    };
    let mut html = document.replace("<!>", "<!---->");
    if let Some(nonce) = nonce {
        html = html.replace(
            &format!("crossorigin=\"{nonce}\""),
            "crossorigin=\"anonymous\"",
        );
    }
    if hydrates && !after.is_empty() {
        let scripts = after.replace("<!>", "<!---->");
        let body_end = html.rfind("</body>").unwrap_or(html.len());
        html.insert_str(body_end, &scripts);
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SCRIPTS: &str = "<!><script nonce=\"n\">__RESOLVED_RESOURCES=[];</script>";
    const SCRIPTS_VALID: &str = "<!----><script nonce=\"n\">__RESOLVED_RESOURCES=[];</script>";

    #[test]
    fn empty_places_become_empty_comments() {
        assert_eq!(
            rewrite("<p>a<!>b</p><!>", false, None),
            "<p>a<!---->b</p><!---->"
        );
    }

    #[test]
    fn scripts_after_the_document_go_inside_it_or_go() {
        let page = format!("<html><body><p>x</p></body><!></html>{SCRIPTS}");
        assert_eq!(
            rewrite(&page, true, None),
            format!("<html><body><p>x</p>{SCRIPTS_VALID}</body><!----></html>")
        );
        assert_eq!(
            rewrite(&page, false, None),
            "<html><body><p>x</p></body><!----></html>"
        );
    }

    #[test]
    fn the_nonce_in_crossorigin_becomes_anonymous() {
        let page =
            format!(r#"<link crossorigin="n0nce"><script nonce="n0nce"></script>{DOCUMENT_END}"#);
        assert_eq!(
            rewrite(&page, true, Some("n0nce")),
            format!(
                r#"<link crossorigin="anonymous"><script nonce="n0nce"></script>{DOCUMENT_END}"#
            )
        );
    }

    proptest! {
        /// Whatever the text (escaped, as Leptos writes it), the rewrite only ever changes the
        /// markers: removing every marker from both gives the same text.
        #[test]
        fn text_is_never_changed(texts in proptest::collection::vec("[a-z<>!&-]{0,8}", 0..6)) {
            let escaped: Vec<String> = texts
                .iter()
                .map(|t| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))
                .collect();
            let page = format!("<body>{}</body>{DOCUMENT_END}", escaped.join("<!>"));
            let rewritten = rewrite(&page, false, None);
            prop_assert!(!rewritten.contains("<!>"));
            prop_assert_eq!(rewritten.replace("<!---->", ""), page.replace("<!>", ""));
        }
    }
}
