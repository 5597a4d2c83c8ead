//! The support users list.

pub const USERS_TITLE: &str = "Support users";
pub fn users_heading(count: u64) -> String {
    format!("Support users ({})", thousands(count))
}
pub const ADD_USER: &str = "Add user";
pub const COLUMN_NAME: &str = "Name";
pub const COLUMN_EMAIL: &str = "Email address";
pub const USERS_TABLE_CAPTION: &str = "Support users";
pub const COLUMN_LAST_SIGNED_IN: &str = "Last signed in";
pub const COLUMN_ACCOUNT_STATUS: &str = "Status";
/// The account status tags (and the CSV's "Status" cells).
pub const ACCOUNT_ACTIVE: &str = "Active";
pub const ACCOUNT_INACTIVE: &str = "Inactive";
/// The "Last signed in" of someone who never has.
pub const NEVER: &str = "Never";

pub const SEARCH_LABEL: &str = "Search by name or email address";
pub const SEARCH_BUTTON: &str = "Search";
pub const SHOW_LABEL: &str = "Show";
pub fn show_option(show: crate::list_query::Show) -> &'static str {
    use crate::list_query::Show;
    match show {
        Show::All => "All support users",
        Show::Never => "Never signed in",
        Show::Stale => "Not signed in for 90 days",
        Show::Inactive => "Inactive accounts",
    }
}
/// The line under the search form when it narrows the list.
pub fn users_found(count: u64) -> String {
    match count {
        0 => "No support users found".to_owned(),
        1 => "1 support user found".to_owned(),
        n => format!("{} support users found", thousands(n)),
    }
}
pub const CLEAR_SEARCH: &str = "Clear search";

pub const DOWNLOAD_CSV: &str = "Download as CSV";
pub const CSV_FILE_NAME: &str = "support-users.csv";
pub const CSV_HEADER: [&str; 6] = [
    "First name",
    "Last name",
    "Email address",
    "Status",
    "Last signed in",
    "Added on",
];

pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separates_groups_of_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(25_000), "25,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_count_line_says_how_many_were_found() {
        assert_eq!(users_found(0), "No support users found");
        assert_eq!(users_found(1), "1 support user found");
        assert_eq!(users_found(2), "2 support users found");
        assert_eq!(users_found(10_000), "10,000 support users found");
    }
}
