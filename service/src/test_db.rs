//! A migrated SQLite file for the unit tests of intricate code (seeks, claims), removed when
//! dropped.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{Database, DatabaseConnection};
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) struct TestDb {
    pub(crate) db: DatabaseConnection,
    path: std::path::PathBuf,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

pub(crate) async fn test_db() -> TestDb {
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "rotp-service-{}-{}.sqlite3",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = Database::connect(&url).await.expect("open SQLite");
    Migrator::up(&db, None).await.expect("migrate");
    // As the server does: connections opened after the migration (see `server::db`).
    db.close().await.expect("close");
    let db = Database::connect(&url).await.expect("reopen SQLite");
    TestDb { db, path }
}
