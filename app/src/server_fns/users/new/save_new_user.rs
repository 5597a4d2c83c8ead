use crate::error::AppError;
use leptos::prelude::*;

/// "Save user" on the check page: saves exactly the answers that page showed (`draft_id` names
/// them), re-validated (the address may have been taken meanwhile), once however often it is
/// posted, and goes to the list with the banner. If the answers in progress are no longer the
/// ones shown (another tab continued with others), it saves nothing and shows the check page
/// again, with the current answers and why.
#[server(endpoint = "users/new/save")]
pub async fn save_new_user(draft_id: String) -> Result<(), AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::UserFormErrors;
    use domain::{Flash, paths};
    use service::drafts::{self, Journey, ToSave};
    use service::users::add_user;
    use service::{Failed, Refusal};
    respond("save_new_user", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let draft = match drafts::to_save(&cx.session, &cx.db, Journey::Add, &draft_id).await? {
            ToSave::These(draft) => draft,
            ToSave::AlreadySaved => {
                drafts::set_flash(&cx.session, Flash::UserAdded).await?;
                cx.redirect(paths::USERS);
                return Ok(());
            }
            ToSave::ChangedElsewhere => {
                drafts::set_answers_changed(&cx.session, Journey::Add).await?;
                cx.redirect(paths::NEW_USER_CHECK);
                return Ok(());
            }
            ToSave::Nothing => {
                cx.redirect(paths::NEW_USER);
                return Ok(());
            }
        };
        let fields = match draft.values.parse() {
            Ok(fields) => fields,
            Err(errors) => {
                drafts::store_errors(&cx.session, Journey::Add, &errors).await?;
                cx.redirect(paths::NEW_USER);
                return Ok(());
            }
        };
        match add_user(&cx.db, &cx.emails, fields, Some(actor.id), &draft.id).await {
            Ok(_) => {
                cx.wake_email_worker();
                drafts::clear(&cx.session, Journey::Add).await?;
                drafts::set_flash(&cx.session, Flash::UserAdded).await?;
                cx.redirect(paths::USERS);
            }
            Err(Failed::Refused(Refusal::EmailTaken)) => {
                let errors = UserFormErrors::email_in_use();
                drafts::store_errors(&cx.session, Journey::Add, &errors).await?;
                cx.redirect(paths::NEW_USER);
            }
            Err(err) => return Err(err.into()),
        }
        Ok(())
    })
    .await
}
