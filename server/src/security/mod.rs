//! What keeps the service safe on the open internet: refusing cross-site and oversized
//! requests, and the security headers on every response.

pub mod headers;
pub mod request_guard;

pub use headers::{CspNonce, security_headers};
pub use request_guard::{MAX_BODY_BYTES, guard_requests};
