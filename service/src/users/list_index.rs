//! The support users list at any depth without counting or skipping rows: one type,
//! [`PageIndex`], with one method, [`PageIndex::page`].
//!
//! The count comes from `user_list_state`, a row the database's triggers keep (migration 4),
//! with a version that any change to the list (by any instance, the command line or an
//! operator's SQL) moves on. Deep pages seek: the index remembers, for one version, the
//! list-order key that starts every page, and a page is then an index range read from its key,
//! in the same statement as the state. The version read with the page says whether the starts
//! still held; when they did not, they are worked out again (one walk of the list-order index,
//! inside the database, keeping every 25th key) by one request while the others wait for its
//! result: a single-flight rebuild. Measured costs are in `docs/benchmarks.md`.

use super::repo::ACTIVE;
use domain::paging::{PAGE_SIZE, PageRequest};
use entity::users;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement};
use std::sync::Arc;
use tokio::sync::Mutex;

/// One page of the list, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub users: Vec<users::Model>,
    /// Active users in all.
    pub total: u64,
    pub request: PageRequest,
}

/// Where the list's pages start, as this process knows them. Cheap to clone: clones share.
#[derive(Debug, Clone, Default)]
pub struct PageIndex(Arc<Mutex<Option<Known>>>);

impl PageIndex {
    /// Page `page` (1-based) of the list, or `None` when the list has no such page.
    pub async fn page<C: ConnectionTrait>(
        &self,
        db: &C,
        page: u32,
    ) -> Result<Option<ListPage>, DbErr> {
        if page == 1 {
            let (state, users) = state_and_page(db, None).await?;
            return Ok(list_page(state, page, users));
        }
        // The usual case: the starts this process knows are still the list's, which the
        // version read with the page confirms.
        if let Some((version, start)) = self.last_known(page).await {
            let (state, users) = state_and_page(db, Some(&start)).await?;
            if state.version == version {
                return Ok(list_page(state, page, users));
            }
        }
        // The list changed since (or the starts were never worked out): the state first, then
        // the starts for its version, then the page.
        let state = state(db).await?;
        if PageRequest::new(page, state.active_users).is_none() {
            return Ok(None);
        }
        let Some(start) = self.start_for(db, state.version, page).await? else {
            // The list changed between reading its state and its page starts.
            return Ok(None);
        };
        let (state, users) = state_and_page(db, Some(&start)).await?;
        Ok(list_page(state, page, users))
    }

    /// Where `page` starts by the starts last worked out, with their version.
    async fn last_known(&self, page: u32) -> Option<(i64, PageStart)> {
        let known = self.0.lock().await;
        let known = known.as_ref()?;
        let start = known.starts.get((page as usize).checked_sub(1)?)?;
        Some((known.version, start.clone()))
    }

    /// Where `page` starts at `version`, working the starts out if they are not known for it.
    /// The lock is held across the walk, so concurrent requests wait for one walk (single
    /// flight) rather than each making its own.
    async fn start_for<C: ConnectionTrait>(
        &self,
        db: &C,
        version: i64,
        page: u32,
    ) -> Result<Option<PageStart>, DbErr> {
        let mut known = self.0.lock().await;
        let starts = match known.as_ref() {
            Some(k) if k.version == version => k.starts.clone(),
            _ => {
                let starts = Arc::new(page_starts(db).await?);
                *known = Some(Known {
                    version,
                    starts: starts.clone(),
                });
                starts
            }
        };
        Ok(starts.get((page as usize).saturating_sub(1)).cloned())
    }
}

fn list_page(state: ListState, page: u32, users: Vec<users::Model>) -> Option<ListPage> {
    PageRequest::new(page, state.active_users).map(|request| ListPage {
        users,
        total: state.active_users,
        request,
    })
}

/// Every page's start, for one version of the list.
#[derive(Debug)]
struct Known {
    version: i64,
    starts: Arc<Vec<PageStart>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ListState {
    version: i64,
    active_users: u64,
}

/// Where a page starts in the list order: `(lower(first_name), lower(last_name), id)`.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
struct PageStart {
    first_key: String,
    last_key: String,
    id: i64,
}

async fn state<C: ConnectionTrait>(db: &C) -> Result<ListState, DbErr> {
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

/// Every page's first key, from one ordered walk of the list-order index in the database.
async fn page_starts<C: ConnectionTrait>(db: &C) -> Result<Vec<PageStart>, DbErr> {
    let sql = format!(
        "SELECT first_key, last_key, id FROM (
            SELECT lower(first_name) AS first_key, lower(last_name) AS last_key, id,
                   ROW_NUMBER() OVER (ORDER BY lower(first_name), lower(last_name), id) AS n
            FROM users WHERE {ACTIVE}
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
/// reads themselves.
async fn state_and_page<C: ConnectionTrait>(
    db: &C,
    start: Option<&PageStart>,
) -> Result<(ListState, Vec<users::Model>), DbErr> {
    let backend = db.get_database_backend();
    let (page, values) = match start {
        None => (
            format!("SELECT * FROM users WHERE {ACTIVE} {ORDER} LIMIT {PAGE_SIZE}"),
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

/// The list order; the `users_active_list_order` index serves exactly this.
const ORDER: &str = "ORDER BY lower(first_name), lower(last_name), id";

/// The page from a start (`$1`..`$3`: its first key, last key and id), as index range reads in
/// list order. Each database gets the form its planner seeks the list-order index with
/// (`docs/benchmarks.md` has the measurements): PostgreSQL turns a row-value `>=` into the
/// index condition; SQLite does not, so it gets three exact ranges (the start's first and last
/// name from its id on, the rest of that first name, the later first names), at most a page
/// from each.
fn page_from_sql(backend: DbBackend) -> String {
    match backend {
        DbBackend::Postgres => format!(
            "SELECT * FROM users
             WHERE {ACTIVE}
               AND (lower(first_name), lower(last_name), id) >= ($1, $2, $3)
             {ORDER} LIMIT {PAGE_SIZE}"
        ),
        _ => {
            // Each range is ordered by what its condition leaves open: SQLite reads an
            // equality-bound expression column in index order only when it is not in the
            // ORDER BY, and otherwise sorts every match (a whole first name) for 25 rows.
            let range = |from: &str, order: &str| {
                format!(
                    "SELECT * FROM (SELECT * FROM users WHERE {ACTIVE} AND {from}
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
