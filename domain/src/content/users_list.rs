//! The support users list.

pub const USERS_TITLE: &str = "Support users";
pub fn users_heading(count: u64) -> String {
    format!("Support users ({})", thousands(count))
}
pub const ADD_USER: &str = "Add user";
pub const COLUMN_NAME: &str = "Name";
pub const COLUMN_EMAIL: &str = "Email address";
pub const USERS_TABLE_CAPTION: &str = "Support users";

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
}
