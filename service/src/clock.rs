//! The one clock every time rule reads: the database's.
//!
//! Instances' clocks drift, and one whose clock is fast would otherwise widen a limit (a resend
//! it thinks is 6 minutes after the last), end a lease early, or stretch a session. So every
//! time the service writes or compares (limits, leases, due times, sessions, dormancy,
//! retention) is the database's `now`: read with [`database_now`], or, inside a statement,
//! [`epoch_seconds`].

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

/// The database's clock, to the microsecond.
pub async fn database_now<C: ConnectionTrait>(db: &C) -> Result<DateTime<Utc>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT) AS micros"
        }
        // Julian days since 1970-01-01, in microseconds.
        _ => "SELECT CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER) AS micros",
    };
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| DbErr::Custom("the database did not tell the time".into()))?;
    let micros: i64 = row.try_get("", "micros")?;
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| DbErr::Custom(format!("the database's clock is out of range: {micros}")))
}

/// The database's clock in whole Unix seconds, as an expression to use inside a statement.
pub fn epoch_seconds(backend: DbBackend) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust("CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT)"),
        _ => Expr::cust("CAST(strftime('%s', 'now') AS INTEGER)"),
    }
}
