use super::EditUserCheck;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The answers to check; without a valid draft, back to the form.
#[server(endpoint = "users/edit/check", input = GetUrl)]
pub async fn get_edit_user_check(id: i64) -> Result<Option<EditUserCheck>, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::{AccountActive, Questions};
    use domain::paths;
    use domain::policy::UserAction;
    use service::drafts::{self, Journey};
    use service::users::{access, repo};
    respond("get_edit_user_check", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let user = access::require(&cx.db, actor.id, id, UserAction::ChangeStatus).await?;
        let facts = repo::facts(&user);
        let questions = Questions::change(facts.has_signed_in);
        let journey = Journey::Change(id);
        let answers_changed = drafts::take_answers_changed(&cx.session, journey).await?;
        let draft = drafts::draft(&cx.session, journey).await?;
        let checked = draft.and_then(|d| {
            let answers = d.values.check(questions).ok()?;
            Some((d.id, d.values.with_answers(&answers), answers))
        });
        match checked {
            Some((draft_id, values, answers)) => Ok(Some(EditUserCheck {
                questions,
                new_email: answers
                    .personal_details
                    .as_ref()
                    .filter(|fields| fields.email.as_str() != user.email)
                    .map(|fields| fields.email.as_str().to_owned()),
                deactivates: (facts.active && answers.account_active == Some(AccountActive::No))
                    .then(|| repo::full_name(&user)),
                values,
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
