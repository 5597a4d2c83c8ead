use crate::error::AppError;
use domain::forms::UserFormErrors;
use leptos::prelude::*;

/// "Continue" on the add form. Keeps the answers, then either goes to the check page or
/// reports the errors: in the response for the hydrated form, and through the session for a
/// plain form post, which is redirected back to the form.
#[server(endpoint = "users/new/continue")]
pub async fn continue_new_user(
    first_name: String,
    last_name: String,
    email: String,
) -> Result<UserFormErrors, AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::{Questions, UserFormValues};
    use domain::paths;
    use service::drafts::{self, Journey};
    use service::users::answers;
    respond("continue_new_user", async move {
        let (cx, _) = RequestContext::signed_in().await?;
        let values = UserFormValues {
            first_name,
            last_name,
            email,
            active: None,
        };
        let errors = match answers::check(&cx.db, &values, Questions::ADD, None).await? {
            Ok(checked) => {
                // Kept as the check page shows them, so "Change" brings back the same.
                let shown = values.clone().with_answers(&checked);
                drafts::store_values(&cx.session, Journey::Add, shown, None).await?;
                cx.redirect(paths::NEW_USER_CHECK);
                return Ok(UserFormErrors::default());
            }
            Err(errors) => errors,
        };
        // What was typed stays, as typed, for the person to correct.
        drafts::store_values(&cx.session, Journey::Add, values, None).await?;
        if cx.is_plain_form_post() {
            // Back to the form, which shows these once. (Not to the Referer: a browser may not
            // send one.)
            drafts::store_errors(&cx.session, Journey::Add, &errors).await?;
            cx.redirect(paths::NEW_USER);
        }
        Ok(errors)
    })
    .await
}
