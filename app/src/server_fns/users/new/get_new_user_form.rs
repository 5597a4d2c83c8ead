use super::UserFormState;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The add form's answers so far (from the session) and errors to show once.
#[server(endpoint = "users/new/form", input = GetUrl)]
pub async fn get_new_user_form() -> Result<UserFormState, AppError> {
    use crate::ssr::drafts::{self, Journey};
    use crate::ssr::request;
    request::require_user()?;
    let session = request::session().await?;
    let values = drafts::draft(&session, Journey::Add)
        .await?
        .map(|d| d.values)
        .unwrap_or_default();
    let errors = drafts::take_errors(&session, Journey::Add)
        .await?
        .unwrap_or_default();
    Ok(UserFormState { values, errors })
}
