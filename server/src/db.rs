//! The database connection: SQLite (embedded default) or PostgreSQL, migrated at start.

use crate::config::DatabaseUrl;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    TransactionTrait,
};
use std::path::Path;
use std::time::Duration;

/// The advisory lock instances take turns on to migrate ("rotp" in ASCII).
const MIGRATION_LOCK: i64 = 0x726f_7470;

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("could not create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("could not connect to the database: {0}")]
    Connect(DbErr),
    #[error("could not migrate the database: {0}")]
    Migrate(DbErr),
}

/// Connects (creating a SQLite file's directory if needed) and runs pending migrations.
pub async fn connect_and_migrate(url: &DatabaseUrl) -> Result<DatabaseConnection, DbSetupError> {
    let url = url.expose();
    if let Some(dir) = sqlite_file_dir(url) {
        std::fs::create_dir_all(&dir).map_err(|source| DbSetupError::DataDir {
            path: dir.clone(),
            source,
        })?;
    }
    let db = connect(url).await?;
    migrate(&db, url).await.map_err(DbSetupError::Migrate)?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // A fresh pool for the service: on SQLite, a connection that ran the migration that
        // creates the search index's triggers then fails to insert into `users` ("no such
        // table"), whereas connections opened after it do not.
        db.close().await.map_err(DbSetupError::Connect)?;
        return connect(url).await;
    }
    Ok(db)
}

async fn connect(url: &str) -> Result<DatabaseConnection, DbSetupError> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(max_connections(url))
        .min_connections(1)
        // A page answers within 5 seconds even when the database is away (a stopped
        // PostgreSQL refuses connections at once; an unreachable one is given up on here).
        .acquire_timeout(Duration::from_secs(3))
        // A connection is checked before use only after it has been idle a while (when a
        // server or network may have dropped it). Checking it on every use, the default, was
        // a second round trip per query: for SQLite a hand-off to the connection's thread and
        // back, which with the query's own was a third of the server's time under load.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false)
        // SQLite: in WAL mode, NORMAL syncs at checkpoints rather than at every commit. A
        // commit stays atomic and the database consistent; only a power cut can lose the last
        // moments. Every commit's fsync otherwise queues the writers (sessions are written).
        .map_sqlx_sqlite_opts(|o| {
            o.synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                // Erased personal data is overwritten, not left in the file's free pages
                // (SPEC §10).
                .pragma("secure_delete", "ON")
        });
    let db = Database::connect(options)
        .await
        .map_err(DbSetupError::Connect)?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // Readers do not wait for a writer; the setting is kept in the file.
        db.execute_unprepared("PRAGMA journal_mode = WAL")
            .await
            .map_err(DbSetupError::Connect)?;
    }
    Ok(db)
}

/// PostgreSQL serves several connections at once. A SQLite connection is a thread of this
/// process with its own page cache, and SQLite writes one at a time: beyond a few connections
/// they only add memory and thread switches (measured with `bin/bench`).
fn max_connections(url: &str) -> u32 {
    if url.starts_with("sqlite:") { 4 } else { 10 }
}

/// Runs pending migrations. Several instances may start at once: on PostgreSQL a transaction
/// holding an advisory lock makes them take turns, so the first migrates and the rest find
/// nothing to do.
async fn migrate(db: &DatabaseConnection, url: &str) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        // SQLite: the same turns, with a lock on a file beside the database.
        let _turn = match sqlite_file_path(url) {
            Some(path) => Some(lock_file(format!("{path}.migrate-lock")).await?),
            None => None,
        };
        return Migrator::up(db, None).await;
    }
    let turn = db.begin().await?;
    turn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    let migrated = Migrator::up(db, None).await;
    turn.commit().await?;
    migrated
}

/// Held until dropped: an exclusive lock on `path` (created if missing).
async fn lock_file(path: String) -> Result<std::fs::File, DbErr> {
    tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        file.lock()?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(|err| DbErr::Custom(format!("migration lock: {err}")))?
    .map_err(|err| DbErr::Custom(format!("migration lock: {err}")))
}

fn sqlite_file_path(url: &str) -> Option<&str> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

fn sqlite_file_dir(url: &str) -> Option<String> {
    Path::new(sqlite_file_path(url)?)
        .parent()
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::sqlite_file_dir;

    #[test]
    fn finds_the_directory_of_a_sqlite_file() {
        assert_eq!(
            sqlite_file_dir("sqlite://data/rotp.sqlite3?mode=rwc").as_deref(),
            Some("data")
        );
        assert_eq!(
            sqlite_file_dir("sqlite:///tmp/x/db.sqlite").as_deref(),
            Some("/tmp/x")
        );
        assert_eq!(sqlite_file_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_file_dir("postgres://localhost/rotp"), None);
    }
}
