//! The work a server does besides answering requests: delivering the outbox, deleting
//! expired sessions, pruning the list's change log, and deactivating dormant accounts.
//! Started together, owned by the application, and stopped together on shutdown (the email
//! worker after the email in hand). The email worker is supervised: if it
//! panics or ends, it is logged and started again, and `/healthz` reports it down meanwhile.

use crate::email::EmailWorker;
use service::session_store::DbSessionStore;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tower_sessions::session_store::ExpiredDeletion;

/// Personal data past its retention is erased this often, by whichever instance claims it.
const RETENTION_EVERY: Duration = Duration::from_secs(60 * 60);
/// How often each instance tries to claim that job.
const RETENTION_TRIES_EVERY: Duration = Duration::from_secs(10 * 60);
/// How often expired sessions are deleted.
const SESSION_CLEAN_UP_EVERY: Duration = Duration::from_secs(600);
/// How long a worker that stopped is left before it is started again: a fault that ends it at
/// once does not become a busy loop.
const RESTART_AFTER: Duration = Duration::from_secs(1);

/// Whether a supervised task is running, for `/healthz`. Cheap to clone: clones share.
#[derive(Debug, Clone, Default)]
pub struct TaskStatus(Arc<AtomicBool>);

impl TaskStatus {
    pub fn is_running(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn set_running(&self, running: bool) {
        self.0.store(running, Ordering::Relaxed);
    }
}

/// What the dormant-account task needs: which rules, how often, and where its emails go.
#[derive(Debug, Clone)]
pub struct DormancyTask {
    pub db: sea_orm::DatabaseConnection,
    pub emails: service::outbox::EmailContext,
    pub rules: service::users::dormancy::DormancyRules,
    pub every: Duration,
    pub outbox: service::outbox::OutboxSignal,
}

pub struct BackgroundTasks {
    stop: CancellationToken,
    tasks: JoinSet<()>,
}

impl BackgroundTasks {
    pub fn start(
        email_worker: EmailWorker,
        worker_status: TaskStatus,
        sessions: DbSessionStore,
        metrics_listener: tokio::net::TcpListener,
        dormancy: Option<DormancyTask>,
        retention: service::retention::RetentionRules,
    ) -> Self {
        let stop = CancellationToken::new();
        let mut tasks = JoinSet::new();
        let db = email_worker.db.clone();
        // Running from here: before the server answers its first health check.
        worker_status.set_running(true);
        tasks.spawn(supervise("email worker", worker_status, stop.clone(), {
            let stop = stop.clone();
            move || email_worker.clone().run(stop.clone())
        }));
        tasks.spawn(crate::metrics::watch(db.clone(), stop.clone()));
        tasks.spawn(crate::metrics::serve(metrics_listener, stop.clone()));
        tasks.spawn(erase_what_is_due(db.clone(), retention, stop.clone()));
        tasks.spawn(prune_list_changes(db, stop.clone()));
        tasks.spawn(delete_expired_sessions(sessions, stop.clone()));
        if let Some(dormancy) = dormancy {
            tasks.spawn(deactivate_dormant_accounts(dormancy, stop.clone()));
        }
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

/// Runs the task `start` makes until `stop`; whenever it panics or ends before then, logs it
/// and starts another.
async fn supervise<F, Fut>(
    name: &'static str,
    status: TaskStatus,
    stop: CancellationToken,
    mut start: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    loop {
        status.set_running(true);
        let ended = tokio::spawn(start()).await;
        status.set_running(false);
        if stop.is_cancelled() {
            return;
        }
        match ended {
            Ok(()) => tracing::error!("the {name} ended; starting it again"),
            Err(err) => tracing::error!(error = %err, "the {name} failed; starting it again"),
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(RESTART_AFTER) => {}
        }
    }
}

/// How often the list's change log is pruned.
const PRUNE_LIST_CHANGES_EVERY: Duration = Duration::from_secs(600);

/// Every [`RETENTION_TRIES_EVERY`], on every instance: whichever instance claims the job
/// (at most once in [`RETENTION_EVERY`]) erases the personal data that is due
/// (`service::retention`), by the database's clock.
async fn erase_what_is_due(
    db: sea_orm::DatabaseConnection,
    rules: service::retention::RetentionRules,
    stop: CancellationToken,
) {
    let mut every = tokio::time::interval(RETENTION_TRIES_EVERY);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = every.tick() => {}
        }
        let run = async {
            let now = service::clock::database_now(&db).await?;
            let every = chrono::Duration::from_std(RETENTION_EVERY).expect("an hour fits");
            if !service::jobs::claim(&db, service::jobs::Job::Retention, now, every).await? {
                return Ok(None);
            }
            service::retention::run(&db, rules, now).await.map(Some)
        };
        match run.await {
            Ok(Some(run)) => tracing::info!(
                users_erased = run.users_erased,
                email_bodies_erased = run.email_bodies_erased,
                idempotency_keys_removed = run.idempotency_keys_removed,
                "personal data past its retention erased"
            ),
            Ok(None) => {}
            Err(err) => {
                tracing::warn!(error = %err, "could not erase personal data past its retention")
            }
        }
    }
}

async fn prune_list_changes(db: sea_orm::DatabaseConnection, stop: CancellationToken) {
    let mut every = tokio::time::interval(PRUNE_LIST_CHANGES_EVERY);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = every.tick() => {}
        }
        if let Err(err) = service::users::prune_change_log(&db).await {
            tracing::warn!(error = %err, "could not prune the list's change log");
        }
    }
}

/// Every `every`, on every instance: reminders and deactivations of dormant accounts. Each is
/// written once whichever instance finds it (`service::users::dormancy`).
async fn deactivate_dormant_accounts(task: DormancyTask, stop: CancellationToken) {
    let mut every = tokio::time::interval(task.every);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = every.tick() => {}
        }
        let run = async {
            let now = service::clock::database_now(&task.db).await?;
            service::users::dormancy::run(&task.db, &task.emails, task.rules, now).await
        };
        match run.await {
            Ok(run) => {
                if run.reminded + run.deactivated > 0 {
                    tracing::info!(
                        reminded = run.reminded,
                        deactivated = run.deactivated,
                        "dormant accounts"
                    );
                    task.outbox.wake();
                }
            }
            Err(err) => tracing::warn!(error = %err, "could not look for dormant accounts"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;

    // Tokio's clock is paused: each sleep moves it on at once, in order, so the test waits
    // for nothing and sees every step.
    #[tokio::test(start_paused = true)]
    async fn a_task_that_panics_or_ends_is_started_again_and_reported_down_meanwhile() {
        let status = TaskStatus::default();
        let stop = CancellationToken::new();
        let starts = Arc::new(AtomicU32::new(0));
        let supervisor = tokio::spawn(supervise("test task", status.clone(), stop.clone(), {
            let starts = starts.clone();
            let stop = stop.clone();
            move || {
                let n = starts.fetch_add(1, Ordering::SeqCst);
                let stop = stop.clone();
                async move {
                    match n {
                        0 => panic!("the first run panics"),
                        1 => {} // the second ends at once
                        _ => stop.cancelled().await,
                    }
                }
            }
        }));
        // Down between the panic and the restart.
        tokio::time::sleep(RESTART_AFTER / 2).await;
        assert!(!status.is_running());
        assert_eq!(starts.load(Ordering::SeqCst), 1);
        // Then started again twice (after the panic, after it ended), and running.
        tokio::time::sleep(RESTART_AFTER * 2 + RESTART_AFTER / 2).await;
        assert_eq!(starts.load(Ordering::SeqCst), 3);
        assert!(status.is_running());
        stop.cancel();
        supervisor.await.unwrap();
        assert!(!status.is_running());
    }
}
