//! Refuses requests the service must not act on, before anything else sees them:
//!
//! - cross-site requests that could change something (cross-site request forgery), on top of
//!   the `SameSite=Lax` session cookie. The rule is Go 1.25's `CrossOriginProtection`: safe
//!   methods pass; otherwise the browser's `Sec-Fetch-Site` must say `same-origin` (or `none`,
//!   a person's own navigation); a browser too old to send it is judged by `Origin`: in
//!   production against the service's own address (`SERVICE_URL`), since a proxy may rewrite
//!   `Host` and HTTP/2 sends none; in development against the address the request was sent
//!   to (`Host`, or HTTP/2's `:authority`). A request with neither header is not from a
//!   browser, so cannot be forged by one.
//!   (The crates on offer either skip the `Origin` fallback or answer with an empty 403.)
//! - bodies over [`MAX_BODY_BYTES`]: every form here is a few hundred bytes.
//!
//! A refused request is answered with the GOV.UK error page for it: the request is re-routed
//! to the app's `/problem/...` page, which sets the status.

use app::error::AppError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, Method, Uri, header};

/// The largest request body accepted. A form post here is well under 2 KB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Why a request was refused; each has its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    CrossSite,
    TooLarge,
}

impl Refusal {
    /// The page that explains the refusal.
    pub fn page(self) -> String {
        match self {
            Refusal::CrossSite => AppError::CrossSite,
            Refusal::TooLarge => AppError::TooLarge,
        }
        .page()
    }
}

/// Where a state-changing request must come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrossSiteCheck {
    /// The service's own origin (`https://host[:port]`); `None`: the address the request was
    /// sent to.
    pub expected_origin: Option<String>,
}

pub async fn guard_requests(
    State(check): State<CrossSiteCheck>,
    request: Request,
    next: Next,
) -> Response {
    match refusal(&check, request.method(), request.uri(), request.headers()) {
        None => next.run(request).await,
        Some(refusal) => {
            // Every value the visitor sent is an escaped field (`?`), never spliced in.
            tracing::warn!(
                method = %request.method(),
                path = ?request.uri().path(),
                origin = ?request.headers().get(header::ORIGIN),
                sec_fetch_site = ?request.headers().get("sec-fetch-site"),
                ?refusal,
                "request refused"
            );
            next.run(problem_page(request, refusal)).await
        }
    }
}

pub fn refusal(
    check: &CrossSiteCheck,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Option<Refusal> {
    if is_cross_site(check, method, uri, headers) {
        return Some(Refusal::CrossSite);
    }
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Some(Refusal::TooLarge);
    }
    None
}

/// Could this request have been sent by another site's page, in a signed-in person's browser?
pub fn is_cross_site(
    check: &CrossSiteCheck,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        // Neither header: not a browser (browsers send Origin on every cross-origin POST).
        // (An Origin that is not text is no browser's either, and is refused below.)
        return headers.contains_key(header::ORIGIN);
    };
    match &check.expected_origin {
        Some(expected) => !origin.eq_ignore_ascii_case(expected),
        None => {
            // HTTP/1.1 names the address in Host; HTTP/2 in the request's :authority.
            let sent_to = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .or_else(|| uri.authority().map(|a| a.as_str()));
            let origin_host = origin.split_once("://").map(|(_, host)| host);
            origin_host.is_none() || sent_to.is_none() || origin_host != sent_to
        }
    }
}

/// The same request, turned into a GET of the page that explains the refusal, with no body.
fn problem_page(request: Request, refusal: Refusal) -> Request {
    let (mut parts, _body) = request.into_parts();
    parts.method = Method::GET;
    parts.uri = refusal.page().parse().expect("a valid path");
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    parts
        .headers
        .insert(header::ACCEPT, http::HeaderValue::from_static("text/html"));
    Request::from_parts(parts, axum::body::Body::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BY_HOST: CrossSiteCheck = CrossSiteCheck {
        expected_origin: None,
    };

    fn cross_site(method: &Method, headers: &HeaderMap) -> bool {
        is_cross_site(&BY_HOST, method, &Uri::from_static("/users"), headers)
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn reading_is_never_cross_site() {
        let from_elsewhere = headers(&[("sec-fetch-site", "cross-site")]);
        for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert!(!cross_site(&method, &from_elsewhere));
        }
    }

    #[test]
    fn fetch_metadata_decides_when_the_browser_sends_it() {
        for (site, cross) in [
            ("same-origin", false),
            ("none", false),
            ("same-site", true),
            ("cross-site", true),
        ] {
            let h = headers(&[("sec-fetch-site", site), ("host", "rotp.test")]);
            assert_eq!(cross_site(&Method::POST, &h), cross, "{site}");
        }
        // It wins over an Origin that looks right.
        let h = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://rotp.test"),
            ("host", "rotp.test"),
        ]);
        assert!(cross_site(&Method::POST, &h));
    }

    #[test]
    fn without_fetch_metadata_origin_must_match_host() {
        let same = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!cross_site(&Method::POST, &same));
        let other_port = headers(&[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(cross_site(&Method::POST, &other_port));
        let evil = headers(&[("origin", "https://evil.example"), ("host", "rotp.test")]);
        assert!(cross_site(&Method::DELETE, &evil));
        let opaque = headers(&[("origin", "null"), ("host", "rotp.test")]);
        assert!(cross_site(&Method::POST, &opaque));
    }

    #[test]
    fn a_request_with_neither_header_is_not_a_browsers() {
        assert!(!cross_site(
            &Method::POST,
            &headers(&[("host", "rotp.test")])
        ));
    }

    #[test]
    fn oversized_bodies_are_refused_before_they_are_read() {
        let big = headers(&[("content-length", "65537")]);
        let users = Uri::from_static("/users");
        assert_eq!(
            refusal(&BY_HOST, &Method::POST, &users, &big),
            Some(Refusal::TooLarge)
        );
        let fine = headers(&[("content-length", "65536")]);
        assert_eq!(refusal(&BY_HOST, &Method::POST, &users, &fine), None);
    }

    #[test]
    fn in_production_origin_must_be_the_services_own() {
        let check = CrossSiteCheck {
            expected_origin: Some("https://support.rotp.test".into()),
        };
        let users = Uri::from_static("/users");
        let sent = |origin: &'static str, host: &'static str| {
            is_cross_site(
                &check,
                &Method::POST,
                &users,
                &headers(&[("origin", origin), ("host", host)]),
            )
        };
        // Behind a proxy that rewrites Host, the service's own pages still post.
        assert!(!sent("https://support.rotp.test", "10.0.0.7:8080"));
        // A page on the address the request was sent to is not the service's.
        assert!(sent("http://10.0.0.7:8080", "10.0.0.7:8080"));
        assert!(sent("http://support.rotp.test", "support.rotp.test"));
        assert!(sent("https://support.rotp.test:8443", "support.rotp.test"));
        assert!(sent("https://evil.example", "support.rotp.test"));
    }

    #[test]
    fn over_http2_the_authority_names_the_address() {
        let no_host = headers(&[("origin", "http://127.0.0.1:3000")]);
        let h2 = Uri::from_static("http://127.0.0.1:3000/users");
        assert!(!is_cross_site(&BY_HOST, &Method::POST, &h2, &no_host));
        let other = Uri::from_static("http://127.0.0.1:4000/users");
        assert!(is_cross_site(&BY_HOST, &Method::POST, &other, &no_host));
    }
}
