use crate::error::AppError;
use leptos::prelude::*;

/// "Save user" on the change check page: saves exactly the answers that page showed, or shows
/// it again with the current ones (see `save_new_user`). Refuses to overwrite a change made
/// since the form was opened: the form then shows the current details and says why. Refuses
/// personal details once the user has signed in, and a deactivation that would leave too few
/// active accounts.
#[server(endpoint = "users/edit/save")]
pub async fn save_edit_user(id: i64, draft_id: String) -> Result<(), AppError> {
    use crate::ssr::{RequestContext, respond};
    use domain::forms::{Questions, UserFormErrors};
    use domain::policy::UserAction;
    use domain::{Flash, paths};
    use service::drafts::{self, Journey, ToSave};
    use service::users::{access, change_user, repo};
    use service::{Failed, Refusal};
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
                access::require(&cx.db, actor.id, id, UserAction::ChangeStatus).await?;
                drafts::set_answers_changed(&cx.session, journey).await?;
                cx.redirect(&user.check());
                return Ok(());
            }
            ToSave::Nothing => {
                access::require(&cx.db, actor.id, id, UserAction::ChangeStatus).await?;
                cx.redirect(&user.edit());
                return Ok(());
            }
        };
        let current = access::require(&cx.db, actor.id, id, UserAction::ChangeStatus).await?;
        // What the form asks now: had the user signed in since the form was opened, their
        // personal details are DfE Sign-in's, and a change to them is refused.
        let questions = Questions::change(repo::facts(&current).has_signed_in);
        let changes_details = draft.values.first_name != current.first_name
            || draft.values.last_name != current.last_name
            || draft.values.email != current.email;
        if !questions.personal_details && changes_details {
            return Err(AppError::Forbidden.into());
        }
        let (answers, version) = match (draft.values.check(questions), draft.lock_version) {
            (Ok(answers), Some(version)) => (answers, version),
            _ => {
                cx.redirect(&user.edit());
                return Ok(());
            }
        };
        match change_user(
            &cx.db, &cx.emails, id, version, answers, actor.id, &draft.id,
        )
        .await
        {
            Ok(()) => {
                cx.wake_email_worker();
                drafts::clear(&cx.session, journey).await?;
                drafts::set_flash(&cx.session, Flash::UserUpdated).await?;
                cx.redirect(&user.details());
                Ok(())
            }
            Err(Failed::Refused(Refusal::EmailTaken)) => {
                let errors = UserFormErrors::email_in_use();
                drafts::store_errors(&cx.session, journey, &errors).await?;
                cx.redirect(&user.edit());
                Ok(())
            }
            Err(Failed::Refused(Refusal::Conflict)) => {
                drafts::clear(&cx.session, journey).await?;
                drafts::set_conflict(&cx.session, id).await?;
                cx.redirect(&user.edit());
                Ok(())
            }
            Err(err) => Err(err.into()),
        }
    })
    .await
}
