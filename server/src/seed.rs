//! Development data: the personas, enough other users to page through the list, and one
//! invitation that bounced. Only ever written into an empty development database.

use domain::personas::PERSONAS;
use domain::{DfeEmail, FirstName, LastName, UserFields};
use sea_orm::DatabaseConnection;
use service::users::repo::{self, InsertUserError};

/// Sample users, chosen to exercise the list order: shared first names, mixed case, accents.
pub const SAMPLE_USERS: &[(&str, &str)] = &[
    ("Aisha", "Khan"),
    ("Alex", "Brown"),
    ("alex", "Adams"),
    ("Ben", "Carter"),
    ("Chloe", "Davies"),
    ("Daniel", "Evans"),
    ("Ella", "Fisher"),
    ("Émile", "Garnier"),
    ("Fatima", "Hussain"),
    ("George", "Irwin"),
    ("Grace", "Jones"),
    ("Harry", "King"),
    ("Isla", "Lewis"),
    ("Jack", "Morgan"),
    ("James", "Nolan"),
    ("Jessica", "Owen"),
    ("Kofi", "Mensah"),
    ("Liam", "Parker"),
    ("Lucy", "Quinn"),
    ("Mohammed", "Rahman"),
    ("Noah", "Shaw"),
    ("Olivia", "Taylor"),
    ("Oscar", "Underwood"),
    ("Priya", "Patel"),
    ("Rosie", "Vaughan"),
    ("Samuel", "Walker"),
    ("Siân", "Williams"),
    ("Thomas", "Young"),
    ("Uma", "Zaman"),
    ("Zoe", "Abbott"),
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed data is invalid: {0}")]
    Invalid(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// Seeds an empty database; does nothing if any user (even a deleted one) exists.
pub async fn seed_development_data(
    db: &DatabaseConnection,
    emails: &service::outbox::EmailContext,
) -> Result<(), SeedError> {
    if repo::any_user_ever(db).await? {
        return Ok(());
    }
    let personas = PERSONAS
        .iter()
        .map(|p| (p.first_name, p.last_name, p.email.to_owned()));
    let samples = SAMPLE_USERS.iter().map(|&(first, last)| {
        let email = format!(
            "{}.{}@education.gov.uk",
            ascii_fold(first),
            ascii_fold(last)
        );
        (first, last, email)
    });
    let mut last_added = None;
    for (first, last, email) in personas.chain(samples) {
        let new = UserFields {
            first_name: FirstName::parse(first)
                .map_err(|e| SeedError::Invalid(format!("{first}: {e}")))?,
            last_name: LastName::parse(last)
                .map_err(|e| SeedError::Invalid(format!("{last}: {e}")))?,
            email: DfeEmail::parse(&email)
                .map_err(|e| SeedError::Invalid(format!("{email}: {e}")))?,
        };
        match repo::insert(db, new, None).await {
            Ok(user) => last_added = Some(user),
            Err(InsertUserError::EmailTaken) => {
                return Err(SeedError::Invalid(format!("{email} twice")));
            }
            Err(InsertUserError::Db(err)) => return Err(err.into()),
        }
    }
    // One bounced invitation, for "Emails not delivered" (the last sample user's).
    if let Some(user) = last_added {
        let invitation = emails.invitation(&user.first_name, &user.email);
        service::outbox::undelivered::seed_bounced_invitation(db, &user, invitation).await?;
    }
    tracing::info!(
        users = PERSONAS.len() + SAMPLE_USERS.len(),
        "seeded development data"
    );
    Ok(())
}

/// "Émile" → "emile", "Siân" → "sian": sample addresses must be plain ASCII.
pub fn ascii_fold(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'É' | 'é' => 'e',
            'â' => 'a',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}
