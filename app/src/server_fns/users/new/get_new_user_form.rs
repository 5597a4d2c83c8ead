use super::UserFormState;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The add form's answers so far (from the session) and errors to show once.
#[server(endpoint = "users/new/form", input = GetUrl)]
pub async fn get_new_user_form() -> Result<UserFormState, AppError> {
    use crate::ssr::{RequestContext, respond};
    use service::drafts::{self, Journey};
    respond("get_new_user_form", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        let values = drafts::draft(&cx.session, Journey::Add)
            .await?
            .map(|d| d.values)
            .unwrap_or_default();
        let errors = drafts::take_errors(&cx.session, Journey::Add)
            .await?
            .unwrap_or_default();
        Ok(UserFormState { values, errors })
    })
    .await
}
