use super::SignInOptions;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// DfE Sign-in when it is configured; otherwise (development) the personas to sign in as.
#[server(endpoint = "sign_in/options", input = GetUrl)]
pub async fn get_sign_in_options() -> Result<SignInOptions, AppError> {
    use super::PersonaOption;
    use crate::ssr::{RequestContext, respond};
    use service::{Context, users::repo};
    respond("get_sign_in_options", async move {
        let cx = RequestContext::anonymous().await?;
        if !cx.settings.development_sign_in {
            return Ok(SignInOptions::DfeSignIn);
        }
        let users = repo::personas(&cx.db)
            .await
            .context("read the development personas")?;
        Ok(SignInOptions::Personas(
            users
                .iter()
                .map(|u| PersonaOption {
                    user_id: u.id,
                    full_name: repo::full_name(u),
                })
                .collect(),
        ))
    })
    .await
}
