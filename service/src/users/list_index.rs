//! The support users list at any depth without counting or skipping rows: one type,
//! [`PageIndex`], with one method, [`PageIndex::page`].
//!
//! The count comes from `user_list_state`, a row the database's triggers keep (migration 4).
//! Triggers also write each change to who is on the list, or where they sort, to
//! `user_list_changes` (migration 7), by any instance, the command line or an operator's SQL:
//! its sort key and +1 or -1, numbered in order.
//!
//! Deep pages seek. The index remembers, as of one change in the log (its base), the key that starts
//! every page. A page is read in one statement with the list's state and the sum of the
//! changes logged since the base before the page's remembered start: that sum is how far the
//! start has moved, so the page begins that many rows before (or after) the remembered key, a
//! few rows' step in the list-order index rather than a walk of the list. When the base is
//! far behind, or older than the log reaches, a new base is worked out in the background (one
//! walk of the index, keeping every 25th key), and no request waits for it. Measured costs are
//! in `docs/benchmarks.md`.

use super::repo::NOT_DELETED;
use domain::paging::{PAGE_SIZE, PageRequest};
use entity::users;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult, QueryResult, Statement,
    Value,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use tokio::sync::RwLock;

/// After this many changes since the base, a new base is worked out (in the background).
const REBUILD_AFTER_CHANGES: i64 = 256;
/// The log keeps at least this many changes behind the newest base.
const LOG_KEEPS_CHANGES: i64 = 10_000;
/// How often a page read is tried again when the list changed under it.
const ATTEMPTS: usize = 4;

/// One page of the list, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub users: Vec<users::Model>,
    /// Users in all, deleted ones aside.
    pub total: u64,
    pub request: PageRequest,
}

/// Where the list's pages start, as this process knows them. Cheap to clone: clones share.
#[derive(Debug, Clone, Default)]
pub struct PageIndex {
    base: Arc<RwLock<Option<Arc<Base>>>>,
    rebuilding: Arc<AtomicBool>,
}

/// Every page's start, as of one change in the log (all changes up to `seq` included).
#[derive(Debug)]
struct Base {
    seq: i64,
    starts: Vec<PageStart>,
    /// For each start, how far it had moved when its page was last read: the first guess at
    /// how far it has moved now, so a page read after a change is one statement, not two.
    moved: Vec<AtomicI64>,
}

/// Where a page starts in the list order: `(lower(first_name), lower(last_name), id)`.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
struct PageStart {
    first_key: String,
    last_key: String,
    id: i64,
}

/// The list's state, read with a page.
#[derive(Debug, Clone, Copy)]
struct ListState {
    /// The log's newest change.
    seq: i64,
    /// Users not deleted (`user_list_state.active_users`, named before accounts could be
    /// inactive).
    listed_users: u64,
    log_from: i64,
    /// The net change, since the base, of rows before the page's remembered start.
    shift: i64,
}

impl PageIndex {
    /// Page `page` (1-based) of the list, or `None` when the list has no such page.
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        page: u32,
    ) -> Result<Option<ListPage>, DbErr> {
        if page == 0 {
            return Ok(None);
        }
        if page == 1 {
            let (state, users) = read(db, &Seek::First).await?;
            return Ok(list_page(state, page, users));
        }
        // The start the base remembers; for a page past its last, the last start and how far
        // past it (25 a page) the page begins.
        let Some(base) = self.base.read().await.clone() else {
            self.rebuild_in_background(db);
            return self.page_by_offset(db, page).await;
        };
        let base_seq = base.seq;
        let (slot, extra) = match base.starts.len() {
            // An empty list at the base.
            0 => return self.page_by_offset(db, page).await,
            known if (page as usize) <= known => (page as usize - 1, 0),
            known => (known - 1, (page as i64 - known as i64) * PAGE_SIZE as i64),
        };
        let start = &base.starts[slot];
        let mut shift = base.moved[slot].load(Ordering::Relaxed);
        for _ in 0..ATTEMPTS {
            let seek = Seek::From {
                start: start.clone(),
                base_seq,
                rows_on: extra - shift,
            };
            let (state, users) = read(db, &seek).await?;
            if state.log_from > base_seq {
                // The log no longer reaches back to the base.
                self.rebuild_in_background(db);
                return self.page_by_offset(db, page).await;
            }
            if state.seq - base_seq > REBUILD_AFTER_CHANGES {
                self.rebuild_in_background(db);
            }
            if state.shift == shift {
                base.moved[slot].store(shift, Ordering::Relaxed);
                return Ok(list_page(state, page, users));
            }
            shift = state.shift;
        }
        // The list kept changing under the reads: count the way there, this once.
        self.page_by_offset(db, page).await
    }

    /// Whether every page's start is known (a base is built, and none is being built): from
    /// then on a deep page seeks from its start. Tests wait for it rather than for time.
    pub async fn is_built(&self) -> bool {
        self.base.read().await.is_some() && !self.rebuilding.load(Ordering::Acquire)
    }

    async fn page_by_offset(
        &self,
        db: &DatabaseConnection,
        page: u32,
    ) -> Result<Option<ListPage>, DbErr> {
        let offset = u64::from(page - 1) * PAGE_SIZE;
        let (state, users) = read(db, &Seek::Offset(offset)).await?;
        Ok(list_page(state, page, users))
    }

    /// Works a new base out, in a task of its own, unless one is being worked out already.
    fn rebuild_in_background(&self, db: &DatabaseConnection) {
        if self.rebuilding.swap(true, Ordering::AcqRel) {
            return;
        }
        let index = self.clone();
        let db = db.clone();
        tokio::spawn(async move {
            match walk(&db).await {
                Ok(base) => {
                    let seq = base.seq;
                    *index.base.write().await = Some(Arc::new(base));
                    if let Err(err) = prune(&db, seq).await {
                        tracing::warn!(error = %err, "could not prune the list's change log");
                    }
                }
                Err(err) => tracing::warn!(error = %err, "could not work out the list's pages"),
            }
            index.rebuilding.store(false, Ordering::Release);
        });
    }
}

fn list_page(state: ListState, page: u32, users: Vec<users::Model>) -> Option<ListPage> {
    PageRequest::new(page, state.listed_users).map(|request| ListPage {
        users,
        total: state.listed_users,
        request,
    })
}

/// Where a page begins.
enum Seek {
    First,
    /// `rows_on` rows after `start`'s place (before it when negative), `start` being where a
    /// page began at `base_seq`.
    From {
        start: PageStart,
        base_seq: i64,
        rows_on: i64,
    },
    /// After this many rows: a count, for when no base is known.
    Offset(u64),
}

/// Every page's first key, and the log's newest change they include, from one ordered walk of the
/// list-order index, in one statement.
async fn walk(db: &DatabaseConnection) -> Result<Base, DbErr> {
    let sql = format!(
        "SELECT (SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM user_list_changes) AS list_seq,
                o.first_key, o.last_key, o.id
         FROM user_list_state AS s LEFT JOIN (
            SELECT first_key, last_key, id, n FROM (
                SELECT lower(first_name) AS first_key, lower(last_name) AS last_key, id,
                       ROW_NUMBER() OVER ({ORDER}) AS n
                FROM users WHERE {NOT_DELETED}
            ) AS ordered WHERE (n - 1) % {PAGE_SIZE} = 0
         ) AS o ON 1 = 1
         WHERE s.id = 1
         ORDER BY o.n"
    );
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let seq = rows
        .first()
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?
        .try_get("", "list_seq")?;
    let mut starts = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<i64>>("", "id")?.is_some() {
            starts.push(PageStart::from_query_result(row, "")?);
        }
    }
    let moved = starts.iter().map(|_| AtomicI64::new(0)).collect();
    Ok(Base { seq, starts, moved })
}

/// Keeps the change log from growing while no deep page is read (nothing rebuilds then, and
/// rebuilds are what prune): the server calls this now and then. An instance whose base is
/// older than what is left works a new one out.
pub async fn prune_change_log(db: &DatabaseConnection) -> Result<(), DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS newest FROM user_list_changes",
        ))
        .await?;
    let newest: i64 = match row {
        Some(row) => row.try_get("", "newest")?,
        None => 0,
    };
    prune(db, newest).await
}

/// Forgets changes no instance needs: any whose base is older rebuilds.
async fn prune(db: &DatabaseConnection, seq: i64) -> Result<(), DbErr> {
    let keep_from = seq - LOG_KEEPS_CHANGES;
    if keep_from <= 0 {
        return Ok(());
    }
    let backend = db.get_database_backend();
    let txn = crate::write::begin(db).await?;
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        format!(
            "UPDATE user_list_state SET log_from = {p} WHERE id = 1 AND log_from < {p}",
            p = param(backend, 1)
        ),
        [keep_from.into()],
    ))
    .await?;
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        format!(
            "DELETE FROM user_list_changes WHERE seq <= {}",
            param(backend, 1)
        ),
        [keep_from.into()],
    ))
    .await?;
    txn.commit().await
}

/// The list's state and, in the same statement, the page `seek` says.
async fn read(
    db: &DatabaseConnection,
    seek: &Seek,
) -> Result<(ListState, Vec<users::Model>), DbErr> {
    let backend = db.get_database_backend();
    let (page, shift, values): (String, String, Vec<Value>) = match seek {
        Seek::First => (
            format!("SELECT * FROM users WHERE {NOT_DELETED} {ORDER} LIMIT {PAGE_SIZE}"),
            "CAST(0 AS BIGINT)".to_owned(),
            Vec::new(),
        ),
        Seek::Offset(offset) => (
            format!(
                "SELECT * FROM users WHERE {NOT_DELETED} {ORDER} LIMIT {PAGE_SIZE} OFFSET {offset}"
            ),
            "CAST(0 AS BIGINT)".to_owned(),
            Vec::new(),
        ),
        Seek::From {
            start,
            base_seq,
            rows_on,
        } => (
            page_from(backend, *rows_on),
            shift_sql(backend),
            vec![
                start.first_key.clone().into(),
                start.last_key.clone().into(),
                start.id.into(),
                (*base_seq).into(),
                // How many rows to step from the start: a value, not part of the statement's
                // text, so each shape of statement is prepared once, however far the start
                // has moved.
                i64::try_from(rows_on.unsigned_abs())
                    .unwrap_or(i64::MAX)
                    .into(),
            ],
        ),
    };
    // The state row is always there; an empty page joins to one row of nulls.
    let sql = format!(
        "SELECT (SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM user_list_changes) AS list_seq,
                s.active_users AS listed_users,
                s.log_from AS list_log_from, ({shift}) AS list_shift, p.*
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
    let state = state_of(first)?;
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<i64>>("", "id")?.is_some() {
            users.push(users::Model::from_query_result(row, "")?);
        }
    }
    Ok((state, users))
}

fn state_of(row: &QueryResult) -> Result<ListState, DbErr> {
    let listed: i64 = row.try_get("", "listed_users")?;
    Ok(ListState {
        seq: row.try_get("", "list_seq")?,
        listed_users: u64::try_from(listed).unwrap_or(0),
        log_from: row.try_get("", "list_log_from")?,
        shift: row.try_get("", "list_shift")?,
    })
}

/// The list order; the `users_active_list_order` index serves exactly this.
const ORDER: &str = "ORDER BY lower(first_name), lower(last_name), id";
const ORDER_BACKWARDS: &str = "ORDER BY lower(first_name) DESC, lower(last_name) DESC, id DESC";

fn param(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => format!("?{n}"),
    }
}

/// The net change since the base (parameter 4) of the rows before the start (parameters 1 to
/// 3), from the log.
fn shift_sql(backend: DbBackend) -> String {
    let p = |n| param(backend, n);
    format!(
        "SELECT CAST(COALESCE(SUM(c.delta), 0) AS BIGINT) FROM user_list_changes AS c
         WHERE c.seq > {v}
           AND (c.first_key < {f} OR (c.first_key = {f}
                AND (c.last_key < {l} OR (c.last_key = {l} AND c.user_id < {i}))))",
        f = p(1),
        l = p(2),
        i = p(3),
        v = p(4)
    )
}

/// The page that begins `rows_on` rows after the start's place (parameters 1 to 3; how many
/// rows, parameter 5): the rows before the start (read backwards) and from it, each an index
/// range read in list order.
fn page_from(backend: DbBackend, rows_on: i64) -> String {
    let step = param(backend, 5);
    if rows_on >= 0 {
        format!(
            "SELECT * FROM ({}) AS a {ORDER} LIMIT {PAGE_SIZE} OFFSET {step}",
            from_start(backend, &format!("{PAGE_SIZE} + {step}"))
        )
    } else {
        format!(
            "SELECT * FROM ({} UNION ALL {}) AS b {ORDER} LIMIT {PAGE_SIZE}",
            wrapped(&before_start(backend, &step)),
            wrapped(&from_start(backend, &PAGE_SIZE.to_string())),
        )
    }
}

fn wrapped(sql: &str) -> String {
    format!("SELECT * FROM ({sql}) AS w")
}

/// The first `n` rows from the start on. Each database gets the form its planner seeks the
/// list-order index with (`docs/benchmarks.md`): PostgreSQL a row value, SQLite three exact
/// ranges (the start's names from its id on, the rest of its first name, later first names),
/// each ordered by what its condition leaves open, so none is sorted.
fn from_start(backend: DbBackend, n: &str) -> String {
    let (f, l, i) = (param(backend, 1), param(backend, 2), param(backend, 3));
    match backend {
        DbBackend::Postgres => format!(
            "SELECT * FROM users WHERE {NOT_DELETED}
               AND (lower(first_name), lower(last_name), id) >= ({f}, {l}, {i})
             {ORDER} LIMIT {n}"
        ),
        _ => ranges(
            n,
            ORDER,
            [
                (
                    format!("lower(first_name) = {f} AND lower(last_name) = {l} AND id >= {i}"),
                    "id",
                ),
                (
                    format!("lower(first_name) = {f} AND lower(last_name) > {l}"),
                    "lower(last_name), id",
                ),
                (
                    format!("lower(first_name) > {f}"),
                    "lower(first_name), lower(last_name), id",
                ),
            ],
        ),
    }
}

/// The last `n` rows before the start, as [`from_start`] but backwards.
fn before_start(backend: DbBackend, n: &str) -> String {
    let (f, l, i) = (param(backend, 1), param(backend, 2), param(backend, 3));
    match backend {
        DbBackend::Postgres => format!(
            "SELECT * FROM users WHERE {NOT_DELETED}
               AND (lower(first_name), lower(last_name), id) < ({f}, {l}, {i})
             {ORDER_BACKWARDS} LIMIT {n}"
        ),
        _ => ranges(
            n,
            ORDER_BACKWARDS,
            [
                (
                    format!("lower(first_name) = {f} AND lower(last_name) = {l} AND id < {i}"),
                    "id DESC",
                ),
                (
                    format!("lower(first_name) = {f} AND lower(last_name) < {l}"),
                    "lower(last_name) DESC, id DESC",
                ),
                (
                    format!("lower(first_name) < {f}"),
                    "lower(first_name) DESC, lower(last_name) DESC, id DESC",
                ),
            ],
        ),
    }
}

/// SQLite: three ranges, at most `n` rows from each, then the first `n` in `order`.
fn ranges(n: &str, order: &str, ranges: [(String, &str); 3]) -> String {
    // Each range is ordered by what its condition leaves open: SQLite reads an equality-bound
    // expression column in index order only when it is not in the ORDER BY, and otherwise
    // sorts every match (a whole first name) for a page.
    let parts: Vec<String> = ranges
        .iter()
        .map(|(condition, range_order)| {
            format!(
                "SELECT * FROM (SELECT * FROM users WHERE {NOT_DELETED} AND {condition}
                 ORDER BY {range_order} LIMIT {n})"
            )
        })
        .collect();
    format!(
        "SELECT * FROM ({}) {order} LIMIT {n}",
        parts.join(" UNION ALL ")
    )
}
