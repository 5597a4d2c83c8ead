use super::EditUserFormState;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The change form: the answers so far, or the user's current details and status. What it
/// asks depends on whether the user has signed in (`Questions::change`).
#[server(endpoint = "users/edit/form", input = GetUrl)]
pub async fn get_edit_user_form(id: i64) -> Result<EditUserFormState, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::{AccountActive, Questions, UserFormValues};
    use domain::policy::UserAction;
    use service::drafts::{self, Journey};
    use service::users::{access, repo};
    respond("get_edit_user_form", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let user = access::require(&cx.db, actor.id, id, UserAction::ChangeStatus).await?;
        let facts = repo::facts(&user);
        let journey = Journey::Change(id);
        let conflict = drafts::take_conflict(&cx.session, id).await?;
        let draft = drafts::draft(&cx.session, journey).await?;
        let (values, lock_version) = match draft {
            Some(draft) if !conflict => (
                draft.values,
                draft.lock_version.unwrap_or(user.lock_version),
            ),
            _ => (
                UserFormValues {
                    first_name: user.first_name.clone(),
                    last_name: user.last_name.clone(),
                    email: user.email.clone(),
                    active: Some(AccountActive::from_active(facts.active).value().to_owned()),
                },
                user.lock_version,
            ),
        };
        Ok(EditUserFormState {
            full_name: repo::full_name(&user),
            questions: Questions::change(facts.has_signed_in),
            values,
            errors: drafts::take_errors(&cx.session, journey)
                .await?
                .unwrap_or_default(),
            lock_version,
            conflict,
        })
    })
    .await
}
