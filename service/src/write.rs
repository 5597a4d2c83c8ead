//! Starting a transaction that writes.

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

/// A transaction that will write. On SQLite it takes the write lock at `BEGIN` (`IMMEDIATE`),
/// waiting its turn (the busy timeout) behind other writers. SQLite's default (`DEFERRED`)
/// starts as a reader, and a reader cannot become a writer once another connection has
/// committed: it fails at once with "database is locked", whatever the busy timeout. Since a
/// write to `users` also writes the search index (an FTS5 table, migration 8), two deletions at
/// the same moment failed that way. PostgreSQL ignores the mode.
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
