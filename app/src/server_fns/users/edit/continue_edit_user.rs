use crate::error::AppError;
use domain::forms::UserFormErrors;
use leptos::prelude::*;

/// "Continue" on the change form: as for adding, but the user's own address is no clash, the
/// form asks "Is the account active?" too (and only that once the user has signed in: personal
/// details posted for them are refused), and the draft remembers which version of the user the
/// change started from.
#[server(endpoint = "users/edit/continue")]
pub async fn continue_edit_user(
    id: i64,
    lock_version: i32,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    active: Option<String>,
) -> Result<UserFormErrors, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::{Questions, UserFormValues};
    use domain::paths;
    use domain::policy::UserAction;
    use service::drafts::{self, Journey};
    use service::users::{access, answers, repo};
    respond("continue_edit_user", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let user = access::require(&cx.db, actor.id, id, UserAction::ChangeStatus).await?;
        let questions = Questions::change(repo::facts(&user).has_signed_in);
        let posts_details = first_name.is_some() || last_name.is_some() || email.is_some();
        if posts_details && !questions.personal_details {
            return Err(AppError::Forbidden.into());
        }
        let journey = Journey::Change(id);
        // A field left empty arrives as nothing: on a form that asks for it, it is empty.
        let values = if questions.personal_details {
            UserFormValues {
                first_name: first_name.unwrap_or_default(),
                last_name: last_name.unwrap_or_default(),
                email: email.unwrap_or_default(),
                active,
            }
        } else {
            UserFormValues {
                first_name: user.first_name,
                last_name: user.last_name,
                email: user.email,
                active,
            }
        };
        let errors = match answers::check(&cx.db, &values, questions, Some(id)).await? {
            Ok(checked) => {
                let shown = values.with_answers(&checked);
                drafts::store_values(&cx.session, journey, shown, Some(lock_version)).await?;
                cx.redirect(&paths::User(id).check());
                return Ok(UserFormErrors::default());
            }
            Err(errors) => errors,
        };
        drafts::store_values(&cx.session, journey, values, Some(lock_version)).await?;
        if cx.is_plain_form_post() {
            drafts::store_errors(&cx.session, journey, &errors).await?;
            cx.redirect(&paths::User(id).edit());
        }
        Ok(errors)
    })
    .await
}
