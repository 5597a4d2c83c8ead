//! GOV.UK Notify's delivery receipts: `emails.receipt_at` says when a receipt (Notify calling
//! back) set an email's final status. While receipts arrive, the worker asks Notify about a
//! sent email much later (the receipt usually comes first); it still asks, for a receipt that
//! never comes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Emails {
    Table,
    ReceiptAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .add_column(
                        ColumnDef::new(Emails::ReceiptAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX emails_receipt_at ON emails (receipt_at) WHERE receipt_at IS NOT NULL",
            )
            .await?;
        // The "Emails not delivered" page: the undelivered, newest first.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX emails_undelivered ON emails (created_at, id) \
                 WHERE status IN ('failed', 'not_delivered')",
            )
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX emails_undelivered")
            .await?;
        db.execute_unprepared("DROP INDEX emails_receipt_at")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .drop_column(Emails::ReceiptAt)
                    .to_owned(),
            )
            .await
    }
}
