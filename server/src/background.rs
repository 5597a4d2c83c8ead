//! The work a server does besides answering requests: delivering the outbox, and deleting
//! expired sessions. Started together, owned by the application, and stopped together on
//! shutdown (the email worker after the email in hand).

use crate::email::EmailWorker;
use crate::session_store::DbSessionStore;
use std::time::Duration;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower_sessions::session_store::ExpiredDeletion;

/// How often expired sessions are deleted.
const SESSION_CLEAN_UP_EVERY: Duration = Duration::from_secs(600);

pub struct BackgroundTasks {
    stop: CancellationToken,
    tasks: JoinSet<()>,
}

impl BackgroundTasks {
    pub fn start(email_worker: EmailWorker, sessions: DbSessionStore) -> Self {
        let stop = CancellationToken::new();
        let mut tasks = JoinSet::new();
        tasks.spawn(email_worker.run(stop.clone()));
        tasks.spawn(delete_expired_sessions(sessions, stop.clone()));
        Self { stop, tasks }
    }

    /// Asks every task to stop, and waits until they have.
    pub async fn stop(mut self) {
        self.stop.cancel();
        while let Some(ended) = self.tasks.join_next().await {
            if let Err(err) = ended {
                tracing::error!(error = %err, "a background task ended abnormally");
            }
        }
    }
}

async fn delete_expired_sessions(store: DbSessionStore, stop: CancellationToken) {
    let mut every = tokio::time::interval(SESSION_CLEAN_UP_EVERY);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = every.tick() => {}
        }
        if let Err(err) = store.delete_expired().await {
            tracing::warn!(error = %err, "could not delete expired sessions");
        }
    }
}
