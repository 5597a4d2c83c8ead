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
//! A search costs its matches' worth of index to find, and one that most users match
//! (`education`: every address has it) is a sort of all of them. So it is done once per change:
//! [`Finder`] keeps the ids a query matched, in list order, with the `found_version` they were
//! read at (triggers move the version on any change a search or filter could see, by any
//! writer). Every page is then a read of 25 rows by id, in one statement with the version as
//! it is now, served only if the two are equal; the CSV reads the same ids 500 at a time. Each
//! query is read by one request at a time (the rest wait for what it keeps), and no query waits
//! for another's. The kept ids are bounded ([`KEPT_IDS`] in all); a query matching more than
//! that is counted and read directly each time.

use super::list_order::{self, Key, Seek, Sql};
use super::repo::{self, NOT_DELETED};
use chrono::{DateTime, Utc};
use domain::list_query::{ListQuery, STALE_AFTER_DAYS, SearchText, Show};
use domain::paging::{PAGE_SIZE, PageRequest};
use entity::users::{self, Column};
use lru::LruCache;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult,
    PaginatorTrait, QueryFilter, QuerySelect, Select,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Fewer characters than this have no trigram to look up.
const TRIGRAM: usize = 3;
/// Queries kept, at most.
const KEPT_SEARCHES: usize = 32;
/// Ids kept for all queries together, at most (8 bytes each: 8 MB).
pub const KEPT_IDS: usize = 1_000_000;
/// How long the matches of "not signed in for 90 days" are kept however little changes: that
/// filter moves with the clock. (Every other search's matches change only with the users.)
const STALE_KEPT_FOR: Duration = Duration::from_secs(5);
/// How often a page is tried from kept matches that turned out to be stale.
const ATTEMPTS: usize = 3;
/// Users read at a time for the CSV.
pub const CHUNK: usize = 500;

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

/// Queries' matches, kept while they hold. Cheap to clone: clones share.
#[derive(Debug, Clone, Default)]
pub struct Finder {
    kept: Arc<Mutex<Kept>>,
    /// A turn per query being read: the requests that find nothing kept for a query (at first,
    /// or after a change) take turns, so one reads and the rest use what it kept, rather than
    /// each holding its own copy of every match at once. Other queries do not wait.
    reading: Arc<Mutex<HashMap<ListQuery, Arc<tokio::sync::Mutex<()>>>>>,
}

/// The kept matches, least recently used first out, within [`KEPT_SEARCHES`] and [`KEPT_IDS`].
#[derive(Debug)]
struct Kept {
    queries: LruCache<ListQuery, Arc<Matches>>,
    ids: usize,
}

impl Default for Kept {
    fn default() -> Self {
        Self {
            queries: LruCache::unbounded(),
            ids: 0,
        }
    }
}

impl Kept {
    fn put(&mut self, query: ListQuery, matches: Arc<Matches>) {
        self.ids += matches.ids.len();
        if let Some(old) = self.queries.put(query, matches) {
            self.ids -= old.ids.len();
        }
        while self.ids > KEPT_IDS || self.queries.len() > KEPT_SEARCHES {
            match self.queries.pop_lru() {
                Some((_, gone)) => self.ids -= gone.ids.len(),
                None => break,
            }
        }
    }

    fn pop(&mut self, query: &ListQuery) {
        if let Some(gone) = self.queries.pop(query) {
            self.ids -= gone.ids.len();
        }
    }
}

/// The ids a query matched, in list order, as of one `found_version`.
#[derive(Debug)]
struct Matches {
    version: i64,
    read_at: Instant,
    ids: Vec<i64>,
}

impl Matches {
    /// Whether these may still be served (a page read checks the version too).
    fn fresh(&self, query: &ListQuery) -> bool {
        query.show != Show::Stale || self.read_at.elapsed() < STALE_KEPT_FOR
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
            let Some(matches) = self.matches(db, query).await? else {
                return read_page(db, query, page).await;
            };
            let matched = matches.ids.len() as u64;
            let Some(request) = PageRequest::new(page, matched) else {
                return Ok(None);
            };
            let from = (u64::from(request.page - 1) * PAGE_SIZE) as usize;
            let to = (from + PAGE_SIZE as usize).min(matches.ids.len());
            let ids = &matches.ids[from.min(to)..to];
            let read = read_by_ids(db, ids).await?;
            if read.state.found_version == matches.version && read.users.len() == ids.len() {
                return Ok(Some(Found {
                    users: read.users,
                    matched,
                    total: read.state.listed_users,
                    request,
                }));
            }
            self.forget(query);
        }
        // The users kept changing under the reads: counted and read directly, this once.
        read_page(db, query, page).await
    }

    /// Every user `query` keeps, for the CSV: read a chunk at a time with
    /// [`Export::next_chunk`], in list order. The whole list seeks from each chunk's last user.
    /// A narrowed one takes its matches' ids once (kept ones, if they hold): when they are at
    /// least half the list, it walks the whole list as above and keeps the matches; otherwise it
    /// reads the users 500 ids at a time (measured at 100,000 users, a read by ids costs up to
    /// twice a walk's per user, on PostgreSQL). Either way a download costs no more than the
    /// whole list's, whatever the search matches, and the search is never run again.
    pub async fn export(
        &self,
        db: &DatabaseConnection,
        query: &ListQuery,
    ) -> Result<Export, DbErr> {
        if !query.narrows() {
            return Ok(Export(Plan::Whole { after: None }));
        }
        let state = list_order::read_state(db).await?;
        let version = state.found_version;
        let kept = self
            .kept(query)
            .filter(|matches| matches.version == version);
        let matches = match kept {
            Some(matches) => matches,
            None => {
                // Every match, however many: the download holds their ids (8 bytes each),
                // never their rows.
                self.keep(query, read_matches(db, query, None).await?)
            }
        };
        if matches.ids.len() as u64 * 2 >= state.listed_users {
            return Ok(Export(Plan::Walk {
                after: None,
                keep: matches.ids.iter().copied().collect(),
            }));
        }
        Ok(Export(Plan::Ids { matches, next: 0 }))
    }

    /// The query's matches: kept ones, or read now (one request per query at a time); `None`
    /// when there are more than are kept.
    async fn matches(
        &self,
        db: &DatabaseConnection,
        query: &ListQuery,
    ) -> Result<Option<Arc<Matches>>, DbErr> {
        if let Some(matches) = self.kept(query) {
            return Ok(Some(matches));
        }
        let turn = self
            .reading
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(query.clone())
            .or_default()
            .clone();
        let read = async {
            let _turn = turn.lock().await;
            if let Some(matches) = self.kept(query) {
                // Another request read them while this one waited.
                return Ok(Some(matches));
            }
            let matches = read_matches(db, query, Some(KEPT_IDS as u64 + 1)).await?;
            // More than are kept: read directly, each time.
            Ok((matches.ids.len() <= KEPT_IDS).then(|| self.keep(query, matches)))
        }
        .await;
        let mut reading = self.reading.lock().unwrap_or_else(|p| p.into_inner());
        // The map's and this request's: nobody else is waiting for this turn.
        if Arc::strong_count(&turn) <= 2 {
            reading.remove(query);
        }
        read
    }

    fn kept(&self, query: &ListQuery) -> Option<Arc<Matches>> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let matches = kept.queries.get(query)?.clone();
        if matches.fresh(query) {
            Some(matches)
        } else {
            kept.pop(query);
            None
        }
    }

    fn keep(&self, query: &ListQuery, matches: Matches) -> Arc<Matches> {
        let matches = Arc::new(matches);
        if matches.ids.len() <= KEPT_IDS {
            self.kept
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .put(query.clone(), matches.clone());
        }
        matches
    }

    fn forget(&self, query: &ListQuery) {
        self.kept
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop(query);
    }
}

/// A CSV download's progress through the users it lists.
#[derive(Debug)]
pub struct Export(Plan);

#[derive(Debug)]
enum Plan {
    /// The whole list, from after this user's place on (from the start when `None`).
    Whole { after: Option<Key> },
    /// A narrowed list's matches, from the `next`th on.
    Ids { matches: Arc<Matches>, next: usize },
    /// A narrowed list that keeps most users: the whole list, keeping the matches.
    Walk {
        after: Option<Key>,
        keep: std::collections::HashSet<i64>,
    },
}

impl Export {
    /// The next [`CHUNK`] users or fewer; empty at the end.
    pub async fn next_chunk<C: ConnectionTrait>(
        &mut self,
        db: &C,
    ) -> Result<Vec<users::Model>, DbErr> {
        match &mut self.0 {
            Plan::Whole { after } => walk_chunk(db, after).await,
            Plan::Walk { after, keep } => loop {
                let chunk = walk_chunk(db, after).await?;
                if chunk.is_empty() {
                    return Ok(chunk);
                }
                let kept: Vec<_> = chunk.into_iter().filter(|u| keep.contains(&u.id)).collect();
                if !kept.is_empty() {
                    return Ok(kept);
                }
            },
            Plan::Ids { matches, next } => {
                let mut users = Vec::new();
                // Users deleted since the ids were read drop out: read on until a chunk has
                // someone in it, or the ids run out.
                while users.is_empty() && *next < matches.ids.len() {
                    let to = (*next + CHUNK).min(matches.ids.len());
                    users = read_by_ids(db, &matches.ids[*next..to]).await?.users;
                    *next = to;
                }
                Ok(users)
            }
        }
    }
}

/// The next [`CHUNK`] users of the whole list after `after`, which moves on to the last of them.
async fn walk_chunk<C: ConnectionTrait>(
    db: &C,
    after: &mut Option<Key>,
) -> Result<Vec<users::Model>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let limit = CHUNK.to_string();
    let rows = match after {
        Some(key) => Seek::After.rows(&mut sql, key, &limit),
        None => list_order::first_rows(&limit),
    };
    // The seek's own statement: its rows come in list order, with no state to join.
    let users = users::Model::find_by_statement(sql.statement(rows))
        .all(db)
        .await?;
    if let Some(last) = users.last() {
        *after = Some(Key::of(last));
    }
    Ok(users)
}

/// The users `query` keeps, at `now`, in list order.
pub fn matching(
    backend: DbBackend,
    query: &ListQuery,
    now: DateTime<Utc>,
) -> Select<users::Entity> {
    list_order::in_list_order(narrowed(backend, query, now))
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

/// The ids `query` keeps, in list order (the first `limit` of them), and the version they are
/// of. The version is read first: a change between the two reads makes the
/// ids newer than their version says, so the first page read from them sees a newer version
/// and reads them again; never the other way round.
async fn read_matches(
    db: &DatabaseConnection,
    query: &ListQuery,
    limit: Option<u64>,
) -> Result<Matches, DbErr> {
    let version = list_order::read_state(db).await?.found_version;
    let read_at = Instant::now();
    let now = crate::clock::database_now(db).await?;
    let mut select = matching(db.get_database_backend(), query, now)
        .select_only()
        .column(Column::Id);
    if let Some(limit) = limit {
        select = select.limit(limit);
    }
    let ids: Vec<i64> = select.into_tuple().all(db).await?;
    Ok(Matches {
        version,
        read_at,
        ids,
    })
}

/// The users (not deleted) among `ids`, in list order, with the list's state as it is now, in
/// one statement.
async fn read_by_ids<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> Result<list_order::WithState, DbErr> {
    // The ids are numbers this process read from the database: written into the statement.
    let list = if ids.is_empty() {
        "NULL".to_owned()
    } else {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = format!("SELECT * FROM users WHERE {NOT_DELETED} AND id IN ({list})");
    list_order::read_with_state(db, Sql::new(db.get_database_backend()), &rows, None).await
}

/// Page `page` of what `query` keeps, counted and read directly; `None` past the end.
async fn read_page(
    db: &DatabaseConnection,
    query: &ListQuery,
    page: u32,
) -> Result<Option<Found>, DbErr> {
    let now = crate::clock::database_now(db).await?;
    let backend = db.get_database_backend();
    let matched = narrowed(backend, query, now).count(db).await?;
    let Some(request) = PageRequest::new(page, matched) else {
        return Ok(None);
    };
    let total = list_order::read_state(db).await?.listed_users;
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

    fn matches(n: usize) -> Arc<Matches> {
        Arc::new(Matches {
            version: 1,
            read_at: Instant::now(),
            ids: (0..n as i64).collect(),
        })
    }

    fn query(q: &str) -> ListQuery {
        ListQuery::parse(Some(q), None).unwrap()
    }

    #[test]
    fn kept_ids_stay_within_their_bound_least_recently_used_first_out() {
        let mut kept = Kept::default();
        kept.put(query("a"), matches(KEPT_IDS / 2));
        kept.put(query("b"), matches(KEPT_IDS / 4));
        // "a" used since "b": "b" goes first.
        assert!(kept.queries.get(&query("a")).is_some());
        kept.put(query("c"), matches(KEPT_IDS / 2));
        assert!(kept.queries.peek(&query("b")).is_none());
        assert!(kept.queries.peek(&query("a")).is_some());
        assert_eq!(kept.ids, KEPT_IDS);
        // Kept again: counted once.
        kept.put(query("c"), matches(10));
        assert_eq!(kept.ids, KEPT_IDS / 2 + 10);
        kept.pop(&query("a"));
        assert_eq!(kept.ids, 10);
        for n in 0..KEPT_SEARCHES + 5 {
            kept.put(query(&format!("q{n}")), matches(1));
        }
        assert_eq!(kept.queries.len(), KEPT_SEARCHES);
        assert_eq!(kept.ids, KEPT_SEARCHES);
    }

    #[test]
    fn a_search_is_taken_literally() {
        assert_eq!(fts5_phrase(r#"ada "x" OR b*"#), r#""ada ""x"" OR b*""#);
        assert_eq!(contains_pattern(r"50%_a\b"), r"%50\%\_a\\b%");
    }
}
