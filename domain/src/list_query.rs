//! What the support users list is narrowed to (SPEC §7): `?q=` (search by name or email
//! address) and `?show=` (a sign-in or account status filter). Parsed once, here; the page, its pagination, the
//! CSV download and the server's query all take a [`ListQuery`].

use serde::{Deserialize, Serialize};

/// The longest search kept; longer ones are cut to this many characters.
pub const MAX_SEARCH_CHARS: usize = 255;
/// "Not signed in for 90 days".
pub const STALE_AFTER_DAYS: i64 = 90;

/// Which users the sign-in filter keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Show {
    #[default]
    All,
    /// Never signed in.
    Never,
    /// Signed in before, but not in the last [`STALE_AFTER_DAYS`] days.
    Stale,
    /// Inactive accounts (deactivated, not deleted).
    Inactive,
}

impl Show {
    pub const ALL: [Show; 4] = [Show::All, Show::Never, Show::Stale, Show::Inactive];

    /// The value in the address, as the select sends it.
    pub fn value(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::Never => "never",
            Show::Stale => "stale",
            Show::Inactive => "inactive",
        }
    }

    pub fn parse(raw: &str) -> Option<Show> {
        Show::ALL.into_iter().find(|show| show.value() == raw)
    }
}

/// A search: control characters (a NUL, a tab, a line break) dropped, trimmed, not empty, at
/// most [`MAX_SEARCH_CHARS`] characters. No name or address holds a control character, and
/// PostgreSQL refuses a NUL in text outright.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SearchText(String);

impl SearchText {
    /// `None` for a search that matches everyone (empty, or only spaces).
    pub fn parse(raw: &str) -> Option<SearchText> {
        let kept: String = raw.chars().filter(|c| !c.is_control()).collect();
        let trimmed = kept.trim();
        if trimmed.is_empty() {
            return None;
        }
        let cut: String = trimmed.chars().take(MAX_SEARCH_CHARS).collect();
        // Cutting can leave spaces at the end, which the search ignores too.
        Some(SearchText(cut.trim_end().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for SearchText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        SearchText::parse(&raw).ok_or_else(|| serde::de::Error::custom("an empty search"))
    }
}

/// The list as it is narrowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ListQuery {
    pub search: Option<SearchText>,
    pub show: Show,
}

/// `?show=` with a value no form of ours sends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown filter {0:?}")]
pub struct UnknownShow(pub String);

impl ListQuery {
    /// From the address's `q` and `show`: absent or empty means "everyone".
    pub fn parse(q: Option<&str>, show: Option<&str>) -> Result<ListQuery, UnknownShow> {
        let show = match show.map(str::trim) {
            None | Some("") => Show::All,
            Some(raw) => Show::parse(raw).ok_or_else(|| UnknownShow(raw.to_owned()))?,
        };
        Ok(ListQuery {
            search: q.and_then(SearchText::parse),
            show,
        })
    }

    /// Whether the list shows fewer than every active user.
    pub fn narrows(&self) -> bool {
        self.search.is_some() || self.show != Show::All
    }

    /// The query string's pairs, without the page: only what narrows.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = Vec::new();
        if let Some(search) = &self.search {
            pairs.push(("q", search.as_str()));
        }
        if self.show != Show::All {
            pairs.push(("show", self.show.value()));
        }
        pairs
    }
}

/// `application/x-www-form-urlencoded`, as a browser's GET form writes it.
pub fn form_urlencode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(&mut out, key);
        out.push('=');
        encode_into(&mut out, value);
    }
    out
}

fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped_from_a_search() {
        assert_eq!(
            SearchText::parse("a\u{0}da\t\n").map(|s| s.0),
            Some("ada".to_owned())
        );
        assert_eq!(SearchText::parse("\u{0}\u{7f}\u{1b}"), None);
    }

    #[test]
    fn a_search_is_trimmed_and_cut_to_255_characters() {
        assert_eq!(SearchText::parse("   "), None);
        assert_eq!(SearchText::parse(" Ada ").unwrap().as_str(), "Ada");
        let long = "é".repeat(300);
        assert_eq!(
            SearchText::parse(&long).unwrap().as_str().chars().count(),
            MAX_SEARCH_CHARS
        );
        let exactly = "a".repeat(MAX_SEARCH_CHARS);
        assert_eq!(SearchText::parse(&exactly).unwrap().as_str(), exactly);
    }

    #[test]
    fn show_takes_only_its_four_values() {
        assert_eq!(ListQuery::parse(None, None).unwrap(), ListQuery::default());
        assert_eq!(ListQuery::parse(None, Some("")).unwrap().show, Show::All);
        assert_eq!(
            ListQuery::parse(None, Some("never")).unwrap().show,
            Show::Never
        );
        assert_eq!(
            ListQuery::parse(None, Some("stale")).unwrap().show,
            Show::Stale
        );
        assert_eq!(
            ListQuery::parse(None, Some("inactive")).unwrap().show,
            Show::Inactive
        );
        assert!(ListQuery::parse(None, Some("everyone")).is_err());
    }

    #[test]
    fn only_what_narrows_goes_in_the_address() {
        let all = ListQuery::parse(Some(" "), Some("all")).unwrap();
        assert!(!all.narrows());
        assert!(all.pairs().is_empty());
        let narrowed = ListQuery::parse(Some("Ada Love & co"), Some("never")).unwrap();
        assert_eq!(
            form_urlencode(&narrowed.pairs()),
            "q=Ada+Love+%26+co&show=never"
        );
    }
}
