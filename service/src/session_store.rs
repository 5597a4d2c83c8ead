//! tower-sessions' store over our own database connection. The published SQL stores are built
//! on a different sqlx major version from SeaORM 2's, so they could not share its pool; this
//! adapter keeps sessions in the `sessions` table that our migrations create, on SQLite and
//! PostgreSQL alike, so every server instance sees every session.
//!
//! Loading a session also reads its signed-in user, in the same statement: every request
//! checks that user is still active, and on SQLite each statement is a hand-off to a
//! connection's own thread and back, which under load costs more than the read itself
//! (`bin/bench --perf`). The user is put in the loaded record under
//! [`session_keys::SIGNED_IN_USER`], and never saved; likewise the database's clock, under
//! [`session_keys::READ_AT`].
//!
//! Expiry is by the database's clock ([`crate::clock`]): a row expires the idle timeout after
//! the database's `now` at its save, whatever the saving instance's clock says.

use crate::users::repo;
use crate::{clock, session_keys};
use async_trait::async_trait;
use domain::SignedInUser;
use entity::sessions::{self, Column, Entity as Sessions};
use entity::users::{self, Entity as Users};
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, JoinType, Query, SimpleExpr};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryResult,
    SqlErr, Statement,
};
use std::collections::HashMap;
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend_error(err: DbErr) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

/// The row for `record`, expiring when it says by the database's clock (`database_now`): the
/// record's expiry is the instance's clock plus the idle timeout, so only that span is kept.
fn to_row(record: &Record, database_now: i64) -> session_store::Result<sessions::ActiveModel> {
    // The signed-in user and the time are read afresh with every load, never kept.
    let kept: HashMap<&String, &serde_json::Value> = record
        .data
        .iter()
        .filter(|(key, _)| !LOADED_ONLY.contains(&key.as_str()))
        .collect();
    let lasts = record.expiry_date.unix_timestamp() - OffsetDateTime::now_utc().unix_timestamp();
    let data =
        serde_json::to_string(&kept).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok(sessions::ActiveModel {
        id: Set(stored_id(&record.id)),
        data: Set(data),
        expires_at: Set(database_now.saturating_add(lasts)),
        user_id: Set(record
            .data
            .get(session_keys::USER_ID)
            .and_then(serde_json::Value::as_i64)),
    })
}

/// The key a session is stored under: the SHA-256 of its id (hex), never the id, so a copy of
/// the database or of a backup opens no session (SPEC §10). The id is 128 random bits, so an
/// unsalted hash is as hard to reverse as the id is to guess.
pub fn stored_id(id: &Id) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(id.to_string().as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What a load puts in a record and a save leaves out.
const LOADED_ONLY: [&str; 2] = [session_keys::SIGNED_IN_USER, session_keys::READ_AT];

impl DbSessionStore {
    async fn database_now(&self) -> session_store::Result<i64> {
        clock::database_now(&self.db)
            .await
            .map(|now| now.timestamp())
            .map_err(backend_error)
    }

    fn database_now_in_sql(&self) -> SimpleExpr {
        clock::epoch_seconds(self.db.get_database_backend())
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are random 128-bit values: a collision is all but impossible, but if one
        // happens we pick another id rather than overwrite someone's session.
        let now = self.database_now().await?;
        loop {
            match Sessions::insert(to_row(record, now)?).exec(&self.db).await {
                Ok(_) => return Ok(()),
                Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    record.id = Id::default();
                }
                Err(err) => return Err(backend_error(err)),
            }
        }
    }

    /// Writes back a session this request loaded. Only ever an update of a live row: a
    /// session that was signed out, expired or ended (its user removed) while this request ran
    /// stays ended. The response still names its id, which no longer opens anything, so the
    /// browser is signed out from its next request on.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let row = to_row(record, self.database_now().await?)?;
        let updated = Sessions::update_many()
            .set(sessions::ActiveModel { id: NotSet, ..row })
            .filter(Column::Id.eq(stored_id(&record.id)))
            .filter(Expr::col(Column::ExpiresAt).gt(self.database_now_in_sql()))
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        if updated.rows_affected == 0 {
            tracing::info!("a session ended while a request was using it; it stays ended");
        }
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let statement = load_statement(&self.db, session_id, self.database_now_in_sql());
        let Some(row) = self
            .db
            .query_one_raw(statement)
            .await
            .map_err(backend_error)?
        else {
            return Ok(None);
        };
        let decode = |e: &dyn std::fmt::Display| session_store::Error::Decode(e.to_string());
        let text: String = row.try_get("", "data").map_err(backend_error)?;
        let mut data: HashMap<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|e| decode(&e))?;
        for key in LOADED_ONLY {
            data.remove(key);
        }
        let read_at: i64 = row.try_get("", "read_at").map_err(backend_error)?;
        data.insert(session_keys::READ_AT.to_owned(), read_at.into());
        if let Some(user) = signed_in_user(&row).map_err(backend_error)? {
            let user = serde_json::to_value(user).map_err(|e| decode(&e))?;
            data.insert(session_keys::SIGNED_IN_USER.to_owned(), user);
        }
        let expires_at: i64 = row.try_get("", "expires_at").map_err(backend_error)?;
        let expiry_date =
            OffsetDateTime::from_unix_timestamp(expires_at).map_err(|e| decode(&e))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        Sessions::delete_by_id(stored_id(session_id))
            .exec(&self.db)
            .await
            .map(|_| ())
            .map_err(backend_error)
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        Sessions::delete_many()
            .filter(Expr::col(Column::ExpiresAt).lte(self.database_now_in_sql()))
            .exec(&self.db)
            .await
            .map(|_| ())
            .map_err(backend_error)
    }
}

/// An unexpired session by id, with the user it names while that is an active account
/// ([`repo::is_active_account`]; nulls when it names none, or one who has since been deleted
/// or deactivated). The sessions table has none of the columns that condition names, so they
/// are the user's.
fn load_statement(db: &DatabaseConnection, session_id: &Id, now: SimpleExpr) -> Statement {
    let query = Query::select()
        .expr_as(now.clone(), Alias::new("read_at"))
        .column((Sessions, Column::Id))
        .column((Sessions, Column::Data))
        .column((Sessions, Column::ExpiresAt))
        .expr_as(Expr::col((Users, users::Column::Id)), Alias::new("user_id"))
        .expr_as(
            Expr::col((Users, users::Column::FirstName)),
            Alias::new("user_first_name"),
        )
        .expr_as(
            Expr::col((Users, users::Column::LastName)),
            Alias::new("user_last_name"),
        )
        .from(Sessions)
        .join(
            JoinType::LeftJoin,
            Users,
            Condition::all()
                .add(Expr::col((Users, users::Column::Id)).equals((Sessions, Column::UserId)))
                .add(repo::is_active_account()),
        )
        .and_where(Expr::col((Sessions, Column::Id)).eq(stored_id(session_id)))
        .and_where(Expr::col((Sessions, Column::ExpiresAt)).gt(now))
        .to_owned();
    db.get_database_backend().build(&query)
}

fn signed_in_user(row: &QueryResult) -> Result<Option<SignedInUser>, DbErr> {
    let Some(id) = row.try_get::<Option<i64>>("", "user_id")? else {
        return Ok(None);
    };
    let first: String = row.try_get("", "user_first_name")?;
    let last: String = row.try_get("", "user_last_name")?;
    Ok(Some(SignedInUser::new(id, &first, &last)))
}
