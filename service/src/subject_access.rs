//! A subject access request (SPEC §10, `server users export --email`): everything the service
//! holds about an email address, as JSON, written as it is read, so an account with years of
//! history is never held in memory whole.
//!
//! For each account that has had the address (current or deleted, oldest first): its details
//! and dates, the audit records about it and made by it, and the emails sent to it with their
//! texts (as queued; `{}` once a body has been erased).

use chrono::{DateTime, Utc};
use domain::DfeEmail;
use entity::{audit_events, emails, users};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use serde_json::{Value, json};
use std::io::Write;

/// Rows read per statement.
const PAGE: u64 = 500;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not read the database: {0}")]
    Db(#[from] DbErr),
    #[error("could not write the export: {0}")]
    Write(#[from] std::io::Error),
}

/// Writes the export of `address` to `out`; returns how many accounts had it.
pub async fn export<C: ConnectionTrait>(
    db: &C,
    address: &DfeEmail,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> Result<usize, ExportError> {
    let accounts = users::Entity::find()
        .filter(users::Column::Email.eq(address.as_str()))
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    write!(
        out,
        "{{\"email_address\":{},\"exported_at\":{},\"accounts\":[",
        json!(address.as_str()),
        json!(now)
    )?;
    for (n, account) in accounts.iter().enumerate() {
        if n > 0 {
            write!(out, ",")?;
        }
        // The details' object left open, then the lists, each written as it is read.
        let details = account_details(account).to_string();
        let open = details.strip_suffix('}').unwrap_or(&details);
        write!(out, "{open},")?;
        let audit = audit_events::Entity::find();
        write!(out, "\"audit_records_about_it\":")?;
        let about = audit
            .clone()
            .filter(audit_events::Column::SubjectUserId.eq(account.id));
        write_pages(
            out,
            db,
            about,
            audit_events::Column::Id,
            |e| e.id,
            audit_record,
        )
        .await?;
        write!(out, ",\"audit_records_made_by_it\":")?;
        let by = audit.filter(audit_events::Column::ActorId.eq(account.id));
        write_pages(
            out,
            db,
            by,
            audit_events::Column::Id,
            |e| e.id,
            audit_record,
        )
        .await?;
        write!(out, ",\"emails\":")?;
        let sent = emails::Entity::find().filter(
            Condition::any()
                .add(emails::Column::UserId.eq(account.id))
                .add(emails::Column::Recipient.eq(address.as_str())),
        );
        write_pages(out, db, sent, emails::Column::Id, |e| e.id, email_record).await?;
        write!(out, "}}")?;
    }
    writeln!(out, "]}}")?;
    out.flush()?;
    Ok(accounts.len())
}

/// Writes a JSON array of every row `rows` selects, in id order, a page at a time after the
/// last id read.
async fn write_pages<E, C>(
    out: &mut impl Write,
    db: &C,
    rows: Select<E>,
    id_column: E::Column,
    id: fn(&E::Model) -> i64,
    record: fn(&E::Model) -> Value,
) -> Result<(), ExportError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    write!(out, "[")?;
    let mut after = 0;
    let mut first = true;
    loop {
        let page = rows
            .clone()
            .filter(id_column.gt(after))
            .order_by_asc(id_column)
            .limit(PAGE)
            .all(db)
            .await?;
        for row in &page {
            if !first {
                write!(out, ",")?;
            }
            first = false;
            serde_json::to_writer(&mut *out, &record(row)).map_err(std::io::Error::other)?;
        }
        match page.last() {
            Some(last) if page.len() as u64 == PAGE => after = id(last),
            _ => break,
        }
    }
    write!(out, "]")?;
    Ok(())
}

fn account_details(user: &users::Model) -> Value {
    json!({
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "dfe_sign_in_id": user.dfe_sign_in_uid,
        "status": format!("{:?}", user.status).to_lowercase(),
        "added_at": user.created_at,
        "updated_at": user.updated_at,
        "last_signed_in_at": user.last_signed_in_at,
        "invitation_resent_at": user.invitation_resent_at,
        "status_changed_at": user.status_changed_at,
        "reactivated_at": user.reactivated_at,
        "dormancy_reminder_at": user.dormancy_reminder_at,
        "deleted_at": user.deleted_at,
        "erased_at": user.erased_at,
    })
}

fn audit_record(event: &audit_events::Model) -> Value {
    json!({
        "id": event.id,
        "action": format!("{:?}", event.action),
        "by_user_id": event.actor_id,
        "about_user_id": event.subject_user_id,
        "changes": serde_json::from_str::<Value>(&event.changes).unwrap_or(Value::Null),
        "at": event.created_at,
    })
}

fn email_record(email: &emails::Model) -> Value {
    json!({
        "id": email.id,
        "kind": format!("{:?}", email.kind),
        "sent_to": email.recipient,
        "status": format!("{:?}", email.status),
        "text": serde_json::from_str::<Value>(&email.personalisation).unwrap_or(Value::Null),
        "queued_at": email.created_at,
        "sent_at": email.sent_at,
        "finished_at": email.finished_at,
        "notify_id": email.notify_id,
        "last_error": email.last_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_db::test_db;
    use domain::{FirstName, LastName, UserFields};
    use entity::audit_events::AuditAction;
    use sea_orm::ActiveValue::Set;

    /// Pages of 500 rows: 1,001 records about one account arrive whole, each once, in order,
    /// as one JSON document.
    #[tokio::test]
    async fn every_page_is_written_once_across_page_boundaries() {
        let t = test_db().await;
        let address = DfeEmail::parse("ada@education.gov.uk").unwrap();
        let fields = UserFields {
            first_name: FirstName::parse("Ada").unwrap(),
            last_name: LastName::parse("Lovelace").unwrap(),
            email: address.clone(),
        };
        let ada = crate::users::repo::insert(&t.db, fields, None)
            .await
            .unwrap();
        let now = crate::clock::database_now(&t.db).await.unwrap();
        let records = (0..1001).map(|n| audit_events::ActiveModel {
            actor_id: Set(None),
            action: Set(AuditAction::UserChanged),
            subject_user_id: Set(ada.id),
            changes: Set(format!(r#"{{"n":{n}}}"#)),
            created_at: Set(now),
            ..Default::default()
        });
        audit_events::Entity::insert_many(records)
            .exec(&t.db)
            .await
            .unwrap();

        let mut out = Vec::new();
        let accounts = export(&t.db, &address, now, &mut out).await.unwrap();
        assert_eq!(accounts, 1);
        let json: Value = serde_json::from_slice(&out).expect("one JSON document");
        let about = json["accounts"][0]["audit_records_about_it"]
            .as_array()
            .unwrap();
        let ns: Vec<i64> = about
            .iter()
            .map(|r| r["changes"]["n"].as_i64().unwrap())
            .collect();
        assert_eq!(ns, (0..1001).collect::<Vec<_>>());
        assert_eq!(json["accounts"][0]["first_name"], "Ada");
    }
}
