use crate::error::AppError;
use crate::forms::UserFormErrors;
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
    use crate::forms::UserFormValues;
    use crate::policy::UserAction;
    use crate::ssr::drafts::{self, Journey};
    use crate::ssr::{request, user_access, users_repo};
    let actor = request::require_user()?;
    let db = request::db()?;
    let session = request::session().await?;
    user_access::require(&db, &actor, id, UserAction::Change).await?;
    let journey = Journey::Change(id);
    let values = UserFormValues {
        first_name,
        last_name,
        email,
    };

    let errors = match values.parse() {
        Ok(fields) if !users_repo::email_in_use(&db, &fields.email, Some(id)).await? => {
            drafts::store_values(
                &session,
                journey,
                UserFormValues::from(&fields),
                Some(lock_version),
            )
            .await?;
            leptos_axum::redirect(&format!("/users/{id}/check"));
            return Ok(UserFormErrors::default());
        }
        Ok(_) => UserFormErrors::email_in_use(),
        Err(errors) => errors,
    };
    drafts::store_values(&session, journey, values, Some(lock_version)).await?;
    if request::is_plain_form_post() {
        drafts::store_errors(&session, journey, &errors).await?;
        leptos_axum::redirect(&format!("/users/{id}/edit"));
    }
    Ok(errors)
}
