use super::PersonaOption;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The personas a developer may sign in as. Not found unless development sign-in is on.
#[server(endpoint = "sign_in/personas", input = GetUrl)]
pub async fn list_personas() -> Result<Vec<PersonaOption>, AppError> {
    use crate::ssr::{request, users_repo};
    if !request::settings()?.development_sign_in {
        return Err(AppError::NotFound);
    }
    let db = request::db()?;
    let users = users_repo::personas(&db).await?;
    Ok(users
        .into_iter()
        .map(|u| PersonaOption {
            user_id: u.id,
            full_name: format!("{} {}", u.first_name, u.last_name),
        })
        .collect())
}
