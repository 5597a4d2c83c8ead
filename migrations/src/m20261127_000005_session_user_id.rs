//! A session's signed-in user as a column (it is also in the session's data), so that loading
//! a session can read its user in the same statement, by key, without parsing the data in SQL.
//! Sessions saved before this migration get theirs from their data.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions {
    Table,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(ColumnDef::new(Sessions::UserId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        // The data is JSON written by tower-sessions; PostgreSQL's JSON types refuse some text
        // JSON allows (an escaped NUL in a draft), so there the id is matched as text.
        let backfill = match manager.get_database_backend() {
            DbBackend::Postgres => {
                "UPDATE sessions
                 SET user_id = CAST(substring(data from '\"user_id\":(-?[0-9]+)') AS BIGINT)"
            }
            _ => "UPDATE sessions SET user_id = json_extract(data, '$.user_id')",
        };
        manager
            .get_connection()
            .execute_unprepared(backfill)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(Sessions::UserId)
                    .to_owned(),
            )
            .await
    }
}
