//! Light pages: compressed as the browser accepts, static files sent as the build compressed
//! them and cached by whether their names carry a hash, pages never stored, and WebAssembly
//! only where an island is.

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, VARY};
use server::config::PkgHashes;

impl TestApp {
    /// GET with this `Accept-Encoding` (or none); the client decodes nothing itself.
    async fn get_encoded(&self, path: &str, encoding: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .get(self.url(path))
            .header(ACCEPT, "text/html,*/*");
        if let Some(encoding) = encoding {
            request = request.header(ACCEPT_ENCODING, encoding);
        }
        request.send().await.expect("request")
    }

    /// Puts a file into the built site, with the copies the build compresses it into.
    fn put_site_file(&self, path: &str, body: &[u8]) {
        let file = self.site_root().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, body).unwrap();
        std::fs::write(format!("{}.br", file.display()), b"brotli copy").unwrap();
        std::fs::write(format!("{}.gz", file.display()), b"gzip copy").unwrap();
    }
}

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn pages_are_compressed_as_the_browser_accepts() {
    let app = spawn_app().await;
    let plain = app.get_encoded("/sign-in", None).await;
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(header(&plain, CONTENT_ENCODING), None);
    let plain = plain.bytes().await.unwrap();
    assert!(plain.starts_with(b"<!DOCTYPE html>"));

    let br = app.get_encoded("/sign-in", Some("br, gzip")).await;
    assert_eq!(header(&br, CONTENT_ENCODING).as_deref(), Some("br"));
    assert!(
        header(&br, VARY)
            .unwrap()
            .to_lowercase()
            .contains("accept-encoding")
    );
    let br = br.bytes().await.unwrap();
    assert!(
        br.len() * 2 < plain.len(),
        "{} of {}",
        br.len(),
        plain.len()
    );

    let gzip = app.get_encoded("/sign-in", Some("gzip")).await;
    assert_eq!(header(&gzip, CONTENT_ENCODING).as_deref(), Some("gzip"));
    assert!(gzip.bytes().await.unwrap().starts_with(&[0x1f, 0x8b]));
}

#[tokio::test]
async fn pages_are_never_stored() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    app.sign_in_as(anne.id).await;
    for path in ["/sign-in", "/users", &format!("/users/{}", anne.id)] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&response, CACHE_CONTROL).as_deref(),
            Some("no-store"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn static_files_go_as_the_build_compressed_them() {
    let app = spawn_app().await;
    app.put_site_file("govuk-frontend.min.js", b"export function initAll() {}");
    let path = "/govuk-frontend.min.js";

    let br = app.get_encoded(path, Some("gzip, deflate, br")).await;
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(header(&br, CONTENT_ENCODING).as_deref(), Some("br"));
    assert_eq!(header(&br, VARY).as_deref(), Some("accept-encoding"));
    assert_eq!(&br.bytes().await.unwrap()[..], b"brotli copy");
    let gzip = app.get_encoded(path, Some("gzip")).await;
    assert_eq!(header(&gzip, CONTENT_ENCODING).as_deref(), Some("gzip"));
    assert_eq!(&gzip.bytes().await.unwrap()[..], b"gzip copy");
    let plain = app.get_encoded(path, None).await;
    assert_eq!(header(&plain, CONTENT_ENCODING), None);
    assert_eq!(
        &plain.bytes().await.unwrap()[..],
        b"export function initAll() {}"
    );
}

#[tokio::test]
async fn hashed_names_are_cached_for_a_year_and_the_rest_revalidated() {
    let app = spawn_app_with(|s| s.pkg_hashes = PkgHashes::parse("css: AbC123\n")).await;
    app.put_site_file("pkg/rotp.AbC123.css", b"body {}");
    app.put_site_file("assets/fonts/bold-b542beb274-v2.woff2", b"font");
    app.put_site_file("assets/images/favicon.svg", b"<svg/>");
    app.put_site_file("govuk-frontend.min.js", b"export {}");

    let immutable = "public, max-age=31536000, immutable";
    for (path, lifetime) in [
        ("/pkg/rotp.AbC123.css", immutable),
        ("/assets/fonts/bold-b542beb274-v2.woff2", immutable),
        ("/assets/images/favicon.svg", "no-cache"),
        ("/govuk-frontend.min.js", "no-cache"),
    ] {
        let response = app.get_encoded(path, Some("br")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&response, CACHE_CONTROL).as_deref(),
            Some(lifetime),
            "{path}"
        );
    }
    // Pages name the stylesheet by its hash.
    let page = app.page("/sign-in").await;
    assert_eq!(
        page.attrs("link[rel='stylesheet']", "href"),
        vec!["/pkg/rotp.AbC123.css"]
    );
}

#[tokio::test]
async fn unhashed_names_are_revalidated() {
    let app = spawn_app().await;
    app.put_site_file("pkg/rotp.css", b"body {}");
    let response = app.get_encoded("/pkg/rotp.css", None).await;
    assert_eq!(
        header(&response, CACHE_CONTROL).as_deref(),
        Some("no-cache")
    );
    let page = app.page("/sign-in").await;
    assert_eq!(
        page.attrs("link[rel='stylesheet']", "href"),
        vec!["/pkg/rotp.css"]
    );
}

#[tokio::test]
async fn only_pages_with_an_island_load_webassembly() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    app.sign_in_as(anne.id).await;
    let wasm = |html: &str| html.contains(".wasm") || html.contains("modulepreload");
    for path in [
        "/users".to_owned(),
        format!("/users/{}", ben.id),
        format!("/users/{}/delete", ben.id),
        "/sign-in".to_owned(),
    ] {
        let html = app.get(&path).await.text().await.unwrap();
        assert!(!wasm(&html), "{path} loads WebAssembly");
    }
    for path in ["/users/new".to_owned(), format!("/users/{}/edit", ben.id)] {
        let html = app.get(&path).await.text().await.unwrap();
        assert!(html.contains("<leptos-island"), "{path} has no island");
        assert!(wasm(&html), "{path} does not load its island's WebAssembly");
        // `crossorigin` has a valid value (Leptos writes the CSP nonce there).
        let page = scraper::Html::parse_document(&html);
        let selector = scraper::Selector::parse("[crossorigin]").unwrap();
        let values: Vec<_> = page
            .select(&selector)
            .map(|e| e.value().attr("crossorigin").unwrap().to_owned())
            .collect();
        assert!(!values.is_empty(), "{path}");
        assert!(
            values
                .iter()
                .all(|v| v == "anonymous" || v == "use-credentials"),
            "{path}: crossorigin={values:?}"
        );
    }
}

#[tokio::test]
async fn pages_carry_their_data_once_and_end_where_html_ends() {
    let app = spawn_app().await;
    let anne = app
        .add_user("Anne", "Wilson", "anne.wilson@education.gov.uk")
        .await;
    let ben = app.add_user("Ben", "Carter", "ben@education.gov.uk").await;
    app.sign_in_as(anne.id).await;
    let without_islands = [
        "/users".to_owned(),
        format!("/users/{}", ben.id),
        format!("/users/{}/delete", ben.id),
        "/account".to_owned(),
        "/users/999999".to_owned(),
    ];
    let with_islands = ["/users/new".to_owned(), format!("/users/{}/edit", ben.id)];
    for path in without_islands.iter().chain(&with_islands) {
        let html = app.get(path).await.text().await.unwrap();
        // Nothing after the document, where only a fatal parse error can be.
        assert!(html.ends_with("</html>"), "{path} goes on after </html>");
        // Leptos's empty places are valid empty comments, not bogus ones.
        assert!(!html.contains("<!>"), "{path} has a bogus comment");
        let serialized = html.contains("__RESOLVED_RESOURCES");
        if with_islands.contains(path) {
            // An island gets its data as its props; the hydration scripts carry none.
            assert!(html.contains("__RESOLVED_RESOURCES=[];"), "{path}");
            assert!(html.contains("__PENDING_RESOURCES=[];"), "{path}");
            assert!(!html.contains("__RESOLVED_RESOURCES["), "{path}");
        } else {
            assert!(!serialized, "{path} has hydration scripts but no island");
            // Ben's address is on a page once, never again in serialized data.
            assert!(
                html.matches("ben@education.gov.uk").count() <= 1,
                "{path} repeats Ben's address"
            );
        }
    }
    let list = app.get("/users").await.text().await.unwrap();
    assert_eq!(list.matches("ben@education.gov.uk").count(), 1);
}
