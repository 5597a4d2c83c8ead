//! A user form's answers, checked as the server must: the domain's validation, then that no
//! other user (not deleted) has the address (the unique index is still the final word, when
//! the answers are saved).

use super::repo;
use crate::{Context, Error};
use domain::forms::{Answers, Questions, UserFormErrors, UserFormValues};
use sea_orm::ConnectionTrait;

/// Valid answers to `questions`, or the errors the form shows. `user_id` is the user being
/// changed (their own address is no clash); `None` when adding.
pub async fn check<C: ConnectionTrait>(
    db: &C,
    values: &UserFormValues,
    questions: Questions,
    user_id: Option<i64>,
) -> Result<Result<Answers, UserFormErrors>, Error> {
    let answers = match values.check(questions) {
        Ok(answers) => answers,
        Err(errors) => return Ok(Err(errors)),
    };
    if let Some(fields) = &answers.personal_details {
        let in_use = repo::email_in_use(db, &fields.email, user_id)
            .await
            .context("check whether the email address is in use")?;
        if in_use {
            return Ok(Err(UserFormErrors::email_in_use()));
        }
    }
    Ok(Ok(answers))
}
