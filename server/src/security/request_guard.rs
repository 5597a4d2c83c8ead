//! Refuses requests the service must not act on, before anything else sees them:
//!
//! - cross-site requests that could change something (cross-site request forgery), on top of
//!   the `SameSite=Lax` session cookie. The rule is Go 1.25's `CrossOriginProtection`: safe
//!   methods pass; otherwise the browser's `Sec-Fetch-Site` must say `same-origin` (or `none`,
//!   a person's own navigation); a browser too old to send it is judged by `Origin` against the
//!   `Host`; a request with neither header is not from a browser, so cannot be forged by one.
//!   (The crates on offer either skip the `Origin` fallback or answer with an empty 403.)
//! - bodies over [`MAX_BODY_BYTES`]: every form here is a few hundred bytes.
//!
//! A refused request is answered with the GOV.UK error page for it: the request is re-routed
//! to the app's `/problem/...` page, which sets the status.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, Method, header};

/// The largest request body accepted. A form post here is well under 2 KB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Why a request was refused; each has its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    CrossSite,
    TooLarge,
}

impl Refusal {
    pub fn page(self) -> &'static str {
        match self {
            Refusal::CrossSite => "/problem/cross-site",
            Refusal::TooLarge => "/problem/too-large",
        }
    }
}

pub async fn guard_requests(request: Request, next: Next) -> Response {
    match refusal(request.method(), request.headers()) {
        None => next.run(request).await,
        Some(refusal) => {
            tracing::warn!(
                method = %request.method(),
                path = request.uri().path(),
                origin = ?request.headers().get(header::ORIGIN),
                sec_fetch_site = ?request.headers().get("sec-fetch-site"),
                ?refusal,
                "request refused"
            );
            next.run(problem_page(request, refusal)).await
        }
    }
}

pub fn refusal(method: &Method, headers: &HeaderMap) -> Option<Refusal> {
    if is_cross_site(method, headers) {
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
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        // Neither header: not a browser (browsers send Origin on every cross-origin POST).
        return false;
    };
    let host = headers.get(header::HOST).map(|h| h.as_bytes());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, host)| host.as_bytes());
    origin_host.is_none() || origin_host != host
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
            assert!(!is_cross_site(&method, &from_elsewhere));
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
            assert_eq!(is_cross_site(&Method::POST, &h), cross, "{site}");
        }
        // It wins over an Origin that looks right.
        let h = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://rotp.test"),
            ("host", "rotp.test"),
        ]);
        assert!(is_cross_site(&Method::POST, &h));
    }

    #[test]
    fn without_fetch_metadata_origin_must_match_host() {
        let same = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!is_cross_site(&Method::POST, &same));
        let other_port = headers(&[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(is_cross_site(&Method::POST, &other_port));
        let evil = headers(&[("origin", "https://evil.example"), ("host", "rotp.test")]);
        assert!(is_cross_site(&Method::DELETE, &evil));
        let opaque = headers(&[("origin", "null"), ("host", "rotp.test")]);
        assert!(is_cross_site(&Method::POST, &opaque));
    }

    #[test]
    fn a_request_with_neither_header_is_not_a_browsers() {
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("host", "rotp.test")])
        ));
    }

    #[test]
    fn oversized_bodies_are_refused_before_they_are_read() {
        let big = headers(&[("content-length", "65537")]);
        assert_eq!(refusal(&Method::POST, &big), Some(Refusal::TooLarge));
        let fine = headers(&[("content-length", "65536")]);
        assert_eq!(refusal(&Method::POST, &fine), None);
    }
}
