//! The list's order, and the one place it is written: first name, then last name,
//! case-insensitively (as the database lowers them), then the id, which makes the order total so
//! a page never repeats or skips a user. The `users_active_list_order` index (migration 1) serves
//! exactly this order, over the users who are not deleted.
//!
//! Everything that reads users in list order builds its statement here:
//!
//! - [`in_list_order`] orders a SeaORM query (the personas, a search's ids);
//! - [`order_by`] is the `ORDER BY` of a statement written by hand;
//! - [`Seek`] is the read of the users just after, from or before a [`Key`] (a place in the
//!   order), in the form each database's planner answers with a range of the index, never a
//!   sort or a scan (the page index's seek, the CSV's chunks);
//! - [`read_with_state`] reads the list's state row ([`ListState`]: its count, its change log's
//!   newest change and oldest kept one, the version a search's matches are checked against) in
//!   the same statement as a page of users, so a page and the state it is checked against are
//!   one snapshot.
//!
//! The tests next to this module hold every statement against a plain `ORDER BY … LIMIT …
//! OFFSET` over random names, renames and deletions (SQLite); `server`'s integration tests run
//! the same reads on PostgreSQL.

use super::repo::NOT_DELETED;
use entity::users::{self, Column, Entity as Users};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, FromQueryResult, QueryOrder, QueryResult, Select, Statement,
    Value,
};

/// A place in the list order: a user's names as stored (every statement lowers them as the
/// index does) and their id.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub(crate) struct Key {
    pub first_name: String,
    pub last_name: String,
    pub id: i64,
}

impl Key {
    pub fn of(user: &users::Model) -> Self {
        Self {
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            id: user.id,
        }
    }
}

/// Which way a statement reads the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Forwards,
    Backwards,
}

/// The list order as an `ORDER BY` over `table`'s users' columns (`None`: unqualified).
pub(crate) fn order_by(table: Option<&str>, direction: Direction) -> String {
    let t = table.map(|t| format!("{t}.")).unwrap_or_default();
    let d = match direction {
        Direction::Forwards => "",
        Direction::Backwards => " DESC",
    };
    format!("ORDER BY lower({t}first_name){d}, lower({t}last_name){d}, {t}id{d}")
}

/// A SeaORM query of users, in list order.
pub(crate) fn in_list_order(query: Select<Users>) -> Select<Users> {
    query
        .order_by_asc(Expr::expr(Func::lower(Expr::col(Column::FirstName))))
        .order_by_asc(Expr::expr(Func::lower(Expr::col(Column::LastName))))
        .order_by_asc(Column::Id)
}

/// A statement written by hand and the values bound to it: [`Sql::bind`] gives each value its
/// placeholder in the database's own form, numbered in order, so a statement's text is the same
/// for every value (prepared once) and no value is ever part of it.
#[derive(Debug)]
pub(crate) struct Sql {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            values: Vec::new(),
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// Binds `value`; the placeholder to write where it goes (as often as needed).
    pub fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        let n = self.values.len();
        match self.backend {
            DbBackend::Postgres => format!("${n}"),
            _ => format!("?{n}"),
        }
    }

    pub fn statement(self, text: String) -> Statement {
        Statement::from_sql_and_values(self.backend, text, self.values)
    }
}

/// Where a read of the list begins, relative to a [`Key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seek {
    /// The key's own row, and those after it.
    From,
    /// The rows after the key's.
    After,
    /// The rows before the key's, read backwards (nearest first).
    Before,
}

impl Seek {
    /// A statement of the listed users (every column of `users`) that `self` says, at most
    /// `limit` of them (a number, or a placeholder), nearest `key` first. PostgreSQL seeks with
    /// a row value. SQLite scans the whole index for one (measured: a chunk at the millionth
    /// user took 26 ms), so there it is three exact ranges: the key's names from its id on, the
    /// rest of its first name, then later first names (earlier ones, backwards), each ordered
    /// by what its condition leaves open, because SQLite reads an equality-bound expression
    /// column in index order only when it is not in the `ORDER BY`, and otherwise sorts every
    /// match (a whole first name) for one page.
    pub fn rows(self, sql: &mut Sql, key: &Key, limit: &str) -> String {
        let f = sql.bind(key.first_name.clone());
        let l = sql.bind(key.last_name.clone());
        let i = sql.bind(key.id);
        let (id_op, name_op, direction) = match self {
            Seek::From => (">=", ">", Direction::Forwards),
            Seek::After => (">", ">", Direction::Forwards),
            Seek::Before => ("<", "<", Direction::Backwards),
        };
        let order = order_by(None, direction);
        if sql.backend() == DbBackend::Postgres {
            return format!(
                "SELECT * FROM users WHERE {NOT_DELETED}
                   AND (lower(first_name), lower(last_name), id) {id_op} (lower({f}), lower({l}), {i})
                 {order} LIMIT {limit}"
            );
        }
        let d = match direction {
            Direction::Forwards => "",
            Direction::Backwards => " DESC",
        };
        let ranges = [
            (
                format!(
                    "lower(first_name) = lower({f}) AND lower(last_name) = lower({l}) AND id {id_op} {i}"
                ),
                format!("id{d}"),
            ),
            (
                format!("lower(first_name) = lower({f}) AND lower(last_name) {name_op} lower({l})"),
                format!("lower(last_name){d}, id{d}"),
            ),
            (
                format!("lower(first_name) {name_op} lower({f})"),
                format!("lower(first_name){d}, lower(last_name){d}, id{d}"),
            ),
        ];
        let parts: Vec<String> = ranges
            .iter()
            .map(|(condition, range_order)| {
                format!(
                    "SELECT * FROM (SELECT * FROM users WHERE {NOT_DELETED} AND {condition}
                     ORDER BY {range_order} LIMIT {limit})"
                )
            })
            .collect();
        format!(
            "SELECT * FROM ({}) {order} LIMIT {limit}",
            parts.join(" UNION ALL ")
        )
    }
}

/// The first `limit` listed users, in list order.
pub(crate) fn first_rows(limit: &str) -> String {
    format!(
        "SELECT * FROM users WHERE {NOT_DELETED} {} LIMIT {limit}",
        order_by(None, Direction::Forwards)
    )
}

/// The log's newest change (`user_list_changes`, migration 7), as a scalar subquery.
pub(crate) const NEWEST_CHANGE: &str =
    "SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM user_list_changes";

/// The list's state, kept by the database's triggers in `user_list_state` (migrations 4, 7
/// and 8), whoever writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListState {
    /// The change log's newest change.
    pub seq: i64,
    /// The oldest change the log still holds.
    pub log_from: i64,
    /// Users not deleted (the column `active_users` is named from before accounts could be
    /// inactive).
    pub listed_users: u64,
    /// Moves on whenever anything a search or a filter looks at may have changed.
    pub found_version: i64,
}

/// What [`read_with_state`] read.
#[derive(Debug)]
pub(crate) struct WithState {
    pub state: ListState,
    /// The value of the statement's extra column, if it had one.
    pub extra: Option<i64>,
    pub users: Vec<users::Model>,
}

/// The list's state and the users `rows` reads (a statement of every column of `users`), in
/// one statement, the users in list order; `extra` is a scalar subquery read with the state.
/// The state row always exists, so an empty read is one row of nulls joined to it.
pub(crate) async fn read_with_state<C: ConnectionTrait>(
    db: &C,
    sql: Sql,
    rows: &str,
    extra: Option<&str>,
) -> Result<WithState, DbErr> {
    let extra_column = extra
        .map(|extra| format!("({extra}) AS list_extra, "))
        .unwrap_or_default();
    let text = format!(
        "SELECT ({NEWEST_CHANGE}) AS list_seq, s.log_from AS list_log_from,
                s.active_users AS list_listed_users, s.found_version AS list_found_version,
                {extra_column}p.*
         FROM user_list_state AS s LEFT JOIN ({rows}) AS p ON 1 = 1
         WHERE s.id = 1
         {}",
        order_by(Some("p"), Direction::Forwards)
    );
    let rows = db.query_all_raw(sql.statement(text)).await?;
    let first = rows
        .first()
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?;
    let state = state_of(first)?;
    let extra = match extra {
        Some(_) => Some(first.try_get("", "list_extra")?),
        None => None,
    };
    let mut users = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<i64>>("", "id")?.is_some() {
            users.push(users::Model::from_query_result(row, "")?);
        }
    }
    Ok(WithState {
        state,
        extra,
        users,
    })
}

/// The list's state alone.
pub(crate) async fn read_state<C: ConnectionTrait>(db: &C) -> Result<ListState, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT ({NEWEST_CHANGE}) AS list_seq, log_from AS list_log_from,
                        active_users AS list_listed_users, found_version AS list_found_version
                 FROM user_list_state WHERE id = 1"
            ),
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("user_list_state".into()))?;
    state_of(&row)
}

fn state_of(row: &QueryResult) -> Result<ListState, DbErr> {
    let listed: i64 = row.try_get("", "list_listed_users")?;
    Ok(ListState {
        seq: row.try_get("", "list_seq")?,
        log_from: row.try_get("", "list_log_from")?,
        listed_users: u64::try_from(listed).unwrap_or(0),
        found_version: row.try_get("", "list_found_version")?,
    })
}

#[cfg(test)]
mod tests;
