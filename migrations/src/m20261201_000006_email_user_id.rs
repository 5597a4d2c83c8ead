//! Which support user an email is about, so that an operator's retry of a failed email can be
//! recorded in that user's audit trail. Emails queued before this migration get theirs from
//! the user with their recipient's address (the newest, deleted or not), where there is one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Emails {
    Table,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .add_column(ColumnDef::new(Emails::UserId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE emails SET user_id = (
                    SELECT MAX(users.id) FROM users WHERE users.email = emails.recipient
                 )",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .drop_column(Emails::UserId)
                    .to_owned(),
            )
            .await
    }
}
