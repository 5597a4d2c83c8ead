mod delete;
mod edit;
mod list;
mod new;
mod show;

pub use delete::DeleteUserPage;
pub use edit::{EditUserCheckPage, EditUserPage};
pub use list::UsersPage;
pub use new::{NewUserCheckPage, NewUserPage};
pub use show::UserPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `{id}` of a `/users/{id}/…` route; `None` when it is not a number (a 404).
fn user_id_param() -> impl Fn() -> Option<i64> + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    }
}
