use super::SignInOptions;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// DfE Sign-in when it is configured; otherwise (development) the personas to sign in as.
#[server(endpoint = "sign_in/options", input = GetUrl)]
pub async fn get_sign_in_options() -> Result<SignInOptions, AppError> {
    use super::PersonaOption;
    use crate::ssr::{request, users_repo};
    if !request::settings()?.development_sign_in {
        return Ok(SignInOptions::DfeSignIn);
    }
    let db = request::db()?;
    let users = users_repo::personas(&db).await?;
    Ok(SignInOptions::Personas(
        users
            .into_iter()
            .map(|u| PersonaOption {
                user_id: u.id,
                full_name: format!("{} {}", u.first_name, u.last_name),
            })
            .collect(),
    ))
}
