//! A personal details form's answers, checked as the server must: the domain's validation,
//! then that no other active user has the address (the unique index is still the final word,
//! when the answers are saved).

use super::repo;
use crate::{Context, Error};
use domain::UserFields;
use domain::forms::{UserFormErrors, UserFormValues};
use sea_orm::ConnectionTrait;

/// Valid answers, or the errors the form shows. `user_id` is the user being changed (their own
/// address is no clash); `None` when adding.
pub async fn check<C: ConnectionTrait>(
    db: &C,
    values: &UserFormValues,
    user_id: Option<i64>,
) -> Result<Result<UserFields, UserFormErrors>, Error> {
    let fields = match values.parse() {
        Ok(fields) => fields,
        Err(errors) => return Ok(Err(errors)),
    };
    let in_use = repo::email_in_use(db, &fields.email, user_id)
        .await
        .context("check whether the email address is in use")?;
    Ok(if in_use {
        Err(UserFormErrors::email_in_use())
    } else {
        Ok(fields)
    })
}
