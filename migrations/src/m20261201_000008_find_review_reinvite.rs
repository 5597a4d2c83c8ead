//! SPEC §7: finding, reviewing and re-inviting support users.
//!
//! - Search by name or email, index-backed on both databases. SQLite: an FTS5 table with the
//!   `trigram` tokenizer (substring matching, case folded), contentless (it keeps only the
//!   index), filled and kept in step by triggers on `users`, so the CLI and an operator's SQL
//!   keep it right too. PostgreSQL: `pg_trgm` GIN indexes on the same two expressions.
//! - Delivery status read back from GOV.UK Notify: `emails.status_check_at`, when to ask Notify
//!   next (`NULL` once the answer is final, or after 7 days); the status gains `delivered` and
//!   `not_delivered` (the column is a string, so no schema change for that).
//! - Resending an invitation: `users.invitation_resent_at`, the last resend, which the resend
//!   itself guards on, so the 5-minute limit holds across instances.
//! - `user_list_state.found_version`: changes whenever anything a search or filter looks at
//!   may have changed (a name, an address, a removal, a sign-in), so an instance can keep a
//!   search's matches and know, in the statement that reads a page of them, that they still
//!   hold.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What is searched: the full name ("first last"), which holds the first and the last name,
/// and the email address; a match is within one of them, never across the two.
const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE user_search USING fts5(
        name, email, content='', contentless_delete=1, tokenize='trigram'
    )",
    "INSERT INTO user_search (rowid, name, email)
        SELECT id, first_name || ' ' || last_name, email FROM users WHERE deleted_at IS NULL",
    "CREATE TRIGGER user_search_insert AFTER INSERT ON users
        WHEN NEW.deleted_at IS NULL
    BEGIN
        INSERT INTO user_search (rowid, name, email)
        VALUES (NEW.id, NEW.first_name || ' ' || NEW.last_name, NEW.email);
    END",
    // One trigger for an update, so the old entry always goes before the new one is written
    // (SQLite does not promise an order between two triggers on one event).
    "CREATE TRIGGER user_search_update
        AFTER UPDATE OF first_name, last_name, email, deleted_at ON users
        WHEN OLD.first_name IS NOT NEW.first_name OR OLD.last_name IS NOT NEW.last_name
          OR OLD.email IS NOT NEW.email OR OLD.deleted_at IS NOT NEW.deleted_at
    BEGIN
        DELETE FROM user_search WHERE rowid = OLD.id AND OLD.deleted_at IS NULL;
        INSERT INTO user_search (rowid, name, email)
        SELECT NEW.id, NEW.first_name || ' ' || NEW.last_name, NEW.email
        WHERE NEW.deleted_at IS NULL;
    END",
    "CREATE TRIGGER user_search_delete AFTER DELETE ON users
        WHEN OLD.deleted_at IS NULL
    BEGIN
        DELETE FROM user_search WHERE rowid = OLD.id;
    END",
    "ALTER TABLE user_list_state ADD COLUMN found_version BIGINT NOT NULL DEFAULT 0",
    "CREATE TRIGGER user_found_insert AFTER INSERT ON users BEGIN
        UPDATE user_list_state SET found_version = found_version + 1 WHERE id = 1;
    END",
    "CREATE TRIGGER user_found_update
        AFTER UPDATE OF first_name, last_name, email, deleted_at, last_signed_in_at ON users
    BEGIN
        UPDATE user_list_state SET found_version = found_version + 1 WHERE id = 1;
    END",
    "CREATE TRIGGER user_found_delete AFTER DELETE ON users BEGIN
        UPDATE user_list_state SET found_version = found_version + 1 WHERE id = 1;
    END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER user_found_delete",
    "DROP TRIGGER user_found_update",
    "DROP TRIGGER user_found_insert",
    "ALTER TABLE user_list_state DROP COLUMN found_version",
    "DROP TRIGGER user_search_delete",
    "DROP TRIGGER user_search_update",
    "DROP TRIGGER user_search_insert",
    "DROP TABLE user_search",
];

const POSTGRES_UP: &[&str] = &[
    // Trusted since PostgreSQL 13: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX users_search_name ON users
        USING gin (lower(first_name || ' ' || last_name) gin_trgm_ops) WHERE deleted_at IS NULL",
    "CREATE INDEX users_search_email ON users
        USING gin (lower(email) gin_trgm_ops) WHERE deleted_at IS NULL",
    "ALTER TABLE user_list_state ADD COLUMN found_version BIGINT NOT NULL DEFAULT 0",
    // Once a statement: a bulk change is one new version.
    "CREATE FUNCTION user_found_track() RETURNS trigger AS $$
    BEGIN
        UPDATE user_list_state SET found_version = found_version + 1 WHERE id = 1;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql",
    "CREATE TRIGGER user_found_track
        AFTER INSERT OR DELETE
          OR UPDATE OF first_name, last_name, email, deleted_at, last_signed_in_at ON users
        FOR EACH STATEMENT EXECUTE FUNCTION user_found_track()",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER user_found_track ON users",
    "DROP FUNCTION user_found_track",
    "ALTER TABLE user_list_state DROP COLUMN found_version",
    "DROP INDEX users_search_email",
    "DROP INDEX users_search_name",
];

#[derive(DeriveIden)]
enum Emails {
    Table,
    UserId,
    StatusCheckAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    InvitationResentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements = match db.get_database_backend() {
            DbBackend::Sqlite => SQLITE_UP,
            _ => POSTGRES_UP,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .add_column(
                        ColumnDef::new(Emails::StatusCheckAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::InvitationResentAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        // The add journey's check page asks whether an address was a deleted user's.
        db.execute_unprepared(
            "CREATE INDEX users_deleted_email ON users (email, deleted_at)
             WHERE deleted_at IS NOT NULL",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("emails_user_id")
                    .table(Emails::Table)
                    .col(Emails::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("emails_status_check_at")
                    .table(Emails::Table)
                    .col(Emails::StatusCheckAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for index in ["emails_status_check_at", "emails_user_id"] {
            manager
                .drop_index(Index::drop().name(index).table(Emails::Table).to_owned())
                .await?;
        }
        db.execute_unprepared("DROP INDEX users_deleted_email")
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::InvitationResentAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Emails::Table)
                    .drop_column(Emails::StatusCheckAt)
                    .to_owned(),
            )
            .await?;
        let statements = match db.get_database_backend() {
            DbBackend::Sqlite => SQLITE_DOWN,
            _ => POSTGRES_DOWN,
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
