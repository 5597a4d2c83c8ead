//! Forms' raw values and their errors: shared by the browser (instant feedback) and the server
//! (the authority), which run the same `parse`.

mod user_form;

pub use user_form::{
    AccountActive, ActiveFieldError, Answers, EmailFieldError, Questions, UserFormErrors,
    UserFormValues, ids as user_form_ids,
};
