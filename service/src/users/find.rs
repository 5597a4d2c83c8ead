//! Finding support users (SPEC §7): the list narrowed by a search and a sign-in filter, in
//! the list's order. The whole list (nothing narrowed) is [`super::PageIndex`]'s; this is
//! every narrowed read: a page of results, their count, and the CSV download's chunks.
//!
//! The search is index-backed on both databases (migration 8): SQLite's FTS5 `trigram` table
//! `user_search`, PostgreSQL's `pg_trgm` GIN indexes on the same two expressions. A search of
//! fewer than 3 characters has no trigram to look up, so it reads the list's rows instead
//! (SQLite's `lower` and `LIKE` fold ASCII letters only, so there it ignores the case of
//! ASCII letters only).

use super::repo;
use chrono::{DateTime, Duration, Utc};
use domain::list_query::{ListQuery, STALE_AFTER_DAYS, SearchText, Show};
use domain::paging::{PAGE_SIZE, PageRequest};
use entity::users::{self, Column};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, PaginatorTrait, QueryFilter, QuerySelect,
    Select, Statement,
};

/// Fewer characters than this have no trigram to look up.
const TRIGRAM: usize = 3;

/// A page of a narrowed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub users: Vec<users::Model>,
    /// How many users the query keeps, in all.
    pub matched: u64,
    /// Active users in all (the page's heading counts them).
    pub total: u64,
    pub request: PageRequest,
}

/// The users `query` keeps, at `now`, in list order.
pub fn matching(
    backend: DbBackend,
    query: &ListQuery,
    now: DateTime<Utc>,
) -> Select<users::Entity> {
    let mut select = repo::active();
    if let Some(search) = &query.search {
        select = select.filter(search_condition(backend, search));
    }
    select = match query.show {
        Show::All => select,
        Show::Never => select.filter(repo::never_signed_in()),
        // `NULL < cutoff` is not true: someone who never signed in is not "stale". Exactly
        // 90 days ago is still within the last 90 days.
        Show::Stale => {
            select.filter(Column::LastSignedInAt.lt(now - Duration::days(STALE_AFTER_DAYS)))
        }
    };
    repo::in_list_order(select)
}

/// Page `page` of what `query` keeps; `None` past the end (page 1 always exists).
pub async fn page<C: ConnectionTrait>(
    db: &C,
    query: &ListQuery,
    page: u32,
) -> Result<Option<Found>, DbErr> {
    let select = matching(db.get_database_backend(), query, Utc::now());
    let matched = select.clone().count(db).await?;
    let Some(request) = PageRequest::new(page, matched) else {
        return Ok(None);
    };
    let total = active_users(db).await?;
    let users = select
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

/// The count of active users the triggers keep in `user_list_state` (migration 4): one row
/// read, not a count of the list.
async fn active_users<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
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
/// all of them a chunk at a time without holding a connection between chunks.
pub async fn chunk_after<C: ConnectionTrait>(
    db: &C,
    query: &ListQuery,
    now: DateTime<Utc>,
    after: Option<&users::Model>,
    limit: u64,
) -> Result<Vec<users::Model>, DbErr> {
    let mut select = matching(db.get_database_backend(), query, now);
    if let Some(last) = after {
        // sea-query numbers PostgreSQL's placeholders itself only when written `$n`.
        let after_key = match db.get_database_backend() {
            DbBackend::Postgres => {
                "(lower(users.first_name), lower(users.last_name), users.id) > (lower($1), lower($2), $3)"
            }
            _ => {
                "(lower(users.first_name), lower(users.last_name), users.id) > (lower(?), lower(?), ?)"
            }
        };
        select = select.filter(Expr::cust_with_values(
            after_key,
            [
                sea_orm::Value::from(last.first_name.clone()),
                sea_orm::Value::from(last.last_name.clone()),
                sea_orm::Value::from(last.id),
            ],
        ));
    }
    select.limit(limit).all(db).await
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
