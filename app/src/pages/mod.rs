//! One module per page (or group of pages) of the service.

mod account;
mod dev_emails;
mod emails_not_delivered;
mod problem;
mod sign_in;
pub mod users;

pub use account::AccountPage;
pub use dev_emails::DevEmailsPage;
pub use emails_not_delivered::EmailsNotDeliveredPage;
pub use problem::ProblemPage;
pub use sign_in::SignInPage;
