//! Database migrations, run at server start. The same migrations serve SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_users;
mod m20261127_000002_create_sessions;
mod m20261127_000003_create_audit_outbox_idempotency;
mod m20261127_000004_user_list_state;
mod m20261127_000005_session_user_id;
mod m20261201_000006_email_user_id;
mod m20261201_000007_user_list_changes;
mod m20261201_000008_find_review_reinvite;
mod m20261205_000009_account_status;
mod m20261206_000010_personal_data;
mod m20261206_000011_delivery_receipts;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_users::Migration),
            Box::new(m20261127_000002_create_sessions::Migration),
            Box::new(m20261127_000003_create_audit_outbox_idempotency::Migration),
            Box::new(m20261127_000004_user_list_state::Migration),
            Box::new(m20261127_000005_session_user_id::Migration),
            Box::new(m20261201_000006_email_user_id::Migration),
            Box::new(m20261201_000007_user_list_changes::Migration),
            Box::new(m20261201_000008_find_review_reinvite::Migration),
            Box::new(m20261205_000009_account_status::Migration),
            Box::new(m20261206_000010_personal_data::Migration),
            Box::new(m20261206_000011_delivery_receipts::Migration),
        ]
    }
}
