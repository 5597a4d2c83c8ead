//! Text on every page: the header, navigation, footer and `<title>`.

pub const SERVICE_NAME: &str = "Register of training providers";
pub const SKIP_LINK: &str = "Skip to main content";
pub const NAV_SUPPORT_USERS: &str = "Support users";
pub const SIGN_OUT: &str = "Sign out";
pub const MENU: &str = "Menu";
pub const NAV_LABEL: &str = "Menu";
pub const SERVICE_NAV_LABEL: &str = "Service information";
pub const FOOTER_LICENCE_PREFIX: &str = "All content is available under the";
pub const FOOTER_LICENCE_LINK: &str = "Open Government Licence v3.0";
pub const FOOTER_LICENCE_SUFFIX: &str = ", except where otherwise stated";
pub const FOOTER_COPYRIGHT: &str = "© Crown copyright";

/// `<title>` of every page: "<page> - Register of training providers - GOV.UK",
/// with "Error: " in front when the page shows validation errors.
pub fn page_title(page: &str, has_errors: bool) -> String {
    let prefix = if has_errors { "Error: " } else { "" };
    format!("{prefix}{page} - {SERVICE_NAME} - GOV.UK")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_carry_the_service_name_and_error_prefix() {
        assert_eq!(
            page_title("Support users", false),
            "Support users - Register of training providers - GOV.UK"
        );
        assert_eq!(
            page_title("Add support user - personal details", true),
            "Error: Add support user - personal details - Register of training providers - GOV.UK"
        );
    }
}
