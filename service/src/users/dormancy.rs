//! Dormant accounts (SPEC §9): an active account nobody has used for `after_days` days is
//! deactivated, after a reminder 14 days before.
//!
//! The rule lives in one place, [`DORMANCY_CLOCK`]: an account's dormant period runs from the
//! latest of its sign-in, when it was added, when it was last reactivated and when its
//! invitation was last sent again. The SQL conditions ([`quiet_since`], [`reminded`]) and the
//! date in the reminder ([`dormant_from`]) are all built from that one list.
//!
//! Exactly once, whichever instances run: every reminder and every deactivation is a write
//! guarded by the rule itself (and, for a reminder, by "not yet reminded in this period"), in
//! the transaction that queues its email. Of two instances that find the same account, one
//! write matches the row and the other matches nothing, so it sends nothing, as the outbox's
//! claims do. The clock is the caller's (`now`), so tests set it instead of waiting.

use super::repo;
use super::status::{self, AccountStatus, ChangedBy, StatusChange};
use crate::audit;
use crate::outbox::{self, EmailContext};
use crate::{Refusal, Step};
use chrono::{DateTime, Duration, Utc};
use entity::users::{self, Column, Entity as Users};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// What starts a dormant period again: whichever of these is latest.
pub const DORMANCY_CLOCK: [Column; 4] = [
    Column::LastSignedInAt,
    Column::CreatedAt,
    Column::ReactivatedAt,
    Column::InvitationResentAt,
];

/// The reminder goes this many days before an account becomes dormant.
pub const REMINDER_DAYS_BEFORE: u32 = 14;

/// Accounts handled in one statement's worth, at most, each run; the rest wait for the next.
const BATCH: u64 = 500;

/// `DEACTIVATE_AFTER_DAYS`, when it is not 0 (0 turns dormancy off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DormancyRules {
    pub after_days: std::num::NonZeroU32,
}

impl DormancyRules {
    fn days(self) -> u32 {
        self.after_days.get()
    }

    /// Accounts quiet since before this are dormant.
    fn dormant_before(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(i64::from(self.days()))
    }

    /// Accounts quiet since before this are due their reminder; `None` when the period is too
    /// short for one.
    fn remind_before(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let days = self.days().checked_sub(REMINDER_DAYS_BEFORE)?;
        (days > 0).then(|| now - Duration::days(i64::from(days)))
    }
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DormancyRun {
    pub reminded: u64,
    pub deactivated: u64,
    /// Dormant accounts left active: deactivating them would leave fewer than 2.
    pub kept_for_the_minimum: u64,
}

/// Nothing in [`DORMANCY_CLOCK`] has happened since `cutoff` (strictly before it: "more than N
/// days ago").
pub fn quiet_since(cutoff: DateTime<Utc>) -> Condition {
    DORMANCY_CLOCK
        .into_iter()
        .fold(Condition::all(), |all, column| {
            all.add(
                Condition::any()
                    .add(column.is_null())
                    .add(column.lt(cutoff)),
            )
        })
}

/// The reminder of the current dormant period has been sent: it is later than everything in
/// [`DORMANCY_CLOCK`].
pub fn reminded() -> Condition {
    DORMANCY_CLOCK.into_iter().fold(
        Condition::all().add(Column::DormancyReminderAt.is_not_null()),
        |all, column| {
            all.add(
                Condition::any()
                    .add(column.is_null())
                    .add(Expr::col(column).lte(Expr::col(Column::DormancyReminderAt))),
            )
        },
    )
}

/// When `user`'s current dormant period started: the latest of [`DORMANCY_CLOCK`].
pub fn dormant_from(user: &users::Model) -> DateTime<Utc> {
    DORMANCY_CLOCK
        .into_iter()
        .filter_map(|column| match column {
            Column::LastSignedInAt => user.last_signed_in_at,
            Column::CreatedAt => Some(user.created_at),
            Column::ReactivatedAt => user.reactivated_at,
            Column::InvitationResentAt => user.invitation_resent_at,
            _ => None,
        })
        .max()
        .unwrap_or(user.created_at)
}

/// One run at `now`: the reminders that are due, then the deactivations.
pub async fn run(
    db: &DatabaseConnection,
    emails: &EmailContext,
    rules: DormancyRules,
    now: DateTime<Utc>,
) -> Result<DormancyRun, DbErr> {
    let mut done = DormancyRun::default();
    if let Some(remind_before) = rules.remind_before(now) {
        let due = Condition::all()
            .add(repo::is_active_account())
            .add(quiet_since(remind_before))
            // Not yet dormant: a dormant account is deactivated instead.
            .add(quiet_since(rules.dormant_before(now)).not())
            .add(reminded().not());
        for user in candidates(db, due.clone()).await? {
            if remind(db, emails, rules, &user, due.clone(), now).await? {
                done.reminded += 1;
            }
        }
    }
    let dormant = Condition::all()
        .add(repo::is_active_account())
        .add(quiet_since(rules.dormant_before(now)));
    for user in candidates(db, dormant.clone()).await? {
        let txn = crate::write::begin(db).await?;
        let by = ChangedBy::Dormancy {
            after_days: rules.days(),
        };
        let deactivated = status::write_in(
            &txn,
            emails,
            &user,
            AccountStatus::Inactive,
            by,
            now,
            dormant.clone(),
        )
        .await;
        match deactivated {
            Ok(StatusChange::Changed) => {
                txn.commit().await?;
                done.deactivated += 1;
            }
            // Used or changed meanwhile (or by another instance first): nothing to do.
            Ok(StatusChange::AlreadySo)
            | Err(Step::Refused(Refusal::Conflict | Refusal::NotFound)) => {}
            Err(Step::Refused(Refusal::TooFewActive)) => {
                done.kept_for_the_minimum += 1;
                tracing::warn!(
                    user_id = user.id,
                    "a dormant account was left active: deactivating it would leave fewer than 2 active accounts"
                );
            }
            // Nobody else refuses a dormancy deactivation.
            Err(Step::Refused(_)) => {}
            Err(Step::Db(err)) => return Err(err),
        }
    }
    Ok(done)
}

async fn candidates(
    db: &DatabaseConnection,
    condition: Condition,
) -> Result<Vec<users::Model>, DbErr> {
    Users::find()
        .filter(condition)
        .order_by_asc(Column::Id)
        .limit(BATCH)
        .all(db)
        .await
}

/// The reminder to `user`, if it is still `due` (another instance may have sent it).
async fn remind(
    db: &DatabaseConnection,
    emails: &EmailContext,
    rules: DormancyRules,
    user: &users::Model,
    due: Condition,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let txn = crate::write::begin(db).await?;
    let claimed = Users::update_many()
        .col_expr(Column::DormancyReminderAt, Expr::value(now))
        .filter(Column::Id.eq(user.id))
        .filter(due)
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        return Ok(false);
    }
    let deactivation = dormant_from(user) + Duration::days(i64::from(rules.days()));
    let date = crate::time_format::uk_date(deactivation);
    audit::record(
        &txn,
        None,
        audit::Action::DormancyReminderSent,
        user.id,
        &[],
    )
    .await?;
    outbox::queue(
        &txn,
        Some(user.id),
        emails.dormancy_reminder(&user.first_name, &user.email, &date),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn user(created: DateTime<Utc>) -> users::Model {
        users::Model {
            id: 1,
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@education.gov.uk".into(),
            dfe_sign_in_uid: None,
            last_signed_in_at: None,
            created_at: created,
            updated_at: created,
            deleted_at: None,
            created_by_id: None,
            updated_by_id: None,
            deleted_by_id: None,
            lock_version: 1,
            invitation_resent_at: None,
            status: AccountStatus::Active,
            status_changed_at: None,
            reactivated_at: None,
            dormancy_reminder_at: None,
            erased_at: None,
        }
    }

    #[test]
    fn the_period_runs_from_the_latest_of_the_clock() {
        let day = |d| Utc.with_ymd_and_hms(2026, 1, d, 12, 0, 0).unwrap();
        let mut ada = user(day(1));
        assert_eq!(dormant_from(&ada), day(1));
        ada.last_signed_in_at = Some(day(5));
        ada.invitation_resent_at = Some(day(3));
        assert_eq!(dormant_from(&ada), day(5));
        ada.reactivated_at = Some(day(9));
        assert_eq!(dormant_from(&ada), day(9));
        ada.invitation_resent_at = Some(day(20));
        assert_eq!(dormant_from(&ada), day(20));
    }

    #[test]
    fn a_reminder_needs_a_period_longer_than_its_notice() {
        let now = Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).unwrap();
        let rules = |days| DormancyRules {
            after_days: std::num::NonZeroU32::new(days).unwrap(),
        };
        assert_eq!(rules(90).remind_before(now), Some(now - Duration::days(76)));
        assert_eq!(rules(90).dormant_before(now), now - Duration::days(90));
        assert_eq!(rules(14).remind_before(now), None);
        assert_eq!(rules(10).remind_before(now), None);
        assert_eq!(rules(15).remind_before(now), Some(now - Duration::days(1)));
    }
}
