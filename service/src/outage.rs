//! Whether a failure means the database is away (PostgreSQL stopped or restarting, the network
//! down, SQLite read-only or locked): the service is then unavailable, not broken, and recovers
//! by itself when the database is back.

use sea_orm::{DbErr, RuntimeErr, sqlx};
use std::error::Error as StdError;

/// Whether `err`, or any error it was caused by, is the database being away.
pub fn is_database_away(err: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(err);
    while let Some(err) = current {
        if let Some(db) = err.downcast_ref::<DbErr>()
            && db_err_is_away(db)
        {
            return true;
        }
        current = err.source();
    }
    false
}

fn db_err_is_away(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(err)) | DbErr::Query(RuntimeErr::SqlxError(err)) => {
            sqlx_err_is_away(err)
        }
        _ => false,
    }
}

fn sqlx_err_is_away(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(err) => {
            let sqlite = err
                .try_downcast_ref::<sqlx::sqlite::SqliteError>()
                .is_some();
            err.code().is_some_and(|code| match sqlite {
                true => sqlite_code_is_away(&code),
                false => sqlstate_is_away(&code),
            })
        }
        _ => false,
    }
}

/// SQLite's result codes that mean it cannot take the statement now (the primary code is the
/// low byte): BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN.
fn sqlite_code_is_away(code: &str) -> bool {
    code.parse::<i32>()
        .is_ok_and(|code| matches!(code & 0xff, 5 | 6 | 8 | 10 | 13 | 14))
}

/// PostgreSQL's SQLSTATEs for the same: connection exceptions, insufficient resources,
/// operator intervention (shutting down, cannot connect now), and a read-only transaction (a
/// standby).
fn sqlstate_is_away(code: &str) -> bool {
    code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") || code == "25006"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_and_postgresql_codes_for_a_database_that_is_away() {
        for away in ["8", "1032", "5", "10", "13", "14"] {
            assert!(sqlite_code_is_away(away), "{away}");
        }
        for away in ["08006", "57P01", "57P03", "53300", "25006"] {
            assert!(sqlstate_is_away(away), "{away}");
        }
        // A unique violation, a syntax error, a constraint: bugs or races, not an outage.
        for not in ["2067", "19", "1"] {
            assert!(!sqlite_code_is_away(not), "{not}");
        }
        for not in ["23505", "42601", "22021"] {
            assert!(!sqlstate_is_away(not), "{not}");
        }
    }

    #[test]
    fn the_cause_is_found_through_the_chain() {
        let away = DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout);
        assert!(is_database_away(&away));
        #[derive(Debug, thiserror::Error)]
        #[error("could not add the user")]
        struct Outer(#[source] DbErr);
        assert!(is_database_away(&Outer(away)));
        assert!(!is_database_away(&Outer(DbErr::RecordNotFound("x".into()))));
    }
}
