//! Starting a transaction that writes.

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

/// A transaction that will write. On SQLite it takes the write lock at `BEGIN` (`IMMEDIATE`),
/// waiting its turn behind other writers: a transaction that began as a reader (SQLite's
/// default, which the search index's virtual table makes every write to `users` start as)
/// cannot become a writer once another has committed, and fails at once with "database is
/// locked". PostgreSQL ignores the mode.
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
