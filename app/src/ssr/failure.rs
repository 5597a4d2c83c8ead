//! How a server function fails: with an [`AppError`] a person is shown, or with an internal
//! error whose cause is logged, once, by [`respond`], and never sent to the browser.

use crate::error::AppError;
use service::{Failed, Refusal};
use std::error::Error as StdError;
use std::fmt;

#[derive(Debug)]
pub enum Failure {
    /// What the person is told (not found, forbidden, …).
    App(AppError),
    /// Ours: logged with its causes; the person sees "Sorry, there is a problem".
    Internal(Box<dyn StdError + Send + Sync>),
}

impl Failure {
    pub fn internal(err: impl StdError + Send + Sync + 'static) -> Self {
        Failure::Internal(Box::new(err))
    }
}

impl From<AppError> for Failure {
    fn from(err: AppError) -> Self {
        Failure::App(err)
    }
}

impl From<service::Error> for Failure {
    fn from(err: service::Error) -> Self {
        Failure::internal(err)
    }
}

impl From<Failed> for Failure {
    fn from(failed: Failed) -> Self {
        match failed {
            Failed::Refused(refusal) => Failure::App(refused(refusal)),
            Failed::Error(err) => Failure::internal(err),
        }
    }
}

/// What a person is told when the service refused: the one place each refusal is mapped.
/// (A form that can put it right, "email address already in use" or "changed by someone
/// else", handles those two itself, before this.)
pub fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NotFound => AppError::NotFound,
        Refusal::Forbidden | Refusal::Locked | Refusal::Yourself | Refusal::NotInvitable => {
            AppError::Forbidden
        }
        Refusal::TooMany => AppError::TooManyRequests,
        Refusal::TooSoon => AppError::ResendTooSoon,
        Refusal::TooFewActive => AppError::TooFewUsers,
        Refusal::EmailTaken | Refusal::Conflict => AppError::BadRequest,
    }
}

/// Runs the server function `name`'s work, in a span of its own, and turns its failure into
/// the error it returns: the one place an internal failure is logged.
pub async fn respond<T>(
    name: &'static str,
    work: impl Future<Output = Result<T, Failure>>,
) -> Result<T, AppError> {
    use tracing::Instrument;
    let span = tracing::info_span!("server_fn", name);
    // Logged inside the span: the line says which function failed, in which request.
    async move {
        work.await.map_err(|failure| match failure {
            Failure::App(err) => err,
            Failure::Internal(err) if service::outage::is_database_away(&*err) => {
                tracing::error!(error = %Causes(&*err), "server function failed: the database is away");
                AppError::Unavailable
            }
            Failure::Internal(err) => {
                tracing::error!(error = %Causes(&*err), "server function failed");
                AppError::Internal
            }
        })
    }
    .instrument(span)
    .await
}

/// An error and each of its sources, on one line.
struct Causes<'a>(&'a (dyn StdError + 'static));

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("could not add the user")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn an_internal_failure_is_logged_with_its_causes_and_answered_as_internal() {
        let err = Outer(std::io::Error::other("disk full"));
        assert_eq!(
            Causes(&err).to_string(),
            "could not add the user: disk full"
        );
        let answered = block_on(respond::<()>("test", async {
            Err(Failure::internal(Outer(std::io::Error::other("disk full"))))
        }));
        assert_eq!(answered, Err(AppError::Internal));
        let answered = block_on(respond::<()>("test", async {
            Err(AppError::NotFound.into())
        }));
        assert_eq!(answered, Err(AppError::NotFound));
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
            .block_on(future)
    }
}
