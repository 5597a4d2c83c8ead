//! Answers in progress, kept in the server-side session (never in the URL), and the form
//! errors and banner that must survive a redirect when JavaScript is off.

use crate::{Context, Error};
use domain::Flash;
use domain::forms::{UserFormErrors, UserFormValues};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const FLASH: &str = "flash";
/// What a failure here was doing, for the log.
const DOING: &str = "use the session's drafts";

/// Which personal details journey a draft belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Journey {
    Add,
    Change(i64),
}

impl Journey {
    fn draft_key(self) -> String {
        match self {
            Journey::Add => "user_draft:new".to_owned(),
            Journey::Change(id) => format!("user_draft:{id}"),
        }
    }

    fn errors_key(self) -> String {
        match self {
            Journey::Add => "user_errors:new".to_owned(),
            Journey::Change(id) => format!("user_errors:{id}"),
        }
    }

    fn changed_key(self) -> String {
        match self {
            Journey::Add => "user_answers_changed:new".to_owned(),
            Journey::Change(id) => format!("user_answers_changed:{id}"),
        }
    }
}

/// The answers so far. The id names these exact answers: every "Continue" gives them a new
/// one, so a check page names the answers it showed, and "Save user" saves those or nothing
/// (another tab may have continued with other answers since). It is also the idempotency key
/// of the save: answers saved once are never saved again, and never stand in for others. A
/// change also remembers which version of the user it started from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserDraft {
    pub id: String,
    pub values: UserFormValues,
    pub lock_version: Option<i32>,
}

/// What "Save user" may save, given the draft id its check page posted.
#[derive(Debug)]
pub enum ToSave {
    /// The answers the page showed: save these.
    These(UserDraft),
    /// These answers were saved already (a second click, a refresh): nothing to do.
    AlreadySaved,
    /// The answers in progress are others (another tab continued since): save nothing.
    ChangedElsewhere,
    /// No answers in progress: back to the form.
    Nothing,
}

/// Exactly the answers the check page showed (`draft_id` names them), or why there are none.
pub async fn to_save<C: sea_orm::ConnectionTrait>(
    session: &Session,
    db: &C,
    journey: Journey,
    draft_id: &str,
) -> Result<ToSave, Error> {
    let in_progress = draft(session, journey).await?;
    if let Some(draft) = in_progress.as_ref().filter(|d| d.id == draft_id) {
        return Ok(ToSave::These(draft.clone()));
    }
    let saved = crate::idempotency::is_done(db, draft_id)
        .await
        .context("check whether the answers were saved")?;
    Ok(match in_progress {
        _ if saved => ToSave::AlreadySaved,
        Some(_) => ToSave::ChangedElsewhere,
        None => ToSave::Nothing,
    })
}

pub async fn draft(session: &Session, journey: Journey) -> Result<Option<UserDraft>, Error> {
    session.get(&journey.draft_key()).await.context(DOING)
}

/// Keeps the typed values, under a new id: these answers, as they are now.
pub async fn store_values(
    session: &Session,
    journey: Journey,
    values: UserFormValues,
    lock_version: Option<i32>,
) -> Result<UserDraft, Error> {
    let draft = UserDraft {
        id: uuid::Uuid::new_v4().to_string(),
        values,
        lock_version,
    };
    session
        .insert(&journey.draft_key(), &draft)
        .await
        .context(DOING)?;
    Ok(draft)
}

pub async fn clear(session: &Session, journey: Journey) -> Result<(), Error> {
    session
        .remove::<UserDraft>(&journey.draft_key())
        .await
        .context(DOING)?;
    session
        .remove::<UserFormErrors>(&journey.errors_key())
        .await
        .context(DOING)?;
    session
        .remove::<bool>(&journey.changed_key())
        .await
        .context(DOING)?;
    Ok(())
}

/// Errors to show once, on the form page a no-JavaScript post is redirected back to.
pub async fn store_errors(
    session: &Session,
    journey: Journey,
    errors: &UserFormErrors,
) -> Result<(), Error> {
    session
        .insert(&journey.errors_key(), errors)
        .await
        .context(DOING)
}

pub async fn take_errors(
    session: &Session,
    journey: Journey,
) -> Result<Option<UserFormErrors>, Error> {
    session.remove(&journey.errors_key()).await.context(DOING)
}

/// Marks that "Save user" was pressed on a check page whose answers had been changed since
/// (in another tab or window): the check page says so, once.
pub async fn set_answers_changed(session: &Session, journey: Journey) -> Result<(), Error> {
    session
        .insert(&journey.changed_key(), true)
        .await
        .context(DOING)
}

pub async fn take_answers_changed(session: &Session, journey: Journey) -> Result<bool, Error> {
    Ok(take_once::<bool>(session, &journey.changed_key())
        .await?
        .unwrap_or(false))
}

/// Marks that a change could not be saved because someone else changed the user first.
pub async fn set_conflict(session: &Session, user_id: i64) -> Result<(), Error> {
    session
        .insert(&format!("user_conflict:{user_id}"), true)
        .await
        .context(DOING)
}

pub async fn take_conflict(session: &Session, user_id: i64) -> Result<bool, Error> {
    Ok(session
        .remove::<bool>(&format!("user_conflict:{user_id}"))
        .await
        .context(DOING)?
        .unwrap_or(false))
}

pub async fn set_flash(session: &Session, flash: Flash) -> Result<(), Error> {
    session.insert(FLASH, flash).await.context(DOING)
}

/// The banner to show, once.
pub async fn take_flash(session: &Session) -> Result<Option<Flash>, Error> {
    take_once(session, FLASH).await
}

/// A value to use once: removed as it is read.
async fn take_once<T: serde::de::DeserializeOwned>(
    session: &Session,
    key: &str,
) -> Result<Option<T>, Error> {
    // `remove` marks the session changed even when there is nothing to remove, and a changed
    // session is written back: look first, so an ordinary page view writes nothing.
    if session
        .get::<serde_json::Value>(key)
        .await
        .context(DOING)?
        .is_none()
    {
        return Ok(None);
    }
    session.remove(key).await.context(DOING)
}
