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

use super::list_order::{
    self, Direction, Key, ListState, NEWEST_CHANGE, Seek as ListSeek, Sql, order_by,
};
use super::repo::NOT_DELETED;
use domain::paging::{PAGE_SIZE, PageRequest};
use entity::users;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, Statement};
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
    starts: Vec<Key>,
    /// For each start, how far it had moved when its page was last read: the first guess at
    /// how far it has moved now, so a page read after a change is one statement, not two.
    moved: Vec<AtomicI64>,
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
            let (state, _, users) = read(db, &Seek::First).await?;
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
            let (state, moved, users) = read(db, &seek).await?;
            if state.log_from > base_seq {
                // The log no longer reaches back to the base.
                self.rebuild_in_background(db);
                return self.page_by_offset(db, page).await;
            }
            if state.seq - base_seq > REBUILD_AFTER_CHANGES {
                self.rebuild_in_background(db);
            }
            if moved == shift {
                base.moved[slot].store(shift, Ordering::Relaxed);
                return Ok(list_page(state, page, users));
            }
            shift = moved;
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
        let (state, _, users) = read(db, &Seek::Offset(offset)).await?;
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
        start: Key,
        base_seq: i64,
        rows_on: i64,
    },
    /// After this many rows: a count, for when no base is known.
    Offset(u64),
}

/// Every page's first key, and the log's newest change they include, from one ordered walk of the
/// list-order index, in one statement.
async fn walk(db: &DatabaseConnection) -> Result<Base, DbErr> {
    let order = order_by(None, Direction::Forwards);
    let sql = format!(
        "SELECT ({NEWEST_CHANGE}) AS list_seq, o.first_name, o.last_name, o.id
         FROM user_list_state AS s LEFT JOIN (
            SELECT first_name, last_name, id, n FROM (
                SELECT first_name, last_name, id, ROW_NUMBER() OVER ({order}) AS n
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
            starts.push(Key::from_query_result(row, "")?);
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
            format!("SELECT ({NEWEST_CHANGE}) AS newest"),
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
    let txn = crate::write::begin(db).await?;
    forget_through(&txn, keep_from).await?;
    txn.commit().await
}

/// Forgets the changes that name `user_id` (an erased user's names are in their keys): every
/// change up to their last, as pruning does, so an instance whose base is older rebuilds.
pub(crate) async fn forget_changes_of<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
) -> Result<(), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let p = sql.bind(user_id);
    let row = db
        .query_one_raw(sql.statement(format!(
            "SELECT MAX(seq) AS newest FROM user_list_changes WHERE user_id = {p}"
        )))
        .await?;
    match row.map(|row| row.try_get::<Option<i64>>("", "newest")) {
        Some(Ok(Some(newest))) => forget_through(db, newest).await,
        Some(Err(err)) => Err(err),
        _ => Ok(()),
    }
}

/// Drops the changes up to and including `seq`; the log starts after them.
async fn forget_through<C: ConnectionTrait>(db: &C, seq: i64) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    let p = sql.bind(seq);
    db.execute_raw(sql.statement(format!(
        "UPDATE user_list_state SET log_from = {p} WHERE id = 1 AND log_from < {p}"
    )))
    .await?;
    let mut sql = Sql::new(backend);
    let p = sql.bind(seq);
    db.execute_raw(sql.statement(format!("DELETE FROM user_list_changes WHERE seq <= {p}")))
        .await?;
    Ok(())
}

/// The list's state and, in the same statement, the page `seek` says, with how far its start
/// has moved since the base (0 for the first page and a counted one).
async fn read(
    db: &DatabaseConnection,
    seek: &Seek,
) -> Result<(ListState, i64, Vec<users::Model>), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let (rows, shift) = match seek {
        Seek::First => (list_order::first_rows(&PAGE_SIZE.to_string()), None),
        Seek::Offset(offset) => (
            format!(
                "{} OFFSET {offset}",
                list_order::first_rows(&PAGE_SIZE.to_string())
            ),
            None,
        ),
        Seek::From {
            start,
            base_seq,
            rows_on,
        } => {
            // How many rows to step from the start: a value, not part of the statement's
            // text, so each shape of statement is prepared once, however far the start has
            // moved.
            let step = i64::try_from(rows_on.unsigned_abs()).unwrap_or(i64::MAX);
            let rows = page_from(&mut sql, start, *rows_on, step);
            (rows, Some(shift_sql(&mut sql, start, *base_seq)))
        }
    };
    let read = list_order::read_with_state(db, sql, &rows, shift.as_deref()).await?;
    Ok((read.state, read.extra.unwrap_or(0), read.users))
}

/// The net change since the base of the rows before the start, from the log (whose keys the
/// triggers lowered).
fn shift_sql(sql: &mut Sql, start: &Key, base_seq: i64) -> String {
    let f = sql.bind(start.first_name.clone());
    let l = sql.bind(start.last_name.clone());
    let i = sql.bind(start.id);
    let v = sql.bind(base_seq);
    format!(
        "SELECT CAST(COALESCE(SUM(c.delta), 0) AS BIGINT) FROM user_list_changes AS c
         WHERE c.seq > {v}
           AND (c.first_key < lower({f}) OR (c.first_key = lower({f})
                AND (c.last_key < lower({l}) OR (c.last_key = lower({l}) AND c.user_id < {i}))))"
    )
}

/// The page that begins `rows_on` rows after the start's place (before it when negative),
/// `step` being how many: the rows before the start (read backwards) and from it, each an
/// index range read in list order.
fn page_from(sql: &mut Sql, start: &Key, rows_on: i64, step: i64) -> String {
    let step = sql.bind(step);
    let order = order_by(None, Direction::Forwards);
    if rows_on >= 0 {
        let from = ListSeek::From.rows(sql, start, &format!("{PAGE_SIZE} + {step}"));
        format!("SELECT * FROM ({from}) AS a {order} LIMIT {PAGE_SIZE} OFFSET {step}")
    } else {
        let before = ListSeek::Before.rows(sql, start, &step);
        let from = ListSeek::From.rows(sql, start, &PAGE_SIZE.to_string());
        format!(
            "SELECT * FROM (SELECT * FROM ({before}) AS w UNION ALL SELECT * FROM ({from}) AS w) AS b
             {order} LIMIT {PAGE_SIZE}"
        )
    }
}
