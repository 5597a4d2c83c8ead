//! A log of the list's changes: each change to who is on the list, or where they sort, is a
//! row of (sequence number, sort key, +1 or -1), written by triggers, so no writer can forget
//! to. Page starts an instance worked out up to a sequence number are corrected by what the log
//! says happened before them since, instead of walking the whole list again.
//! `user_list_state.log_from`: every change after this sequence number is in the log (older
//! rows are pruned).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An update that changes neither the sort key nor membership (a sign-in rewriting the same
/// names) is no change to the list.
const SQLITE_UP: &[&str] = &[
    "ALTER TABLE user_list_state ADD COLUMN log_from BIGINT NOT NULL DEFAULT 0",
    "CREATE TABLE user_list_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        first_key TEXT NOT NULL,
        last_key TEXT NOT NULL,
        user_id BIGINT NOT NULL,
        delta INTEGER NOT NULL
    )",
    "CREATE TRIGGER user_list_changes_insert AFTER INSERT ON users
        WHEN NEW.deleted_at IS NULL
    BEGIN
        INSERT INTO user_list_changes (first_key, last_key, user_id, delta)
        VALUES (lower(NEW.first_name), lower(NEW.last_name), NEW.id, 1);
    END",
    "CREATE TRIGGER user_list_changes_leave
        AFTER UPDATE OF first_name, last_name, deleted_at ON users
        WHEN OLD.deleted_at IS NULL AND (NEW.deleted_at IS NOT NULL
          OR lower(OLD.first_name) IS NOT lower(NEW.first_name)
          OR lower(OLD.last_name) IS NOT lower(NEW.last_name))
    BEGIN
        INSERT INTO user_list_changes (first_key, last_key, user_id, delta)
        VALUES (lower(OLD.first_name), lower(OLD.last_name), OLD.id, -1);
    END",
    "CREATE TRIGGER user_list_changes_join
        AFTER UPDATE OF first_name, last_name, deleted_at ON users
        WHEN NEW.deleted_at IS NULL AND (OLD.deleted_at IS NOT NULL
          OR lower(OLD.first_name) IS NOT lower(NEW.first_name)
          OR lower(OLD.last_name) IS NOT lower(NEW.last_name))
    BEGIN
        INSERT INTO user_list_changes (first_key, last_key, user_id, delta)
        VALUES (lower(NEW.first_name), lower(NEW.last_name), NEW.id, 1);
    END",
    "CREATE TRIGGER user_list_changes_delete AFTER DELETE ON users
        WHEN OLD.deleted_at IS NULL
    BEGIN
        INSERT INTO user_list_changes (first_key, last_key, user_id, delta)
        VALUES (lower(OLD.first_name), lower(OLD.last_name), OLD.id, -1);
    END",
];

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE user_list_state ADD COLUMN log_from BIGINT NOT NULL DEFAULT 0",
    "CREATE TABLE user_list_changes (
        seq BIGSERIAL PRIMARY KEY,
        first_key TEXT NOT NULL,
        last_key TEXT NOT NULL,
        user_id BIGINT NOT NULL,
        delta INTEGER NOT NULL
    )",
    "CREATE FUNCTION user_list_changes_track() RETURNS trigger AS $$
    DECLARE
        was_on BOOLEAN := TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL;
        is_on BOOLEAN := TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL;
    BEGIN
        IF TG_OP = 'UPDATE' AND was_on = is_on
           AND lower(OLD.first_name) = lower(NEW.first_name)
           AND lower(OLD.last_name) = lower(NEW.last_name) THEN
            RETURN NULL;
        END IF;
        IF was_on THEN
            INSERT INTO user_list_changes (first_key, last_key, user_id, delta)
            VALUES (lower(OLD.first_name), lower(OLD.last_name), OLD.id, -1);
        END IF;
        IF is_on THEN
            INSERT INTO user_list_changes (first_key, last_key, user_id, delta)
            VALUES (lower(NEW.first_name), lower(NEW.last_name), NEW.id, 1);
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql",
    "CREATE TRIGGER user_list_changes_track
        AFTER INSERT OR DELETE OR UPDATE OF first_name, last_name, deleted_at ON users
        FOR EACH ROW EXECUTE FUNCTION user_list_changes_track()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match db.get_database_backend() {
            DbBackend::Postgres => POSTGRES_UP,
            _ => SQLITE_UP,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements: &[&str] = match db.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP TRIGGER user_list_changes_track ON users",
                "DROP FUNCTION user_list_changes_track()",
                "DROP TABLE user_list_changes",
                "ALTER TABLE user_list_state DROP COLUMN log_from",
            ],
            _ => &[
                "DROP TRIGGER user_list_changes_insert",
                "DROP TRIGGER user_list_changes_leave",
                "DROP TRIGGER user_list_changes_join",
                "DROP TRIGGER user_list_changes_delete",
                "DROP TABLE user_list_changes",
                "ALTER TABLE user_list_state DROP COLUMN log_from",
            ],
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
