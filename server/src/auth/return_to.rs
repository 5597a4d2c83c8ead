/// A path on this site to go back to after signing in: only same-site absolute paths, never
/// another host (`//evil.example`, `/\evil.example`) and never the sign-in pages themselves.
pub fn safe_return_path(wanted: &str) -> Option<String> {
    let ok = wanted.starts_with('/')
        && !wanted.starts_with("//")
        && !wanted.starts_with("/\\")
        && !wanted.chars().any(|c| c.is_control())
        && !wanted.starts_with("/sign-in")
        && !wanted.starts_with("/sign-out");
    ok.then(|| wanted.to_owned())
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

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
}
