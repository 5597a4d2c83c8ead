//! How the service fails, in one seam: an [`Error`] (what it was doing when the database or the
//! session store failed, with the failure as its source), or a [`Refusal`] (what was asked is
//! not allowed, or no longer possible: something a person is told). A journey returns
//! [`Failed`], one or the other; the app maps each refusal to what the person sees in one
//! place. Nothing here has side effects: whoever turns a failure into a response logs it.

#[derive(Debug, thiserror::Error)]
#[error("could not {doing}")]
pub struct Error {
    doing: &'static str,
    #[source]
    source: Source,
}

#[derive(Debug, thiserror::Error)]
enum Source {
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("session store: {0}")]
    Session(#[from] tower_sessions::session::Error),
}

/// Why the service refused: each is something a person is told. The write guards are the
/// final word on each (a refusal found by the statement itself, whatever the page checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("no such user")]
    NotFound,
    /// The policy does not allow it (`domain::policy`).
    #[error("not allowed")]
    Forbidden,
    /// The user has signed in: their personal details belong to DfE Sign-in now.
    #[error("the user's details are locked")]
    Locked,
    /// Nobody changes, deactivates or deletes their own account.
    #[error("not on your own account")]
    Yourself,
    #[error("email address already in use")]
    EmailTaken,
    /// Someone else changed the user after this change began.
    #[error("changed by someone else")]
    Conflict,
    /// It would leave fewer active accounts than the service needs.
    #[error("would leave too few active accounts")]
    TooFewActive,
    /// Too many deletions in a short time.
    #[error("too many deletions in a short time")]
    TooMany,
    /// An invitation was resent to this user too recently.
    #[error("an invitation was resent too recently")]
    TooSoon,
    /// They signed in meanwhile (the invitation has done its job), or the account is inactive.
    #[error("the user has signed in, or the account is inactive")]
    NotInvitable,
}

/// What a journey returns when it did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Failed {
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error(transparent)]
    Error(#[from] Error),
}

impl From<Refusal> for Failed {
    fn from(refusal: Refusal) -> Self {
        Failed::Refused(refusal)
    }
}

/// A journey's inside: refused, or a database error the journey names when it returns
/// ([`journey`]).
#[derive(Debug)]
pub(crate) enum Step {
    Refused(Refusal),
    Db(sea_orm::DbErr),
}

impl From<Refusal> for Step {
    fn from(refusal: Refusal) -> Self {
        Step::Refused(refusal)
    }
}

impl From<sea_orm::DbErr> for Step {
    fn from(err: sea_orm::DbErr) -> Self {
        Step::Db(err)
    }
}

/// Runs a journey's inside and names what it was doing when the database failed.
pub(crate) async fn journey<T>(
    doing: &'static str,
    inside: impl Future<Output = Result<T, Step>>,
) -> Result<T, Failed> {
    inside.await.map_err(|step| match step {
        Step::Refused(refusal) => Failed::Refused(refusal),
        Step::Db(err) => Failed::Error(Error {
            doing,
            source: Source::Database(err),
        }),
    })
}

/// Names what a fallible step was doing: `.context("read the user")`.
pub trait Context<T> {
    fn context(self, doing: &'static str) -> Result<T, Error>;
}

impl<T, E: Into<SourceError>> Context<T> for Result<T, E> {
    fn context(self, doing: &'static str) -> Result<T, Error> {
        self.map_err(|err| Error {
            doing,
            source: err.into().0,
        })
    }
}

/// The failures a service step can have: a database error or a session store error.
pub struct SourceError(Source);

impl From<sea_orm::DbErr> for SourceError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self(Source::Database(err))
    }
}

impl From<tower_sessions::session::Error> for SourceError {
    fn from(err: tower_sessions::session::Error) -> Self {
        Self(Source::Session(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_it_was_doing_and_why_it_failed() {
        let failed: Result<(), _> = Err(sea_orm::DbErr::Custom("disk I/O error".into()));
        let err = failed.context("read the user").unwrap_err();
        assert_eq!(err.to_string(), "could not read the user");
        let source = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(
            source.as_deref(),
            Some("database: Custom Error: disk I/O error")
        );
    }
}
