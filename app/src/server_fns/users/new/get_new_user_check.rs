use super::NewUserCheck;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The answers to check. With no complete, valid draft there is nothing to check: back to
/// the form.
#[server(endpoint = "users/new/check", input = GetUrl)]
pub async fn get_new_user_check() -> Result<Option<NewUserCheck>, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::UserFormValues;
    use domain::paths;
    use service::drafts::{self, Journey};
    respond("get_new_user_check", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        let answers_changed = drafts::take_answers_changed(&cx.session, Journey::Add).await?;
        let draft = drafts::draft(&cx.session, Journey::Add).await?;
        match draft.and_then(|d| d.values.parse().ok().map(|fields| (d.id, fields))) {
            Some((draft_id, fields)) => Ok(Some(NewUserCheck {
                values: UserFormValues::from(&fields),
                draft_id,
                answers_changed,
            })),
            None => {
                cx.redirect(paths::NEW_USER);
                Ok(None)
            }
        }
    })
    .await
}
