//! The list's state in one row: how many active users there are, and a version that changes
//! whenever the list's membership or order may have changed. Triggers keep it, so no writer
//! (the app, the command line, a bulk import, an operator's SQL) can forget to. The list page
//! reads its count here instead of counting 100,000 rows, and knows when the page boundaries
//! it remembers are stale.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE TABLE user_list_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL,
        active_users BIGINT NOT NULL
    )",
    "INSERT INTO user_list_state (id, version, active_users)
        SELECT 1, 0, COUNT(*) FROM users WHERE deleted_at IS NULL",
    "CREATE TRIGGER user_list_state_insert AFTER INSERT ON users BEGIN
        UPDATE user_list_state
        SET version = version + 1, active_users = active_users + (NEW.deleted_at IS NULL)
        WHERE id = 1;
    END",
    "CREATE TRIGGER user_list_state_update
        AFTER UPDATE OF first_name, last_name, deleted_at ON users BEGIN
        UPDATE user_list_state
        SET version = version + 1,
            active_users = active_users + (NEW.deleted_at IS NULL) - (OLD.deleted_at IS NULL)
        WHERE id = 1;
    END",
    "CREATE TRIGGER user_list_state_delete AFTER DELETE ON users BEGIN
        UPDATE user_list_state
        SET version = version + 1, active_users = active_users - (OLD.deleted_at IS NULL)
        WHERE id = 1;
    END",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE TABLE user_list_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL,
        active_users BIGINT NOT NULL
    )",
    "INSERT INTO user_list_state (id, version, active_users)
        SELECT 1, 0, COUNT(*) FROM users WHERE deleted_at IS NULL",
    "CREATE FUNCTION user_list_state_track() RETURNS trigger AS $$
    DECLARE
        change BIGINT := 0;
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL THEN
            change := change + 1;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
            change := change - 1;
        END IF;
        UPDATE user_list_state
        SET version = version + 1, active_users = active_users + change
        WHERE id = 1;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql",
    "CREATE TRIGGER user_list_state_track
        AFTER INSERT OR DELETE OR UPDATE OF first_name, last_name, deleted_at ON users
        FOR EACH ROW EXECUTE FUNCTION user_list_state_track()",
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
                "DROP TRIGGER user_list_state_track ON users",
                "DROP FUNCTION user_list_state_track()",
                "DROP TABLE user_list_state",
            ],
            _ => &[
                "DROP TRIGGER user_list_state_insert",
                "DROP TRIGGER user_list_state_update",
                "DROP TRIGGER user_list_state_delete",
                "DROP TABLE user_list_state",
            ],
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
