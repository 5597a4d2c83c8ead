//! `bench-seed <database url> <users>`: a database of that many active support users (the
//! development personas among them, so the benchmark can sign in), inserted in bulk.

use chrono::Utc;
use domain::personas::PERSONAS;
use entity::users;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, TransactionTrait};
use server::seed::{SAMPLE_USERS, ascii_fold};
use std::time::Instant;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: bench-seed <database url> <users>")?;
    let count: usize = args
        .next()
        .ok_or("usage: bench-seed <database url> <users>")?
        .parse()?;
    let started = Instant::now();
    let db = server::db::connect_and_migrate(&server::config::DatabaseUrl::new(url)).await?;
    let now = Utc::now();
    let row = |first: &str, last: &str, email: String| users::ActiveModel {
        first_name: Set(first.to_owned()),
        last_name: Set(last.to_owned()),
        email: Set(email),
        created_at: Set(now),
        updated_at: Set(now),
        lock_version: Set(1),
        ..Default::default()
    };
    let mut rows: Vec<users::ActiveModel> = PERSONAS
        .iter()
        .map(|p| row(p.first_name, p.last_name, p.email.to_owned()))
        .collect();
    // Names from the development samples, crossed so that many people share each name.
    for n in 0..count.saturating_sub(PERSONAS.len()) {
        let (first, _) = SAMPLE_USERS[n % SAMPLE_USERS.len()];
        let (_, last) = SAMPLE_USERS[(n / SAMPLE_USERS.len()) % SAMPLE_USERS.len()];
        let email = format!(
            "{}.{}.{n}@education.gov.uk",
            ascii_fold(first),
            ascii_fold(last)
        );
        rows.push(row(first, last, email));
    }
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let txn = db.begin().await?;
    if postgres {
        // A bulk load: the list-state trigger would update its one row 100,000 times (each a
        // new row version on PostgreSQL); the state is set once at the end instead.
        txn.execute_unprepared("ALTER TABLE users DISABLE TRIGGER user_list_state_track")
            .await?;
    }
    // Small enough chunks for SQLite's and PostgreSQL's limits on bound parameters.
    while !rows.is_empty() {
        let chunk: Vec<_> = rows.drain(..rows.len().min(2_000)).collect();
        users::Entity::insert_many(chunk).exec(&txn).await?;
    }
    if postgres {
        txn.execute_unprepared("ALTER TABLE users ENABLE TRIGGER user_list_state_track")
            .await?;
        txn.execute_unprepared(
            "UPDATE user_list_state SET version = version + 1, \
             active_users = (SELECT COUNT(*) FROM users WHERE deleted_at IS NULL) WHERE id = 1",
        )
        .await?;
    }
    txn.commit().await?;
    if postgres {
        // As after any bulk load: statistics for the planner, or it plans for an empty table.
        // Not on SQLite, as the service never analyzes there: its planner finds the list-order
        // index without statistics, and with the samples ANALYZE keeps (the bundled SQLite
        // has STAT4) it re-plans the page seek on every run, as each new value is bound.
        db.execute_unprepared("ANALYZE").await?;
    }
    println!(
        "seeded {count} users in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
