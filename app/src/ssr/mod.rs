//! Server-only code of the app: what a server function gets from its request, and how its
//! failures become the error it returns.

mod context;
pub mod email_labels;
mod failure;
pub use service::time_format;

pub use context::{CHOSEN_REDIRECT, RequestContext, Services, signed_in_user};
pub use failure::{Failure, respond};
