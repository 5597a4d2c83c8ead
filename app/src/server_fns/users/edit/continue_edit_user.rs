use crate::error::AppError;
use domain::forms::UserFormErrors;
use leptos::prelude::*;

/// "Continue" on the change form: as for adding, but the user's own address is no clash, and
/// the draft remembers which version of the user the change started from.
#[server(endpoint = "users/edit/continue")]
pub async fn continue_edit_user(
    id: i64,
    lock_version: i32,
    first_name: String,
    last_name: String,
    email: String,
) -> Result<UserFormErrors, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::UserFormValues;
    use domain::paths;
    use domain::policy::UserAction;
    use service::drafts::{self, Journey};
    use service::users::{access, answers};
    respond("continue_edit_user", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        access::require(&cx.db, actor.id, id, UserAction::Change).await?;
        let journey = Journey::Change(id);
        let values = UserFormValues {
            first_name,
            last_name,
            email,
        };
        let errors = match answers::check(&cx.db, &values, Some(id)).await? {
            Ok(fields) => {
                let shown = UserFormValues::from(&fields);
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
