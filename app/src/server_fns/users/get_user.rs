use super::UserDetails;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// A support user's details (not deleted; active or not), with what the signed-in user may do
/// to them.
#[server(endpoint = "users/get", input = GetUrl)]
pub async fn get_user(id: i64) -> Result<UserDetails, AppError> {
    use super::{EmailRow, EmailTag, FieldChange, HistoryEntry, HistoryKind};
    use crate::ssr::{RequestContext, email_labels, respond, time_format};
    use domain::content;
    use domain::policy::UserPolicy;
    use service::audit::{self, AuditField};
    use service::outbox::{self, EmailStatus};
    use service::{Context, drafts, users::repo};
    respond("get_user", async move {
        let (cx, actor) = RequestContext::signed_in().await?;
        let user = repo::find_not_deleted(&cx.db, id)
            .await
            .context("read the support user")?
            .ok_or(AppError::NotFound)?;
        let policy = UserPolicy::new(actor.id);
        let facts = repo::facts(&user);
        let history = audit::history_of(&cx.db, user.id)
            .await
            .context("read the user's history")?
            .into_iter()
            .map(|(event, by)| HistoryEntry {
                kind: match event.action {
                    audit::Action::EmailNotDelivered => {
                        let (kind, to) = audit::not_delivered(&event.changes);
                        HistoryKind::NotDelivered {
                            email: kind
                                .map_or(content::EMAIL_GENERIC, email_labels::kind)
                                .to_owned(),
                            to,
                        }
                    }
                    audit::Action::UserAdded => HistoryKind::Added,
                    audit::Action::InvitationResent => HistoryKind::InvitationResent,
                    audit::Action::AccountDeactivated => {
                        match audit::dormant_days(&event.changes) {
                            Some(days) => HistoryKind::DeactivatedAutomatically(days),
                            None => HistoryKind::Deactivated,
                        }
                    }
                    audit::Action::AccountReactivated => HistoryKind::Reactivated,
                    audit::Action::UserChanged
                    | audit::Action::UserDeleted
                    | audit::Action::EmailRequeued
                    | audit::Action::DormancyReminderSent => HistoryKind::Changed,
                },
                by,
                when: time_format::uk_date_time(event.created_at),
                changes: match event.action {
                    // Its address is in the heading.
                    audit::Action::EmailNotDelivered => Vec::new(),
                    _ => audit::field_changes(&event.changes),
                }
                .into_iter()
                .map(|(field, from, to)| FieldChange {
                    field: match field {
                        AuditField::FirstName => content::FIRST_NAME,
                        AuditField::LastName => content::LAST_NAME,
                        AuditField::Email
                        | AuditField::EmailId
                        | AuditField::DormantDays
                        | AuditField::EmailKind => content::EMAIL_ADDRESS,
                    }
                    .to_owned(),
                    from,
                    to,
                })
                .collect(),
            })
            .collect();
        let emails = outbox::about_user(&cx.db, user.id)
            .await
            .context("read the emails about the user")?
            .into_iter()
            .map(|email| EmailRow {
                kind: email_labels::kind(email.kind).to_owned(),
                sent_to: email.recipient,
                status: match email.status {
                    EmailStatus::Queued => EmailTag::Queued,
                    EmailStatus::Sending => EmailTag::Sending,
                    EmailStatus::Sent => EmailTag::Sent,
                    EmailStatus::Delivered => EmailTag::Delivered,
                    // Notify refused it, or could not deliver it: either way it did not arrive.
                    EmailStatus::Failed | EmailStatus::NotDelivered => EmailTag::NotDelivered,
                },
            })
            .collect();
        Ok(UserDetails {
            id: user.id,
            full_name: repo::full_name(&user),
            first_name: user.first_name,
            last_name: user.last_name,
            email: user.email,
            last_signed_in: user.last_signed_in_at.map(time_format::uk_date_time),
            active: facts.active,
            can_change: policy.can_change(facts),
            can_change_status: policy.can_change_status(facts),
            can_delete: policy.can_delete(facts),
            can_resend_invitation: policy.can_resend_invitation(facts),
            emails,
            banner: drafts::take_flash(&cx.session).await?,
            history,
        })
    })
    .await
}
