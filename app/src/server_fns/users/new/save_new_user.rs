use crate::error::AppError;
use leptos::prelude::*;

/// "Save user" on the check page: saves exactly the answers that page showed (`draft_id` names
/// them), re-validated (the address may have been taken meanwhile), once however often it is
/// posted, and goes to the list with the banner. If the answers in progress are no longer the
/// ones shown (another tab continued with others), it saves nothing and shows the check page
/// again, with the current answers and why.
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

    let in_progress = drafts::draft(&session, Journey::Add).await?;
    let draft = match in_progress {
        Some(draft) if draft.id == draft_id => draft,
        // These answers were saved already (a second click, a refresh).
        _ if idempotency::is_done(&db, &draft_id).await? => {
            drafts::set_flash(&session, Flash::UserAdded).await?;
            leptos_axum::redirect("/users");
            return Ok(());
        }
        Some(_) => {
            drafts::set_answers_changed(&session, Journey::Add).await?;
            leptos_axum::redirect("/users/new/check");
            return Ok(());
        }
        None => {
            leptos_axum::redirect("/users/new");
            return Ok(());
        }
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
