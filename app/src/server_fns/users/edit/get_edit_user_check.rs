use super::EditUserCheck;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The changed answers to check; without a valid draft, back to the form.
#[server(endpoint = "users/edit/check", input = GetUrl)]
pub async fn get_edit_user_check(id: i64) -> Result<Option<EditUserCheck>, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::UserFormValues;
    use domain::paths;
    use domain::policy::UserAction;
    use service::drafts::{self, Journey};
    use service::users::access;
    respond("get_edit_user_check", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let user = access::require(&cx.db, actor.id, id, UserAction::Change).await?;
        let journey = Journey::Change(id);
        let answers_changed = drafts::take_answers_changed(&cx.session, journey).await?;
        let draft = drafts::draft(&cx.session, journey).await?;
        match draft.and_then(|d| d.values.parse().ok().map(|fields| (d.id, fields))) {
            Some((draft_id, fields)) => Ok(Some(EditUserCheck {
                new_email: (fields.email.as_str() != user.email)
                    .then(|| fields.email.as_str().to_owned()),
                values: UserFormValues::from(&fields),
                draft_id,
                answers_changed,
            })),
            None => {
                cx.redirect(&paths::User(id).edit());
                Ok(None)
            }
        }
    })
    .await
}
