mod list;
mod show;

pub use list::UsersPage;
pub use show::UserPage;
