//! SPEC §10: personal data kept no longer than needed.
//!
//! - `users.erased_at`: when a deleted user's personal data was erased (their names, email
//!   address and DfE Sign-in id, everywhere); the row stays, so the history keeps its shape.
//! - `emails.finished_at`: when an email reached its final status; its body is erased 30 days
//!   later. Emails already final count from their last known time (`sent_at`, else
//!   `created_at`).
//! - `background_claims`: one row per background job that must run on one instance at a time,
//!   claimed with a lease by the database's clock (as the outbox's emails are).
//! - Sessions are keyed by the SHA-256 of their id from now on. Existing rows hold ids as they
//!   are, which would open sessions to anyone with a copy of the database: they are ended
//!   (everyone signs in again, once) rather than hashed in place, which SQLite cannot do in SQL.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    ErasedAt,
}

#[derive(DeriveIden)]
enum Emails {
    Table,
    FinishedAt,
}

#[derive(DeriveIden)]
enum BackgroundClaims {
    Table,
    Name,
    LeaseUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::ErasedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .add_column(
                        ColumnDef::new(Emails::FinishedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE emails SET finished_at = COALESCE(sent_at, created_at)
             WHERE status IN ('failed', 'delivered', 'not_delivered')",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX emails_finished_at ON emails (finished_at)")
            .await?;
        // Deleted users only: the list's reads (`deleted_at IS NULL`) keep their own index.
        db.execute_unprepared(
            "CREATE INDEX users_deleted_at ON users (deleted_at) WHERE deleted_at IS NOT NULL",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(BackgroundClaims::Table)
                    .col(
                        ColumnDef::new(BackgroundClaims::Name)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(BackgroundClaims::LeaseUntil)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("DELETE FROM sessions").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Hashed ids open nothing once read as they are.
        db.execute_unprepared("DELETE FROM sessions").await?;
        manager
            .drop_table(Table::drop().table(BackgroundClaims::Table).to_owned())
            .await?;
        db.execute_unprepared("DROP INDEX users_deleted_at").await?;
        db.execute_unprepared("DROP INDEX emails_finished_at")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .drop_column(Emails::FinishedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::ErasedAt)
                    .to_owned(),
            )
            .await
    }
}
