//! SPEC §9: an account is active or inactive (switched off, and on again), apart from being
//! deleted (gone for good).
//!
//! - `users.status`: `active` or `inactive`; every existing and new user is active.
//! - `users.status_changed_at`: when it was last deactivated or reactivated;
//!   `users.reactivated_at`: when it was last reactivated (a reactivated account has the full
//!   period to sign in before it is dormant again).
//! - `users.dormancy_reminder_at`: when the reminder before automatic deactivation was sent,
//!   so it goes once per dormant period.
//! - `user_list_state.found_version` also moves when a status changes: the "Inactive accounts"
//!   filter and the list's tags see it, so a kept search must not outlive it.
//! - An index of the active accounts: the minimum of 2 is counted in the transaction of every
//!   deactivation and deletion.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

// Each list is run as one batch, on one connection: a trigger dropped on one of the pool's
// connections could still be seen by another's cached schema ("already exists").
const SQLITE_UP: &[&str] = &["DROP TRIGGER user_found_update;
    CREATE TRIGGER user_found_update
        AFTER UPDATE OF first_name, last_name, email, deleted_at, last_signed_in_at, status
        ON users
    BEGIN
        UPDATE user_list_state SET found_version = found_version + 1 WHERE id = 1;
    END"];

const SQLITE_DOWN: &[&str] = &["DROP TRIGGER user_found_update;
    CREATE TRIGGER user_found_update
        AFTER UPDATE OF first_name, last_name, email, deleted_at, last_signed_in_at ON users
    BEGIN
        UPDATE user_list_state SET found_version = found_version + 1 WHERE id = 1;
    END"];

const POSTGRES_UP: &[&str] = &["DROP TRIGGER user_found_track ON users;
    CREATE TRIGGER user_found_track
        AFTER INSERT OR DELETE
          OR UPDATE OF first_name, last_name, email, deleted_at, last_signed_in_at, status
          ON users
        FOR EACH STATEMENT EXECUTE FUNCTION user_found_track()"];

const POSTGRES_DOWN: &[&str] = &["DROP TRIGGER user_found_track ON users;
    CREATE TRIGGER user_found_track
        AFTER INSERT OR DELETE
          OR UPDATE OF first_name, last_name, email, deleted_at, last_signed_in_at ON users
        FOR EACH STATEMENT EXECUTE FUNCTION user_found_track()"];

#[derive(DeriveIden)]
enum Users {
    Table,
    Status,
    StatusChangedAt,
    ReactivatedAt,
    DormancyReminderAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::Status)
                            .string_len(16)
                            .not_null()
                            .default("active"),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [
            Users::StatusChangedAt,
            Users::ReactivatedAt,
            Users::DormancyReminderAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(ColumnDef::new(column).timestamp_with_time_zone().null())
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        let statements = match db.get_database_backend() {
            DbBackend::Sqlite => SQLITE_UP,
            _ => POSTGRES_UP,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        db.execute_unprepared(
            "CREATE INDEX users_active_accounts ON users (status) WHERE deleted_at IS NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX users_active_accounts")
            .await?;
        let statements = match db.get_database_backend() {
            DbBackend::Sqlite => SQLITE_DOWN,
            _ => POSTGRES_DOWN,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        for column in [
            Users::DormancyReminderAt,
            Users::ReactivatedAt,
            Users::StatusChangedAt,
            Users::Status,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
