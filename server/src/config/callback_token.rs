//! The bearer token GOV.UK Notify sends with its delivery receipts (`NOTIFY_CALLBACK_TOKEN`):
//! we choose it and give it to Notify. Checked in constant time: both sides are hashed and the
//! digests compared with `subtle`, so neither the token's bytes nor its length leak through
//! timing.

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shorter than this is guessable.
const SHORTEST: usize = 32;

#[derive(Clone, Debug)]
pub struct NotifyCallbackToken(SecretString);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "NOTIFY_CALLBACK_TOKEN must be at least {SHORTEST} characters, without spaces: a random \
     secret, given to GOV.UK Notify as the callback's bearer token"
)]
pub struct InvalidCallbackToken;

impl NotifyCallbackToken {
    pub fn parse(token: &str) -> Result<Self, InvalidCallbackToken> {
        if token.chars().count() < SHORTEST || token.chars().any(char::is_whitespace) {
            return Err(InvalidCallbackToken);
        }
        Ok(Self(SecretString::from(token.to_owned())))
    }

    /// Whether an `Authorization` header's value is `Bearer <this token>`.
    pub fn authorises(&self, authorization: Option<&str>) -> bool {
        let Some(given) = authorization.and_then(|v| v.strip_prefix("Bearer ")) else {
            return false;
        };
        let expected = Sha256::digest(self.0.expose_secret().as_bytes());
        let given = Sha256::digest(given.as_bytes());
        expected.ct_eq(&given).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_token_itself_authorises() {
        let token = NotifyCallbackToken::parse(&"t".repeat(40)).unwrap();
        assert!(token.authorises(Some(&format!("Bearer {}", "t".repeat(40)))));
        assert!(!token.authorises(Some(&format!("Bearer {}", "t".repeat(39)))));
        assert!(!token.authorises(Some(&format!("Bearer {}x", "t".repeat(40)))));
        assert!(!token.authorises(Some(&"t".repeat(40))));
        assert!(!token.authorises(Some(&format!("Basic {}", "t".repeat(40)))));
        assert!(!token.authorises(None));
    }

    #[test]
    fn a_short_or_spaced_token_is_refused() {
        assert_eq!(
            NotifyCallbackToken::parse("short").unwrap_err(),
            InvalidCallbackToken
        );
        assert!(NotifyCallbackToken::parse(&format!("{} x", "t".repeat(40))).is_err());
    }
}
