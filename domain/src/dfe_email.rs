use crate::content;
use serde::{Deserialize, Serialize};

/// GOV.UK Notify refuses longer addresses.
pub const MAX_EMAIL_CHARS: usize = 320;
const DFE_DOMAIN: &str = "education.gov.uk";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum EmailError {
    #[error("missing")]
    Missing,
    /// Not an address by Notify's rules, or not a DfE address: one message covers both.
    #[error("invalid")]
    Invalid,
}

impl EmailError {
    pub fn message(self) -> &'static str {
        match self {
            EmailError::Missing => content::ENTER_EMAIL,
            EmailError::Invalid => content::EMAIL_INVALID,
        }
    }
}

/// A Department for Education email address: whitespace removed, lower case, valid by GOV.UK
/// Notify's rules (so Notify never refuses an address we accepted), and on `education.gov.uk`
/// or one of its subdomains.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DfeEmail(String);

impl DfeEmail {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let email = normalise(raw);
        if email.is_empty() {
            return Err(EmailError::Missing);
        }
        if email.chars().count() > MAX_EMAIL_CHARS {
            return Err(EmailError::Invalid);
        }
        let (local, domain) = email.split_once('@').ok_or(EmailError::Invalid)?;
        if !is_valid_local_part(local) || !is_valid_domain(domain) || !is_dfe_domain(domain) {
            return Err(EmailError::Invalid);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl AsRef<str> for DfeEmail {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DfeEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DfeEmail {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// Every kind of white space goes, including the invisible ones that come with a copy and paste
/// (zero-width spaces and joiners, the byte order mark), then the address is lower-cased.
fn normalise(raw: &str) -> String {
    const INVISIBLE: [char; 6] = [
        '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{180e}',
    ];
    raw.chars()
        .filter(|c| !c.is_whitespace() && !INVISIBLE.contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Notify's local part: its character set, no two dots together. We are stricter in one way:
/// no dot at either end (mail servers refuse those, even where Notify lets them through).
fn is_valid_local_part(local: &str) -> bool {
    const SPECIALS: &str = ".!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
        && !local.contains("..")
        && !local.starts_with('.')
        && !local.ends_with('.')
}

/// Notify's host name rules: at least two labels, at most 253 characters; each label 1–63
/// letters or digits, with single or double hyphens only between them; a top-level domain of
/// letters (or punycode). Non-ASCII host names are refused: no DfE domain needs them.
fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| is_valid_label(label))
        && labels.last().is_some_and(|tld| is_valid_tld(tld))
}

fn is_valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-')
        && !label.contains("---")
}

fn is_valid_tld(tld: &str) -> bool {
    let letters = (2..=63).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic());
    letters || (tld.starts_with("xn--") && tld.len() > 4)
}

/// `education.gov.uk` itself or a subdomain of it, on a label boundary: `x.education.gov.uk`
/// passes, `badeducation.gov.uk` and `education.gov.uk.evil.com` do not.
fn is_dfe_domain(domain: &str) -> bool {
    domain == DFE_DOMAIN
        || domain
            .strip_suffix(DFE_DOMAIN)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected normalised address or the error).
    const CASES: &[(&str, Result<&str, EmailError>)] = &[
        // valid
        ("name@education.gov.uk", Ok("name@education.gov.uk")),
        (
            "first.last@education.gov.uk",
            Ok("first.last@education.gov.uk"),
        ),
        (
            "first.last@digital.education.gov.uk",
            Ok("first.last@digital.education.gov.uk"),
        ),
        ("x@a.b.education.gov.uk", Ok("x@a.b.education.gov.uk")),
        (
            "a@x.badeducation.education.gov.uk",
            Ok("a@x.badeducation.education.gov.uk"),
        ),
        ("name+tag@education.gov.uk", Ok("name+tag@education.gov.uk")),
        ("o'brien@education.gov.uk", Ok("o'brien@education.gov.uk")),
        ("a_b-c@education.gov.uk", Ok("a_b-c@education.gov.uk")),
        ("1234@education.gov.uk", Ok("1234@education.gov.uk")),
        (
            "name@sub-domain.education.gov.uk",
            Ok("name@sub-domain.education.gov.uk"),
        ),
        (
            "name@xn--bcher-kva.education.gov.uk",
            Ok("name@xn--bcher-kva.education.gov.uk"),
        ),
        (
            "!#$%&'*+/=?^_`{|}~-@education.gov.uk",
            Ok("!#$%&'*+/=?^_`{|}~-@education.gov.uk"),
        ),
        // upper case and white space are normalised
        ("Name@Education.GOV.UK", Ok("name@education.gov.uk")),
        (
            "FIRST.LAST@EDUCATION.GOV.UK",
            Ok("first.last@education.gov.uk"),
        ),
        ("  name@education.gov.uk  ", Ok("name@education.gov.uk")),
        ("na me@education .gov.uk", Ok("name@education.gov.uk")),
        ("\tname@education.gov.uk\n", Ok("name@education.gov.uk")),
        ("name@education.gov.uk\u{200b}", Ok("name@education.gov.uk")),
        (
            "\u{feff}name@educa\u{a0}tion.gov.uk",
            Ok("name@education.gov.uk"),
        ),
        // missing
        ("", Err(EmailError::Missing)),
        ("   ", Err(EmailError::Missing)),
        ("\u{200b}\u{a0}", Err(EmailError::Missing)),
        // not DfE, including look-alikes
        ("name@gmail.com", Err(EmailError::Invalid)),
        ("name@gov.uk", Err(EmailError::Invalid)),
        ("name@badeducation.gov.uk", Err(EmailError::Invalid)),
        ("name@education.gov.uk.evil.com", Err(EmailError::Invalid)),
        ("name@educationXgov.uk", Err(EmailError::Invalid)),
        ("name@education-gov.uk", Err(EmailError::Invalid)),
        ("name@education.gov.uk.", Err(EmailError::Invalid)),
        ("name@.education.gov.uk", Err(EmailError::Invalid)),
        ("name@education.gov.ukk", Err(EmailError::Invalid)),
        ("name@xeducation.gov.uk", Err(EmailError::Invalid)),
        ("name@education.gov", Err(EmailError::Invalid)),
        ("education.gov.uk", Err(EmailError::Invalid)),
        // not an address by Notify's rules
        ("name", Err(EmailError::Invalid)),
        ("@education.gov.uk", Err(EmailError::Invalid)),
        ("name@", Err(EmailError::Invalid)),
        ("name@@education.gov.uk", Err(EmailError::Invalid)),
        ("a@b@education.gov.uk", Err(EmailError::Invalid)),
        ("first..last@education.gov.uk", Err(EmailError::Invalid)),
        (".name@education.gov.uk", Err(EmailError::Invalid)),
        ("name.@education.gov.uk", Err(EmailError::Invalid)),
        ("name@sub..education.gov.uk", Err(EmailError::Invalid)),
        ("name@-sub.education.gov.uk", Err(EmailError::Invalid)),
        ("name@sub-.education.gov.uk", Err(EmailError::Invalid)),
        ("name@a---b.education.gov.uk", Err(EmailError::Invalid)),
        ("name@sub_domain.education.gov.uk", Err(EmailError::Invalid)),
        ("\"name\"@education.gov.uk", Err(EmailError::Invalid)),
        ("name;x@education.gov.uk", Err(EmailError::Invalid)),
        ("name(comment)@education.gov.uk", Err(EmailError::Invalid)),
        ("name,x@education.gov.uk", Err(EmailError::Invalid)),
        ("<name@education.gov.uk>", Err(EmailError::Invalid)),
        ("Name <name@education.gov.uk>", Err(EmailError::Invalid)),
        // unicode: refused in the local part and in the host name
        ("zoë@education.gov.uk", Err(EmailError::Invalid)),
        ("name@bücher.education.gov.uk", Err(EmailError::Invalid)),
        ("имя@education.gov.uk", Err(EmailError::Invalid)),
        ("name@education.gov.uk\u{0}", Err(EmailError::Invalid)),
    ];

    #[test]
    fn email_cases() {
        assert!(CASES.len() >= 40);
        for (raw, expected) in CASES {
            let got = DfeEmail::parse(raw);
            let got = got.as_ref().map(DfeEmail::as_str).map_err(|e| *e);
            assert_eq!(got, *expected, "input {raw:?}");
        }
    }

    #[test]
    fn length_limit_is_320_characters() {
        let domain = "@education.gov.uk";
        // Labels of at most 63 characters, so only the overall limit is in play.
        let local_for = |total: usize| {
            let n = total - domain.len();
            let mut local = String::new();
            while local.len() < n {
                if !local.is_empty() {
                    local.push('.');
                }
                let take = (n - local.len()).min(60);
                local.push_str(&"a".repeat(take));
            }
            local
        };
        let at_limit = format!("{}{domain}", local_for(MAX_EMAIL_CHARS));
        assert_eq!(at_limit.len(), MAX_EMAIL_CHARS);
        assert!(DfeEmail::parse(&at_limit).is_ok());
        let over = format!("{}{domain}", local_for(MAX_EMAIL_CHARS + 1));
        assert_eq!(DfeEmail::parse(&over), Err(EmailError::Invalid));
    }

    #[test]
    fn messages_are_the_spec_texts() {
        assert_eq!(EmailError::Missing.message(), "Enter email address");
        assert_eq!(
            EmailError::Invalid.message(),
            "Enter a Department for Education email address in the correct format, like name@education.gov.uk"
        );
    }

    #[test]
    fn deserialising_parses() {
        let ok: DfeEmail = serde_json::from_str("\" A@Education.gov.uk \"").unwrap();
        assert_eq!(ok.as_str(), "a@education.gov.uk");
        assert!(serde_json::from_str::<DfeEmail>("\"a@evil.com\"").is_err());
    }
}
