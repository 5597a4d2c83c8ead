//! The support users list at any depth without counting or skipping rows.
//!
//! The count comes from `user_list_state`, a row the database's triggers keep (see migration
//! 4). Deep pages seek: this process remembers the list-order key that starts every page
//! (one scan of the list-order index, inside the database, keeping every 25th key), and a
//! page is then an index range read from its key. The remembered keys belong to the state's
//! version; any change to the list (by any instance, or by anyone) changes the version, and
//! they are worked out again when next needed. A page is read together with the state, from
//! the starts last worked out; the version read with it says whether they still held.

use crate::paging::PAGE_SIZE;
use entity::users;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListState {
    pub version: i64,
    pub active_users: u64,
}

/// Where a page starts in the list order: `(lower(first_name), lower(last_name), id)`.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct PageStart {
    pub first_key: String,
    pub last_key: String,
    pub id: i64,
}

pub async fn state<C: ConnectionTrait>(db: &C) -> Result<ListState, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version, active_users FROM user_list_state WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?;
    let active: i64 = row.try_get("", "active_users")?;
    Ok(ListState {
        version: row.try_get("", "version")?,
        active_users: u64::try_from(active).unwrap_or(0),
    })
}

/// Every page's start, for one version of the list.
#[derive(Debug)]
struct Known {
    version: i64,
    starts: Arc<Vec<PageStart>>,
}

/// The page starts this process knows, for one version of the list.
#[derive(Debug, Clone, Default)]
pub struct PageStarts(Arc<tokio::sync::Mutex<Option<Known>>>);

impl PageStarts {
    /// Where page `page` (1-based) starts, for the list at `version`.
    pub async fn get<C: ConnectionTrait>(
        &self,
        db: &C,
        version: i64,
        page: u32,
    ) -> Result<Option<PageStart>, DbErr> {
        let starts = {
            let mut known = self.0.lock().await;
            match known.as_ref() {
                Some(k) if k.version == version => k.starts.clone(),
                _ => {
                    let starts = Arc::new(page_starts(db).await?);
                    *known = Some(Known {
                        version,
                        starts: starts.clone(),
                    });
                    starts
                }
            }
        };
        Ok(starts.get(page as usize - 1).cloned())
    }

    /// Where page `page` (1-based) starts by the page starts last worked out, with the version
    /// of the list they belong to; `None` if none are known or the page is past their end.
    pub async fn last_known(&self, page: u32) -> Option<(i64, PageStart)> {
        let known = self.0.lock().await;
        let known = known.as_ref()?;
        let start = known.starts.get((page as usize).checked_sub(1)?)?;
        Some((known.version, start.clone()))
    }
}

/// Every page's first key, from one ordered walk of the list-order index in the database.
async fn page_starts<C: ConnectionTrait>(db: &C) -> Result<Vec<PageStart>, DbErr> {
    let sql = format!(
        "SELECT first_key, last_key, id FROM (
            SELECT lower(first_name) AS first_key, lower(last_name) AS last_key, id,
                   ROW_NUMBER() OVER (ORDER BY lower(first_name), lower(last_name), id) AS n
            FROM users WHERE deleted_at IS NULL
        ) AS ordered
        WHERE (n - 1) % {PAGE_SIZE} = 0
        ORDER BY n"
    );
    PageStart::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await
}

/// The list's state and, read in the same statement, the page that begins at `start` (the
/// first page when `None`). One statement rather than two: on SQLite every statement is a
/// hand-off to the connection's own thread and back, which under load costs more than the
/// reads themselves (`bin/bench --perf`).
pub async fn state_and_page<C: ConnectionTrait>(
    db: &C,
    start: Option<&PageStart>,
) -> Result<(ListState, Vec<users::Model>), DbErr> {
    let backend = db.get_database_backend();
    let (page, values) = match start {
        None => (
            format!("SELECT * FROM users WHERE deleted_at IS NULL {ORDER} LIMIT {PAGE_SIZE}"),
            Vec::new(),
        ),
        Some(start) => (
            page_from_sql(backend),
            vec![
                start.first_key.clone().into(),
                start.last_key.clone().into(),
                start.id.into(),
            ],
        ),
    };
    // The state row is always there; an empty page joins to one row of nulls.
    let sql = format!(
        "SELECT s.version AS list_version, s.active_users AS list_active_users, p.*
         FROM user_list_state AS s LEFT JOIN ({page}) AS p ON 1 = 1
         WHERE s.id = 1
         ORDER BY lower(p.first_name), lower(p.last_name), p.id"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let first = rows
        .first()
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?;
    let active: i64 = first.try_get("", "list_active_users")?;
    let state = ListState {
        version: first.try_get("", "list_version")?,
        active_users: u64::try_from(active).unwrap_or(0),
    };
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<i64>>("", "id")?.is_some() {
            users.push(users::Model::from_query_result(row, "")?);
        }
    }
    Ok((state, users))
}

const ORDER: &str = "ORDER BY lower(first_name), lower(last_name), id";

/// The page from a start (`$1`..`$3`: its first key, last key and id): index range reads in
/// list order. Each database gets the form its planner seeks the list-order index with
/// (measured at 100,000 users, page 2000): PostgreSQL turns a row-value `>=` into the index
/// condition (0.4 ms; the spelled-out form filters row by row, 6 ms). SQLite scans the index
/// for the row value (4.4 ms) and, for a spelled-out comparison, seeks on the first name only
/// and filters everyone who shares it (1 ms); three exact ranges (the start's first and last
/// name from its id on, the rest of that first name, the later first names), at most a page
/// from each, take 0.1 ms.
fn page_from_sql(backend: sea_orm::DbBackend) -> String {
    match backend {
        sea_orm::DbBackend::Postgres => format!(
            "SELECT * FROM users
             WHERE deleted_at IS NULL
               AND (lower(first_name), lower(last_name), id) >= ($1, $2, $3)
             {ORDER} LIMIT {PAGE_SIZE}"
        ),
        _ => {
            // Each range is ordered by what its condition leaves open: SQLite reads an
            // equality-bound expression column in index order only when it is not in the
            // ORDER BY, and otherwise sorts every match (a whole first name) for 25 rows.
            let range = |from: &str, order: &str| {
                format!(
                    "SELECT * FROM (SELECT * FROM users WHERE deleted_at IS NULL AND {from}
                     ORDER BY {order} LIMIT {PAGE_SIZE})"
                )
            };
            format!(
                "SELECT * FROM ({} UNION ALL {} UNION ALL {}) {ORDER} LIMIT {PAGE_SIZE}",
                range(
                    "lower(first_name) = ?1 AND lower(last_name) = ?2 AND id >= ?3",
                    "id"
                ),
                range(
                    "lower(first_name) = ?1 AND lower(last_name) > ?2",
                    "lower(last_name), id"
                ),
                range(
                    "lower(first_name) > ?1",
                    "lower(first_name), lower(last_name), id"
                ),
            )
        }
    }
}
