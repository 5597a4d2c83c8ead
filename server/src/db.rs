//! The database connection: SQLite (embedded default) or PostgreSQL, migrated at start.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::path::Path;
use std::time::Duration;

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
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbSetupError> {
    if let Some(dir) = sqlite_file_dir(url) {
        std::fs::create_dir_all(&dir).map_err(|source| DbSetupError::DataDir {
            path: dir.clone(),
            source,
        })?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(10)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    let db = Database::connect(options)
        .await
        .map_err(DbSetupError::Connect)?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // Readers do not wait for a writer; the setting is kept in the file.
        db.execute_unprepared("PRAGMA journal_mode = WAL")
            .await
            .map_err(DbSetupError::Connect)?;
    }
    Migrator::up(&db, None)
        .await
        .map_err(DbSetupError::Migrate)?;
    Ok(db)
}

fn sqlite_file_dir(url: &str) -> Option<String> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Path::new(path)
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
