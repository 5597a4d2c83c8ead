//! A GOV.UK Notify API key: `{key name}-{service id}-{secret}`, where the service id and the
//! secret are each a 36-character UUID. The service id signs as the JWT issuer, the secret is
//! the HMAC key.

use secrecy::{ExposeSecret, SecretString};

const UUID_LEN: usize = 36;

/// `Debug` shows the service id only: the secret is a [`SecretString`], which prints as
/// `[REDACTED]`.
#[derive(Clone, Debug)]
pub struct NotifyApiKey {
    service_id: String,
    secret: SecretString,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "NOTIFY_API_KEY must look like {{key name}}-{{service id}}-{{secret key}}, \
     the last two being 36-character ids: copy it from GOV.UK Notify as it is"
)]
pub struct InvalidApiKey;

impl NotifyApiKey {
    pub fn parse(key: &str) -> Result<Self, InvalidApiKey> {
        let key = key.trim();
        // From the end: "-" service id "-" secret; the name before may itself hold dashes.
        let len = key.len();
        if !key.is_ascii() || len < 2 * UUID_LEN + 3 {
            return Err(InvalidApiKey);
        }
        let secret = &key[len - UUID_LEN..];
        let service_id = &key[len - 2 * UUID_LEN - 1..len - UUID_LEN - 1];
        let separators = [
            &key[len - UUID_LEN - 1..len - UUID_LEN],
            &key[len - 2 * UUID_LEN - 2..len - 2 * UUID_LEN - 1],
        ];
        let name = &key[..len - 2 * UUID_LEN - 2];
        if separators != ["-", "-"]
            || name.is_empty()
            || uuid::Uuid::try_parse(service_id).is_err()
            || uuid::Uuid::try_parse(secret).is_err()
        {
            return Err(InvalidApiKey);
        }
        Ok(Self {
            service_id: service_id.to_owned(),
            secret: SecretString::from(secret.to_owned()),
        })
    }

    pub fn service_id(&self) -> &str {
        &self.service_id
    }

    pub(crate) fn secret(&self) -> &str {
        self.secret.expose_secret()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
    const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";

    #[test]
    fn a_key_splits_into_service_id_and_secret() {
        let key = NotifyApiKey::parse(&format!("my-test-key-{SERVICE}-{SECRET}")).unwrap();
        assert_eq!(key.service_id(), SERVICE);
        assert_eq!(key.secret(), SECRET);
    }

    #[test]
    fn malformed_keys_are_refused() {
        for bad in [
            String::new(),
            SECRET.to_owned(),
            format!("{SERVICE}-{SECRET}"),
            format!("name-{SERVICE}{SECRET}"),
            format!("name-{SERVICE}-{}", &SECRET[1..]),
            format!("name-{}-{SECRET}", SERVICE.replace('a', "z")),
            format!("námé-{SERVICE}-{SECRET}"),
        ] {
            assert!(NotifyApiKey::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_secret_is_never_printed() {
        let key = NotifyApiKey::parse(&format!("live-{SERVICE}-{SECRET}")).unwrap();
        assert!(!format!("{key:?}").contains(SECRET));
    }
}
