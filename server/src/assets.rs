//! The built site's static files. Each is sent precompressed when the build wrote a `.br` or
//! `.gz` beside it and the browser accepts that encoding (`bin/precompress`), so nothing
//! static is compressed per request. A file whose name carries a hash of its content can be
//! kept by browsers for a year without asking again; any other is revalidated (ETag and
//! Last-Modified make that a 304).

use crate::config::PkgHashes;
use axum::Router;
use http::HeaderValue;
use http::header::{CACHE_CONTROL, VARY};
use std::path::{Path, PathBuf};
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

/// For content-hashed names: a new build has new names, so an old one never changes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For names without a hash: keep, but ask whether it changed before each use.
pub const REVALIDATE: &str = "no-cache";

/// The file's lifetime, and that its encoding depends on `Accept-Encoding` (so a shared cache
/// never hands a brotli copy to a browser that did not ask for one).
fn cached<S>(
    lifetime: &'static str,
    service: S,
) -> SetResponseHeader<SetResponseHeader<S, HeaderValue>, HeaderValue> {
    let vary = SetResponseHeaderLayer::appending(VARY, HeaderValue::from_static("accept-encoding"));
    let cache =
        SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static(lifetime));
    vary.layer(cache.layer(service))
}

fn dir(path: PathBuf) -> ServeDir {
    ServeDir::new(path).precompressed_br().precompressed_gzip()
}

/// The routes of the site's static files under `site_root`.
pub fn routes<S: Clone + Send + Sync + 'static>(
    site_root: &Path,
    pkg_dir: &str,
    hashes: &PkgHashes,
) -> Router<S> {
    let pkg_lifetime = if hashes.hashed() {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    Router::new()
        .nest_service(
            &format!("/{pkg_dir}"),
            cached(pkg_lifetime, dir(site_root.join(pkg_dir))),
        )
        // GOV.UK Frontend names its fonts by their content's hash (bold-b542beb274-v2.woff2).
        .nest_service(
            "/assets/fonts",
            cached(IMMUTABLE, dir(site_root.join("assets/fonts"))),
        )
        .nest_service("/assets", cached(REVALIDATE, dir(site_root.join("assets"))))
        .route_service(
            "/govuk-frontend.min.js",
            cached(
                REVALIDATE,
                ServeFile::new(site_root.join("govuk-frontend.min.js"))
                    .precompressed_br()
                    .precompressed_gzip(),
            ),
        )
}

#[cfg(test)]
mod tests {
    use super::PkgHashes;

    #[test]
    fn the_stylesheet_is_named_by_its_hash_when_there_is_one() {
        let hashes = PkgHashes::parse("js: aaa\nwasm: bbb\ncss: tVYgJkRpj-bI2r\n");
        assert!(hashes.hashed());
        assert_eq!(
            hashes.stylesheet("pkg", "rotp"),
            "/pkg/rotp.tVYgJkRpj-bI2r.css"
        );
        let none = PkgHashes::default();
        assert!(!none.hashed());
        assert_eq!(none.stylesheet("pkg", "rotp"), "/pkg/rotp.css");
    }
}
