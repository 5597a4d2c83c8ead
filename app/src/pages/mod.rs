//! One module per page (or group of pages) of the service.

mod sign_in;
pub mod users;

pub use sign_in::SignInPage;
