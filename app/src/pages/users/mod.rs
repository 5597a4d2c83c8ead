mod list;
mod new;
mod show;

pub use list::UsersPage;
pub use new::{NewUserCheckPage, NewUserPage};
pub use show::UserPage;
