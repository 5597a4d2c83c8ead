use crate::error::AppError;
use leptos::prelude::*;

/// "Save user" on the check page: re-validates (the address may have been taken meanwhile),
/// saves once however often it is posted, and goes to the list with the banner.
#[server(endpoint = "users/new/save")]
pub async fn save_new_user(draft_id: String) -> Result<(), AppError> {
    use crate::forms::UserFormErrors;
    use crate::session::Flash;
    use crate::ssr::add_user::{AddUserError, add_user};
    use crate::ssr::drafts::{self, Journey};
    use crate::ssr::{idempotency, request};
    let actor = request::require_user()?;
    let db = request::db()?;
    let emails = request::email_context()?;
    let session = request::session().await?;

    let draft = drafts::draft(&session, Journey::Add)
        .await?
        .filter(|d| d.id == draft_id);
    let Some(draft) = draft else {
        // The draft is gone: saved already (a second click, a refresh) or never started.
        if idempotency::is_done(&db, &draft_id).await? {
            drafts::set_flash(&session, Flash::UserAdded).await?;
            leptos_axum::redirect("/users");
        } else {
            leptos_axum::redirect("/users/new");
        }
        return Ok(());
    };
    let fields = match draft.values.parse() {
        Ok(fields) => fields,
        Err(errors) => {
            drafts::store_errors(&session, Journey::Add, &errors).await?;
            leptos_axum::redirect("/users/new");
            return Ok(());
        }
    };
    match add_user(&db, &emails, fields, Some(actor.id), &draft.id).await {
        Ok(_) => {
            request::wake_email_worker();
            drafts::clear(&session, Journey::Add).await?;
            drafts::set_flash(&session, Flash::UserAdded).await?;
            leptos_axum::redirect("/users");
        }
        Err(AddUserError::EmailTaken) => {
            drafts::store_errors(&session, Journey::Add, &UserFormErrors::email_in_use()).await?;
            leptos_axum::redirect("/users/new");
        }
        Err(AddUserError::Db(err)) => return Err(err.into()),
    }
    Ok(())
}
