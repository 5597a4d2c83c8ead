mod delete_user;
mod get_user_to_delete;

pub use delete_user::*;
pub use get_user_to_delete::*;
