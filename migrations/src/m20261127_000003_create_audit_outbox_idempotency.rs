use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    ActorId,
    Action,
    SubjectUserId,
    Changes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Emails {
    Table,
    Id,
    Kind,
    Recipient,
    Personalisation,
    Reference,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    NotifyId,
    SentAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Idempotency {
    Table,
    Key,
    UserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Who did what to which user, and when: the audit trail.
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_pk_auto(AuditEvents::Id))
                    .col(big_integer_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::Action, 32))
                    .col(big_integer(AuditEvents::SubjectUserId))
                    .col(text(AuditEvents::Changes))
                    .col(timestamp_with_time_zone(AuditEvents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_events_subject")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::SubjectUserId)
                    .col(AuditEvents::CreatedAt)
                    .to_owned(),
            )
            .await?;

        // The email outbox: written in the same transaction as the change that causes the
        // email, delivered by the worker.
        manager
            .create_table(
                Table::create()
                    .table(Emails::Table)
                    .col(big_pk_auto(Emails::Id))
                    .col(string_len(Emails::Kind, 32))
                    .col(string_len(Emails::Recipient, 320))
                    .col(text(Emails::Personalisation))
                    .col(string_len_uniq(Emails::Reference, 64))
                    .col(string_len(Emails::Status, 16))
                    .col(integer(Emails::Attempts).default(0))
                    .col(timestamp_with_time_zone(Emails::NextAttemptAt))
                    .col(text_null(Emails::LastError))
                    .col(string_len_null(Emails::NotifyId, 64))
                    .col(timestamp_with_time_zone_null(Emails::SentAt))
                    .col(timestamp_with_time_zone(Emails::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("emails_due")
                    .table(Emails::Table)
                    .col(Emails::Status)
                    .col(Emails::NextAttemptAt)
                    .to_owned(),
            )
            .await?;

        // One row per completed save of a draft, so saving it again does nothing twice.
        manager
            .create_table(
                Table::create()
                    .table(Idempotency::Table)
                    .col(string_len(Idempotency::Key, 64).primary_key())
                    .col(big_integer(Idempotency::UserId))
                    .col(timestamp_with_time_zone(Idempotency::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            Emails::Table.into_iden(),
            Idempotency::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
