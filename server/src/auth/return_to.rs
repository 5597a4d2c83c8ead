//! The page to go back to after signing in. An anonymous visitor's request must write nothing
//! that grows (a flood of them would fill the database), so the path is kept in a short cookie
//! of its own, not in a session: at most [`MAX_RETURN_PATH`] bytes, longer means "the list".
//! It needs no signature: whatever the cookie says is checked again when it is used, and only
//! a same-site path is ever returned to.

use super::CookiePolicy;
use axum::http::{HeaderMap, HeaderValue, header};
use domain::paths;
use tower_sessions::cookie::{Cookie, SameSite, time::Duration};

/// The longest path returned to after signing in.
pub const MAX_RETURN_PATH: usize = 2048;
/// How long a sign-in may take for the path to be remembered.
const KEEP_FOR: Duration = Duration::hours(1);

/// A path on this site to go back to after signing in: only same-site absolute paths, never
/// another host (`//evil.example`, `/\evil.example`), never the sign-in pages themselves, and
/// never more than [`MAX_RETURN_PATH`] bytes. (The home page is the list, where signing in
/// lands anyway.)
pub fn safe_return_path(wanted: &str) -> Option<String> {
    let ok = wanted.starts_with('/')
        && wanted != "/"
        && wanted.len() <= MAX_RETURN_PATH
        && !wanted.starts_with("//")
        && !wanted.starts_with("/\\")
        && !wanted.chars().any(|c| c.is_control())
        && !wanted.starts_with(paths::SIGN_IN)
        && !wanted.starts_with(paths::SIGN_OUT);
    ok.then(|| wanted.to_owned())
}

/// The `Set-Cookie` that remembers `wanted`, or `None` when it is not worth returning to.
pub fn remember(cookies: CookiePolicy, wanted: &str) -> Option<HeaderValue> {
    let path = safe_return_path(wanted)?;
    let cookie = Cookie::build((cookies.return_to_name(), path))
        .path("/")
        .http_only(true)
        .secure(cookies.secure)
        .same_site(SameSite::Lax)
        .max_age(KEEP_FOR)
        .build();
    HeaderValue::from_str(&cookie.encoded().to_string()).ok()
}

/// The remembered path, if the request carries a safe one.
pub fn remembered(cookies: CookiePolicy, headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == cookies.return_to_name())
        .and_then(|cookie| safe_return_path(cookie.value()))
}

/// The `Set-Cookie` that forgets the path, once signing in has used it.
pub fn forget(cookies: CookiePolicy) -> HeaderValue {
    let cookie = Cookie::build((cookies.return_to_name(), ""))
        .path("/")
        .http_only(true)
        .secure(cookies.secure)
        .same_site(SameSite::Lax)
        .max_age(Duration::ZERO)
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("a plain cookie is a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_returned_to() {
        assert_eq!(
            safe_return_path("/users?page=2").as_deref(),
            Some("/users?page=2")
        );
        assert_eq!(safe_return_path("/users/3").as_deref(), Some("/users/3"));
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "users",
            "",
            "/sign-in",
            "/x\n",
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn long_paths_are_not_kept() {
        let longest = format!("/users?q={}", "a".repeat(MAX_RETURN_PATH - 9));
        assert_eq!(longest.len(), MAX_RETURN_PATH);
        assert!(safe_return_path(&longest).is_some());
        assert_eq!(safe_return_path(&format!("{longest}a")), None);
    }

    #[test]
    fn the_cookie_round_trips_and_is_checked_again() {
        for cookies in [
            CookiePolicy { secure: false },
            CookiePolicy { secure: true },
        ] {
            let set = remember(cookies, "/users?page=2&q=a b").unwrap();
            let set = set.to_str().unwrap();
            assert!(set.starts_with(cookies.return_to_name()));
            assert_eq!(set.contains("Secure"), cookies.secure);
            let pair = set.split(';').next().unwrap();
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, format!("other=1; {pair}").parse().unwrap());
            assert_eq!(
                remembered(cookies, &headers).as_deref(),
                Some("/users?page=2&q=a b")
            );
            let mut forged = HeaderMap::new();
            forged.insert(
                header::COOKIE,
                format!("{}=%2F%2Fevil.example", cookies.return_to_name())
                    .parse()
                    .unwrap(),
            );
            assert_eq!(remembered(cookies, &forged), None);
        }
    }
}
