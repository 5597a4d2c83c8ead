use super::NewUserCheck;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The answers to check. With no complete, valid draft there is nothing to check: back to
/// the form.
#[server(endpoint = "users/new/check", input = GetUrl)]
pub async fn get_new_user_check() -> Result<Option<NewUserCheck>, AppError> {
    use crate::ssr::{RequestContext, respond, time_format};
    use domain::forms::UserFormValues;
    use domain::paths;
    use service::drafts::{self, Journey};
    use service::{Context, users::repo};
    respond("get_new_user_check", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        let answers_changed = drafts::take_answers_changed(&cx.session, Journey::Add).await?;
        let draft = drafts::draft(&cx.session, Journey::Add).await?;
        match draft.and_then(|d| d.values.parse().ok().map(|fields| (d.id, fields))) {
            Some((draft_id, fields)) => Ok(Some(NewUserCheck {
                full_name: domain::full_name(fields.first_name.as_str(), fields.last_name.as_str()),
                deleted_on: repo::last_deleted_with_email(&cx.db, &fields.email)
                    .await
                    .context("look for a deleted user with the address")?
                    .map(time_format::uk_date),
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
