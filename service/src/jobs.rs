//! Background jobs that must run on one instance at a time, however many run the service: a
//! run is claimed with a lease by the database's clock, as the outbox claims its emails.
//!
//! Each job has one row in `background_claims`. Claiming is one conditional `UPDATE` (the lease
//! has ended: move it on), so of two instances that try at once, one matches the row and the
//! other matches nothing. The lease is the job's period: an instance that claims it and dies
//! leaves it to whichever instance tries after the lease ends.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, Statement, Value};

/// A job run under a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Erasing what SPEC §10 keeps no longer (`crate::retention`).
    Retention,
}

impl Job {
    fn name(self) -> &'static str {
        match self {
            Job::Retention => "retention",
        }
    }
}

/// Whether this instance runs `job` now: `true` when no run has been claimed within `every`
/// before `now` (the database's clock), and the claim is now this instance's.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    job: Job,
    now: DateTime<Utc>,
    every: chrono::Duration,
) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let (insert, update) = match backend {
        sea_orm::DbBackend::Postgres => (
            "INSERT INTO background_claims (name, lease_until) VALUES ($1, $2) \
             ON CONFLICT (name) DO NOTHING",
            "UPDATE background_claims SET lease_until = $1 WHERE name = $2 AND lease_until <= $3",
        ),
        _ => (
            "INSERT INTO background_claims (name, lease_until) VALUES (?, ?) \
             ON CONFLICT (name) DO NOTHING",
            "UPDATE background_claims SET lease_until = ? WHERE name = ? AND lease_until <= ?",
        ),
    };
    // A job never run is due: its row starts with a lease that has ended.
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        insert,
        [Value::from(job.name()), Value::from(now)],
    ))
    .await?;
    let claimed = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            update,
            [
                Value::from(now + every),
                Value::from(job.name()),
                Value::from(now),
            ],
        ))
        .await?;
    Ok(claimed.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_db::test_db;
    use chrono::Duration;

    #[tokio::test]
    async fn a_job_is_claimed_once_a_period_and_again_once_it_has_passed() {
        let t = test_db().await;
        let now = crate::clock::database_now(&t.db).await.unwrap();
        let hour = Duration::hours(1);
        let claim_at = |at| claim(&t.db, Job::Retention, at, hour);
        assert!(claim_at(now).await.unwrap(), "never run: due");
        assert!(!claim_at(now).await.unwrap(), "claimed already");
        assert!(!claim_at(now + hour - Duration::seconds(1)).await.unwrap());
        assert!(claim_at(now + hour).await.unwrap(), "the lease has ended");
        assert!(!claim_at(now + hour).await.unwrap());
    }

    #[tokio::test]
    async fn of_instances_claiming_at_once_one_wins() {
        let t = test_db().await;
        let now = crate::clock::database_now(&t.db).await.unwrap();
        let claims = (0..8).map(|_| {
            let db = t.db.clone();
            tokio::spawn(async move { claim(&db, Job::Retention, now, Duration::hours(1)).await })
        });
        let mut won = 0;
        for claim in claims {
            if claim.await.unwrap().unwrap() {
                won += 1;
            }
        }
        assert_eq!(won, 1);
    }
}
