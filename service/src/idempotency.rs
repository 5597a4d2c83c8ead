//! Saving the same draft twice (double click, refresh, back button, two tabs) must do the
//! work once. A save records its draft's key in its transaction; a key already recorded means
//! the work is done.

use entity::idempotency;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

pub async fn record<C: ConnectionTrait>(db: &C, key: &str, user_id: i64) -> Result<(), DbErr> {
    idempotency::ActiveModel {
        key: Set(key.to_owned()),
        user_id: Set(user_id),
        created_at: Set(crate::clock::database_now(db).await?),
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub async fn is_done<C: ConnectionTrait>(db: &C, key: &str) -> Result<bool, DbErr> {
    // Keys are the drafts' UUIDs. Anything else (posted by hand, with bytes a database may
    // refuse outright, like NUL on PostgreSQL) was never recorded.
    if uuid::Uuid::try_parse(key).is_err() {
        return Ok(false);
    }
    Ok(idempotency::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .is_some())
}
