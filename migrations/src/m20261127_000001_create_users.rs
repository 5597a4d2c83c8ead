use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    FirstName,
    LastName,
    Email,
    DfeSignInUid,
    LastSignedInAt,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    CreatedById,
    UpdatedById,
    DeletedById,
    LockVersion,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(big_pk_auto(Users::Id))
                    .col(string_len(Users::FirstName, 255))
                    .col(string_len(Users::LastName, 255))
                    .col(string_len(Users::Email, 320))
                    .col(string_len_null(Users::DfeSignInUid, 255))
                    .col(timestamp_with_time_zone_null(Users::LastSignedInAt))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Users::DeletedAt))
                    .col(big_integer_null(Users::CreatedById))
                    .col(big_integer_null(Users::UpdatedById))
                    .col(big_integer_null(Users::DeletedById))
                    .col(integer(Users::LockVersion).default(1))
                    .to_owned(),
            )
            .await?;

        // Email addresses are stored normalised (lower case), so a plain unique index among
        // active users is the case-insensitive rule. Deleted rows keep their address (audit)
        // and must not block re-adding it.
        manager
            .create_index(
                Index::create()
                    .name("users_active_email_unique")
                    .table(Users::Table)
                    .col(Users::Email)
                    .unique()
                    .and_where(Expr::col(Users::DeletedAt).is_null())
                    .to_owned(),
            )
            .await?;

        // Serves the list order: first name, last name (case-insensitive), id. An expression
        // index, which sea-query cannot build for SQLite; this SQL is the same on both backends.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX users_active_list_order \
                 ON users (lower(first_name), lower(last_name), id) \
                 WHERE deleted_at IS NULL",
            )
            .await?;

        // Sign-in looks users up by their DfE Sign-in id.
        manager
            .create_index(
                Index::create()
                    .name("users_active_dfe_sign_in_uid_unique")
                    .table(Users::Table)
                    .col(Users::DfeSignInUid)
                    .unique()
                    .and_where(Expr::col(Users::DeletedAt).is_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}
