use crate::content;
use serde::{Deserialize, Serialize};

/// The longest name we store, in characters (not bytes: any script is allowed).
pub const MAX_NAME_CHARS: usize = 255;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum NameError {
    #[error("missing")]
    Missing,
    #[error("too long")]
    TooLong,
    /// It holds a web address or an email address: GOV.UK Notify would make it a link in an
    /// official email.
    #[error("a web address or an email address")]
    WebAddress,
}

/// Control characters (a pasted tab, NUL, a line break, …) and Unicode's line and paragraph
/// separators are dropped and the rest trimmed: what is left is what a person meant to type,
/// on one line (so no name starts a line of an email). PostgreSQL would refuse a NUL byte
/// outright.
fn normalise(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}'))
        .collect::<String>()
        .trim()
        .to_owned()
}

fn parse_name(raw: &str) -> Result<String, NameError> {
    let name = normalise(raw);
    if name.is_empty() {
        Err(NameError::Missing)
    } else if name.chars().count() > MAX_NAME_CHARS {
        Err(NameError::TooLong)
    } else if looks_like_an_address(&name) {
        Err(NameError::WebAddress)
    } else {
        Ok(name)
    }
}

/// What GOV.UK Notify would turn into a link: a scheme (`https://`), `www.`, or an `@`.
fn looks_like_an_address(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains("://") || lower.contains("www.") || lower.contains('@')
}

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident, $missing:expr, $too_long:expr, $web_address:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, NameError> {
                parse_name(raw).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }

            /// The message SPEC §3 shows for this field's error.
            pub fn message(error: NameError) -> &'static str {
                match error {
                    NameError::Missing => $missing,
                    NameError::TooLong => $too_long,
                    NameError::WebAddress => $web_address,
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Deserialising goes through `parse`, so no invalid value can arrive from the wire.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

name_type!(
    /// A support user's first name: trimmed, present, at most 255 characters.
    FirstName,
    content::ENTER_FIRST_NAME,
    content::FIRST_NAME_TOO_LONG,
    content::FIRST_NAME_WEB_ADDRESS
);
name_type!(
    /// A support user's last name: trimmed, present, at most 255 characters.
    LastName,
    content::ENTER_LAST_NAME,
    content::LAST_NAME_TOO_LONG,
    content::LAST_NAME_WEB_ADDRESS
);

/// A person's full name as every page, email and history entry shows it: "Ada Lovelace".
pub fn full_name(first_name: &str, last_name: &str) -> String {
    format!("{first_name} {last_name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed() {
        assert_eq!(FirstName::parse("  Ada \t").unwrap().as_str(), "Ada");
        assert_eq!(
            LastName::parse("\u{a0}Lovelace\n").unwrap().as_str(),
            "Lovelace"
        );
    }

    #[test]
    fn blank_names_are_missing() {
        for raw in ["", " ", "\t\n", "\u{a0}\u{2003}", "\u{0}"] {
            assert_eq!(FirstName::parse(raw), Err(NameError::Missing), "{raw:?}");
        }
    }

    #[test]
    fn any_script_is_allowed() {
        for raw in [
            "Zoë",
            "Siân",
            "Łukasz",
            "Дмитрий",
            "محمد",
            "李",
            "O'Brien",
            "Smith-Jones",
        ] {
            assert_eq!(FirstName::parse(raw).unwrap().as_str(), raw);
        }
    }

    #[test]
    fn a_web_or_email_address_is_refused() {
        for raw in [
            "https://evil.example",
            "Ada HTTP://x",
            "www.evil.example",
            "WWW.Evil",
            "ada@evil.example",
            "@",
            "ftp://x",
        ] {
            assert_eq!(FirstName::parse(raw), Err(NameError::WebAddress), "{raw:?}");
            assert_eq!(LastName::parse(raw), Err(NameError::WebAddress), "{raw:?}");
        }
        assert_eq!(
            FirstName::message(NameError::WebAddress),
            "First name must not include a web address or email address"
        );
        assert_eq!(
            LastName::message(NameError::WebAddress),
            "Last name must not include a web address or email address"
        );
        // Dots, slashes and colons on their own are names' business.
        for raw in ["St. John", "A/B", "Ada: Countess", "Mr. www", "Jean-Luc"] {
            assert!(FirstName::parse(raw).is_ok(), "{raw:?}");
        }
    }

    #[test]
    fn unicode_line_separators_are_line_breaks_and_dropped() {
        assert_eq!(
            FirstName::parse("Ada\u{2028}# Heading\u{2029}")
                .unwrap()
                .as_str(),
            "Ada# Heading"
        );
        assert_eq!(LastName::parse("\u{2028}\u{2029}"), Err(NameError::Missing));
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(FirstName::parse("A\u{0}da\u{7}").unwrap().as_str(), "Ada");
    }

    #[test]
    fn length_is_counted_in_characters() {
        let max = "é".repeat(MAX_NAME_CHARS); // 510 bytes, 255 characters
        assert!(LastName::parse(&max).is_ok());
        let over = "a".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(LastName::parse(&over), Err(NameError::TooLong));
        // Surrounding spaces do not count against the limit.
        assert!(LastName::parse(&format!("  {max}  ")).is_ok());
    }

    #[test]
    fn messages_name_their_field() {
        assert_eq!(FirstName::message(NameError::Missing), "Enter first name");
        assert_eq!(LastName::message(NameError::Missing), "Enter last name");
        assert_eq!(
            FirstName::message(NameError::TooLong),
            "First name must be 255 characters or fewer"
        );
        assert_eq!(
            LastName::message(NameError::TooLong),
            "Last name must be 255 characters or fewer"
        );
    }

    #[test]
    fn deserialising_parses() {
        let ok: FirstName = serde_json::from_str("\" Ada \"").unwrap();
        assert_eq!(ok.as_str(), "Ada");
        assert!(serde_json::from_str::<FirstName>("\"  \"").is_err());
    }
}
