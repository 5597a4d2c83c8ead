//! Every piece of text a person sees, in one place, so content designers can change it here.
//! Page titles are the `<h1>`-level names; [`page_title`] adds the service suffix.
//! Split by page; everything is re-exported here, so code names text as `content::X`.

mod account;
mod banners;
mod change_user;
mod check_answers;
mod delete_user;
mod dev_emails;
pub mod emails;
mod emails_not_delivered;
mod layout;
mod pagination;
mod problems;
mod sign_in;
mod user_details;
mod user_form;
mod users_list;
mod validation;

pub use account::*;
pub use banners::*;
pub use change_user::*;
pub use check_answers::*;
pub use delete_user::*;
pub use dev_emails::*;
pub use emails_not_delivered::*;
pub use layout::*;
pub use pagination::*;
pub use problems::*;
pub use sign_in::*;
pub use user_details::*;
pub use user_form::*;
pub use users_list::*;
pub use validation::*;
