use crate::error::AppError;
use crate::forms::UserFormErrors;
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
    use crate::forms::UserFormValues;
    use crate::ssr::drafts::{self, Journey};
    use crate::ssr::{request, users_repo};
    request::require_user()?;
    let db = request::db()?;
    let session = request::session().await?;
    let values = UserFormValues {
        first_name,
        last_name,
        email,
    };

    let errors = match values.parse() {
        Ok(fields) if !users_repo::email_in_use(&db, &fields.email, None).await? => {
            // Kept as the check page shows them, so "Change" brings back the same.
            drafts::store_values(&session, Journey::Add, UserFormValues::from(&fields), None)
                .await?;
            leptos_axum::redirect("/users/new/check");
            return Ok(UserFormErrors::default());
        }
        Ok(_) => UserFormErrors::email_in_use(),
        Err(errors) => errors,
    };
    // What was typed stays, as typed, for the person to correct.
    drafts::store_values(&session, Journey::Add, values, None).await?;
    if request::is_plain_form_post() {
        // Back to the form, which shows these once. (Not to the Referer: a browser may not
        // send one.)
        drafts::store_errors(&session, Journey::Add, &errors).await?;
        leptos_axum::redirect("/users/new");
    }
    Ok(errors)
}
