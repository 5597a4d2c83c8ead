use super::NewUserCheck;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The answers to check. With no complete, valid draft there is nothing to check: back to
/// the form.
#[server(endpoint = "users/new/check", input = GetUrl)]
pub async fn get_new_user_check() -> Result<Option<NewUserCheck>, AppError> {
    use crate::forms::UserFormValues;
    use crate::ssr::drafts::{self, Journey};
    use crate::ssr::request;
    request::require_user()?;
    let session = request::session().await?;
    let answers_changed = drafts::take_answers_changed(&session, Journey::Add).await?;
    match drafts::draft(&session, Journey::Add).await? {
        Some(draft) => match draft.values.parse() {
            Ok(fields) => Ok(Some(NewUserCheck {
                values: UserFormValues::from(&fields),
                draft_id: draft.id,
                answers_changed,
            })),
            Err(_) => {
                leptos_axum::redirect("/users/new");
                Ok(None)
            }
        },
        None => {
            leptos_axum::redirect("/users/new");
            Ok(None)
        }
    }
}
