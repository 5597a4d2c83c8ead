use crate::error::AppError;
use leptos::prelude::*;

/// "Save user" on the change check page: saves exactly the answers that page showed, or shows
/// it again with the current ones (see `save_new_user`). Refuses to overwrite a change made
/// since the form was opened: the form then shows the current details and says why.
#[server(endpoint = "users/edit/save")]
pub async fn save_edit_user(id: i64, draft_id: String) -> Result<(), AppError> {
    use crate::ssr::{Failure, RequestContext, respond};
    use domain::forms::UserFormErrors;
    use domain::policy::UserAction;
    use domain::{Flash, paths};
    use service::drafts::{self, Journey, ToSave};
    use service::users::{ChangeUserError, access, change_user};
    respond("save_edit_user", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let journey = Journey::Change(id);
        let user = paths::User(id);

        // Exactly the answers the check page showed, as for adding.
        let draft = match drafts::to_save(&cx.session, &cx.db, journey, &draft_id).await? {
            ToSave::These(draft) => draft,
            ToSave::AlreadySaved => {
                drafts::set_flash(&cx.session, Flash::UserUpdated).await?;
                cx.redirect(&user.details());
                return Ok(());
            }
            ToSave::ChangedElsewhere => {
                access::require(&cx.db, actor.id, id, UserAction::Change).await?;
                drafts::set_answers_changed(&cx.session, journey).await?;
                cx.redirect(&user.check());
                return Ok(());
            }
            ToSave::Nothing => {
                access::require(&cx.db, actor.id, id, UserAction::Change).await?;
                cx.redirect(&user.edit());
                return Ok(());
            }
        };
        access::require(&cx.db, actor.id, id, UserAction::Change).await?;
        let (fields, version) = match (draft.values.parse(), draft.lock_version) {
            (Ok(fields), Some(version)) => (fields, version),
            _ => {
                cx.redirect(&user.edit());
                return Ok(());
            }
        };
        match change_user(&cx.db, &cx.emails, id, version, fields, actor.id, &draft.id).await {
            Ok(()) => {
                cx.wake_email_worker();
                drafts::clear(&cx.session, journey).await?;
                drafts::set_flash(&cx.session, Flash::UserUpdated).await?;
                cx.redirect(&user.details());
                Ok(())
            }
            Err(ChangeUserError::EmailTaken) => {
                let errors = UserFormErrors::email_in_use();
                drafts::store_errors(&cx.session, journey, &errors).await?;
                cx.redirect(&user.edit());
                Ok(())
            }
            Err(ChangeUserError::Conflict) => {
                drafts::clear(&cx.session, journey).await?;
                drafts::set_conflict(&cx.session, id).await?;
                cx.redirect(&user.edit());
                Ok(())
            }
            Err(ChangeUserError::NotFound) => Err(AppError::NotFound.into()),
            Err(ChangeUserError::Locked) => Err(AppError::Forbidden.into()),
            Err(err @ ChangeUserError::Db(_)) => Err(Failure::internal(err)),
        }
    })
    .await
}
