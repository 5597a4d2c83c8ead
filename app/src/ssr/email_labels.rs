//! How each kind of email is named on pages: one home for the details page's "Emails", the
//! history and "Emails not delivered".

use domain::content;
use service::outbox::EmailKind;

pub fn kind(kind: EmailKind) -> &'static str {
    match kind {
        EmailKind::Invitation => content::EMAIL_INVITATION,
        EmailKind::SignInDetails => content::EMAIL_SIGN_IN_DETAILS,
        EmailKind::Removed => content::EMAIL_REMOVAL,
        EmailKind::Deactivated => content::EMAIL_DEACTIVATED,
        EmailKind::Reactivated => content::EMAIL_REACTIVATED,
        EmailKind::DormancyReminder => content::EMAIL_DORMANCY_REMINDER,
    }
}
