//! The service's error: what it was doing when the database or the session store failed, with
//! the failure as its source. It has no side effects: whoever turns it into a response logs it.

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
