//! The service's own cookies: their names and flags, in one place.

/// The service's cookies. In production they are `Secure` and `__Host-` prefixed, which
/// browsers accept only from HTTPS, for the whole site (`Path=/`) and for this host alone (no
/// `Domain`), so no other site under the same domain can set or overwrite them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    pub fn session_name(self) -> &'static str {
        if self.secure {
            "__Host-rotp_session"
        } else {
            "rotp_session"
        }
    }

    /// A DfE Sign-in under way: its state, nonce and PKCE verifier, encrypted.
    pub fn pending_sign_in_name(self) -> &'static str {
        if self.secure {
            "__Host-rotp_dfe_pending"
        } else {
            "rotp_dfe_pending"
        }
    }

    pub fn return_to_name(self) -> &'static str {
        if self.secure {
            "__Host-rotp_return_to"
        } else {
            "rotp_return_to"
        }
    }
}
