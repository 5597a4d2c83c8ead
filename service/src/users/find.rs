//! Finding support users (SPEC §7): the list narrowed by a search and a sign-in filter, in
//! the list's order. The whole list (nothing narrowed) is [`super::PageIndex`]'s; this is
//! every narrowed read: a page of results, their count, and the CSV download's chunks.
//!
//! The search is index-backed on both databases (migration 8): SQLite's FTS5 `trigram` table
//! `user_search`, PostgreSQL's `pg_trgm` GIN indexes on the same two expressions. A search of
//! fewer than 3 characters has no trigram to look up, so it reads the list's rows instead
//! (SQLite's `lower` and `LIKE` fold ASCII letters only, so there it ignores the case of
//! ASCII letters only).
//!
//! A search that matches many users costs its matches' worth of index to find (10,000 matches:
//! about 15 ms on SQLite, each time). So [`Finder`] keeps the ids a search matched, in list
//! order, with the `found_version` they were read at; each page of them is read in one
//! statement with the version as it is now, and served only if the two are equal (triggers
//! move the version on any change a search or filter could see, by any writer). People page
//! through a search's results; each page is then a read of 25 rows by id.

use super::repo::{self, NOT_DELETED};
use chrono::{DateTime, Utc};
use domain::list_query::{ListQuery, STALE_AFTER_DAYS, SearchText, Show};
use domain::paging::{PAGE_SIZE, PageRequest};
use entity::users::{self, Column};
use lru::LruCache;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Statement,
};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Fewer characters than this have no trigram to look up.
const TRIGRAM: usize = 3;
/// Searches kept, at most.
const KEPT_SEARCHES: usize = 32;
/// Matches kept for one search, at most (80 KB of ids); a search matching more is counted and
/// read directly each time.
const KEPT_MATCHES: u64 = 10_000;
/// How long the matches of "not signed in for 90 days" are kept however little changes: that
/// filter moves with the clock. (Every other search's matches change only with the users.)
const STALE_KEPT_FOR: Duration = Duration::from_secs(5);
/// How often a page is tried from kept matches that turned out to be stale.
const ATTEMPTS: usize = 3;

/// A page of a narrowed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub users: Vec<users::Model>,
    /// How many users the query keeps, in all.
    pub matched: u64,
    /// Users in all, deleted ones aside (the page's heading counts them).
    pub total: u64,
    pub request: PageRequest,
}

/// Searches' matches, kept while they hold. Cheap to clone: clones share.
#[derive(Debug, Clone)]
pub struct Finder {
    kept: Arc<Mutex<LruCache<ListQuery, Arc<Matches>>>>,
    /// Matches are read one search at a time: when many requests for one search find nothing
    /// kept (at first, or after a change), one reads and the rest use what it kept, rather
    /// than each holding its own copy of every match at once.
    reading: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Debug)]
struct Matches {
    /// `user_list_state.found_version`, read before the ids.
    version: i64,
    read_at: Instant,
    ids: Vec<i64>,
}

impl Default for Finder {
    fn default() -> Self {
        Self {
            kept: Arc::new(Mutex::new(LruCache::new(
                NonZeroUsize::new(KEPT_SEARCHES).unwrap_or(NonZeroUsize::MIN),
            ))),
            reading: Arc::default(),
        }
    }
}

impl Finder {
    /// Page `page` of what `query` keeps; `None` past the end (page 1 always exists).
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        query: &ListQuery,
        page: u32,
    ) -> Result<Option<Found>, DbErr> {
        for _ in 0..ATTEMPTS {
            let matches = match self.kept(query) {
                Some(matches) => matches,
                None => {
                    let _turn = self.reading.lock().await;
                    match self.kept(query) {
                        // Another request read them while this one waited.
                        Some(matches) => matches,
                        None => match read_matches(db, query).await? {
                            Some(matches) => self.keep(query, matches),
                            None => return read_page(db, query, page).await,
                        },
                    }
                }
            };
            let matched = matches.ids.len() as u64;
            let Some(request) = PageRequest::new(page, matched) else {
                return Ok(None);
            };
            let from = (u64::from(request.page - 1) * PAGE_SIZE) as usize;
            let to = (from + PAGE_SIZE as usize).min(matches.ids.len());
            let ids = &matches.ids[from.min(to)..to];
            let (version, total, users) = read_by_ids(db, ids).await?;
            if version == matches.version && users.len() == ids.len() {
                return Ok(Some(Found {
                    users,
                    matched,
                    total,
                    request,
                }));
            }
            self.forget(query);
        }
        // The users kept changing under the reads: counted and read directly, this once.
        read_page(db, query, page).await
    }

    fn kept(&self, query: &ListQuery) -> Option<Arc<Matches>> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        match kept.get(query) {
            Some(matches)
                if query.show != Show::Stale || matches.read_at.elapsed() < STALE_KEPT_FOR =>
            {
                Some(matches.clone())
            }
            Some(_) => {
                kept.pop(query);
                None
            }
            None => None,
        }
    }

    fn keep(&self, query: &ListQuery, matches: Matches) -> Arc<Matches> {
        let matches = Arc::new(matches);
        self.kept
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .put(query.clone(), matches.clone());
        matches
    }

    fn forget(&self, query: &ListQuery) {
        self.kept
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop(query);
    }
}

/// The users `query` keeps, at `now`, in list order.
pub fn matching(
    backend: DbBackend,
    query: &ListQuery,
    now: DateTime<Utc>,
) -> Select<users::Entity> {
    repo::in_list_order(narrowed(backend, query, now))
}

/// The users `query` keeps, at `now`, in no particular order (a count needs no sort).
fn narrowed(backend: DbBackend, query: &ListQuery, now: DateTime<Utc>) -> Select<users::Entity> {
    let mut select = repo::not_deleted();
    if let Some(search) = &query.search {
        select = select.filter(search_condition(backend, search));
    }
    match query.show {
        Show::All => select,
        Show::Never => select.filter(repo::never_signed_in()),
        // `NULL < cutoff` is not true: someone who never signed in is not "stale". Exactly
        // 90 days ago is still within the last 90 days.
        Show::Stale => {
            select.filter(Column::LastSignedInAt.lt(now - chrono::Duration::days(STALE_AFTER_DAYS)))
        }
        Show::Inactive => select.filter(repo::is_inactive_account()),
    }
}

/// The ids `query` keeps, in list order, and the version they are of; `None` when there are
/// more than are kept. The version is read first: a change between the two reads makes the
/// ids newer than their version says, so the first page read from them sees a newer version
/// and reads them again; never the other way round.
async fn read_matches(
    db: &DatabaseConnection,
    query: &ListQuery,
) -> Result<Option<Matches>, DbErr> {
    let version = found_version(db).await?;
    let read_at = Instant::now();
    let ids: Vec<i64> = matching(db.get_database_backend(), query, Utc::now())
        .select_only()
        .column(Column::Id)
        .limit(KEPT_MATCHES + 1)
        .into_tuple()
        .all(db)
        .await?;
    Ok((ids.len() as u64 <= KEPT_MATCHES).then_some(Matches {
        version,
        read_at,
        ids,
    }))
}

async fn found_version(db: &DatabaseConnection) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT found_version FROM user_list_state WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?;
    row.try_get("", "found_version")
}

/// The users (not deleted) among `ids`, in list order, with the version and the count of listed
/// users as they are now, in one statement.
async fn read_by_ids(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<(i64, u64, Vec<users::Model>), DbErr> {
    // The ids are numbers this process read from the database: written into the statement.
    let list = if ids.is_empty() {
        "NULL".to_owned()
    } else {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sql = format!(
        "SELECT s.found_version AS list_found_version, s.active_users AS listed_users, u.*
         FROM user_list_state AS s LEFT JOIN (
            SELECT * FROM users WHERE {NOT_DELETED} AND id IN ({list})
         ) AS u ON 1 = 1
         WHERE s.id = 1
         ORDER BY lower(u.first_name), lower(u.last_name), u.id"
    );
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let first = rows
        .first()
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?;
    let version: i64 = first.try_get("", "list_found_version")?;
    let total: i64 = first.try_get("", "listed_users")?;
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<i64>>("", "id")?.is_some() {
            users.push(users::Model::from_query_result(row, "")?);
        }
    }
    Ok((version, u64::try_from(total).unwrap_or(0), users))
}

/// Page `page` of what `query` keeps, counted and read directly; `None` past the end.
async fn read_page(
    db: &DatabaseConnection,
    query: &ListQuery,
    page: u32,
) -> Result<Option<Found>, DbErr> {
    let now = Utc::now();
    let backend = db.get_database_backend();
    let matched = narrowed(backend, query, now).count(db).await?;
    let Some(request) = PageRequest::new(page, matched) else {
        return Ok(None);
    };
    let total = listed_users(db).await?;
    let users = matching(backend, query, now)
        .offset(u64::from(request.page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok(Some(Found {
        users,
        matched,
        total,
        request,
    }))
}

/// The count of listed users (not deleted) the triggers keep in `user_list_state` (migration
/// 4, whose column `active_users` is named from before accounts could be inactive): one row
/// read, not a count of the list.
async fn listed_users<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT active_users FROM user_list_state WHERE id = 1",
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?;
    let count: i64 = row.try_get("", "active_users")?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The next `limit` users `query` keeps after `after` (a user's list-order key), for reading
/// all of them a chunk at a time without holding a connection between chunks. Each read is an
/// index range from the key on: PostgreSQL seeks with a row value; SQLite scans the whole
/// index for one (measured: a chunk at the millionth user took 26 ms), so there the key's
/// three exact ranges are read in turn, as the list's own seek does (`list_index.rs`): the
/// rest of the key's names by id, the rest of its first name, then later first names.
pub async fn chunk_after<C: ConnectionTrait>(
    db: &C,
    query: &ListQuery,
    now: DateTime<Utc>,
    after: Option<&users::Model>,
    limit: u64,
) -> Result<Vec<users::Model>, DbErr> {
    let backend = db.get_database_backend();
    let Some(last) = after else {
        return matching(backend, query, now).limit(limit).all(db).await;
    };
    // The names as stored: the database lowers them as its index does.
    let (first, family, id) = (
        sea_orm::Value::from(last.first_name.clone()),
        sea_orm::Value::from(last.last_name.clone()),
        sea_orm::Value::from(last.id),
    );
    if backend == DbBackend::Postgres {
        return matching(backend, query, now)
            .filter(Expr::cust_with_values(
                "(lower(users.first_name), lower(users.last_name), users.id) > (lower($1), lower($2), $3)",
                [first, family, id],
            ))
            .limit(limit)
            .all(db)
            .await;
    }
    let lower = |column: Column| Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(column)));
    let ranges = [
        narrowed(backend, query, now)
            .filter(Expr::cust_with_values(
                "lower(users.first_name) = lower(?) AND lower(users.last_name) = lower(?) AND users.id > ?",
                [first.clone(), family.clone(), id],
            ))
            .order_by_asc(Column::Id),
        narrowed(backend, query, now)
            .filter(Expr::cust_with_values(
                "lower(users.first_name) = lower(?) AND lower(users.last_name) > lower(?)",
                [first.clone(), family],
            ))
            .order_by_asc(lower(Column::LastName))
            .order_by_asc(Column::Id),
        repo::in_list_order(narrowed(backend, query, now).filter(Expr::cust_with_values(
            "lower(users.first_name) > lower(?)",
            [first],
        ))),
    ];
    let mut chunk = Vec::new();
    for range in ranges {
        let wanted = limit - chunk.len() as u64;
        if wanted == 0 {
            break;
        }
        chunk.extend(range.limit(wanted).all(db).await?);
    }
    Ok(chunk)
}

fn search_condition(backend: DbBackend, search: &SearchText) -> SimpleExpr {
    let text = search.as_str();
    match backend {
        DbBackend::Sqlite if text.chars().count() >= TRIGRAM => Expr::cust_with_values(
            "users.id IN (SELECT rowid FROM user_search WHERE user_search MATCH ?)",
            [fts5_phrase(text)],
        ),
        DbBackend::Sqlite => Expr::cust_with_values(
            "(lower(users.first_name || ' ' || users.last_name) LIKE lower(?) ESCAPE '\\' \
             OR lower(users.email) LIKE lower(?) ESCAPE '\\')",
            [contains_pattern(text), contains_pattern(text)],
        ),
        // The two expressions are exactly those of the trigram indexes.
        _ => Expr::cust_with_values(
            "(lower(users.first_name || ' ' || users.last_name) LIKE lower($1) ESCAPE '\\' \
             OR lower(users.email) LIKE lower($1) ESCAPE '\\')",
            [contains_pattern(text)],
        ),
    }
}

/// The search as one FTS5 phrase: every character taken literally (a `"` is doubled).
fn fts5_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `%text%` for `LIKE`, with `LIKE`'s own characters taken literally.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_taken_literally() {
        assert_eq!(fts5_phrase(r#"ada "x" OR b*"#), r#""ada ""x"" OR b*""#);
        assert_eq!(contains_pattern(r"50%_a\b"), r"%50\%\_a\\b%");
    }
}
