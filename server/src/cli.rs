//! The command line: run the server (the default), migrate, add a support user (so a new
//! production service can get its first user), deactivate or reactivate an account (a
//! compromised account; an operator locked out of every account), and see and retry emails.

use crate::config::{ConfigError, SettingsArgs};
use crate::{db, startup::Application};
use clap::{Parser, Subcommand};
use domain::UserFields;
use domain::forms::UserFormValues;
use service::outbox::EmailStatus;
use service::outbox::operator::{self, RequeueError};
use service::retention::ErasedByEmail;

use service::users::repo;
use service::users::status::{AccountStatus, ChangedBy, StatusChange, set_status};
use service::users::{Added, add_user};
use service::{Failed, Refusal};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    about = "Register of training providers: the support area"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Run pending database migrations, then exit.
    Migrate,
    /// Manage support users.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// See and retry the email outbox.
    Emails {
        #[command(subcommand)]
        command: EmailsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum EmailsCommand {
    /// List the newest emails, newest first.
    List {
        /// Only emails with this status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// How many to list.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Put failed emails back in the queue (after fixing why Notify refused them), each with
    /// an audit record; a running server sends them.
    Retry {
        /// Only this email (its id, as `emails list` shows it); without it, every failed one.
        #[arg(long)]
        id: Option<i64>,
    },
}

/// An email's status, as `--status` takes it.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    Queued,
    Sending,
    Sent,
    Failed,
    Delivered,
    NotDelivered,
}

impl From<StatusArg> for EmailStatus {
    fn from(status: StatusArg) -> Self {
        match status {
            StatusArg::Queued => EmailStatus::Queued,
            StatusArg::Sending => EmailStatus::Sending,
            StatusArg::Sent => EmailStatus::Sent,
            StatusArg::Failed => EmailStatus::Failed,
            StatusArg::Delivered => EmailStatus::Delivered,
            StatusArg::NotDelivered => EmailStatus::NotDelivered,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a support user, with the same rules as the web form.
    Add {
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
        #[arg(long)]
        email: String,
    },
    /// Deactivate an account (a compromised one): it can no longer sign in, and every session
    /// it has ends at once. Allowed even when it leaves fewer than 2 active accounts.
    Deactivate {
        #[arg(long)]
        email: String,
    },
    /// Reactivate an account (an operator locked out of every account).
    Reactivate {
        #[arg(long)]
        email: String,
    },
    /// An erasure request: erase now the personal data of the deleted accounts that had this
    /// address (SPEC §10). Refused while a current account has it.
    Erase {
        #[arg(long)]
        email: String,
    },
    /// A subject access request: print as JSON everything held about this address (current and
    /// deleted accounts, their audit records, the emails sent to them).
    Export {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Input that breaks the rules: one message per problem, as the web form words them.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<&'static str>),
    /// A request the data does not allow (retrying an email that has not failed).
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Failed(String),
}

impl From<ConfigError> for CliError {
    fn from(err: ConfigError) -> Self {
        CliError::Failed(format!("configuration: {err}"))
    }
}

impl From<Failed> for CliError {
    fn from(err: Failed) -> Self {
        match err {
            Failed::Refused(refusal) => CliError::Refused(refusal.to_string()),
            // What it was doing, and why it failed.
            Failed::Error(err) => CliError::Failed(match std::error::Error::source(&err) {
                Some(source) => format!("{err}: {source}"),
                None => err.to_string(),
            }),
        }
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Invalid(_) | CliError::Refused(_) => ExitCode::from(2),
            CliError::Failed(_) => ExitCode::FAILURE,
        }
    }
}

impl Cli {
    /// Serving logs to standard output; every other command to standard error, so that what
    /// it prints is alone on standard output.
    pub fn logs_to(&self) -> crate::telemetry::LogTo {
        match self.command {
            None | Some(Command::Serve) => crate::telemetry::LogTo::Stdout,
            Some(_) => crate::telemetry::LogTo::Stderr,
        }
    }

    pub async fn run(self) -> Result<(), CliError> {
        match self.command.unwrap_or(Command::Serve) {
            Command::Serve => {
                let settings = self.settings.into_settings()?;
                let app = Application::build(settings)
                    .await
                    .map_err(|e| CliError::Failed(e.to_string()))?;
                app.run_until_stopped()
                    .await
                    .map_err(|e| CliError::Failed(e.to_string()))
            }
            // Commands need the database settings only, in any environment.
            Command::Migrate => {
                let database_url = self.settings.database.database_url()?;
                db::connect_and_migrate(&database_url)
                    .await
                    .map(|_| println!("Migrations are up to date."))
                    .map_err(|e| CliError::Failed(e.to_string()))
            }
            Command::Users {
                command:
                    UsersCommand::Add {
                        first_name,
                        last_name,
                        email,
                    },
            } => {
                let new = parse_new_user(&first_name, &last_name, &email)?;
                let database_url = self.settings.database.database_url()?;
                // The invitation links to the service, so it needs the service's address too.
                let emails = self.settings.email_context_for_command()?;
                let db = db::connect_and_migrate(&database_url)
                    .await
                    .map_err(|e| CliError::Failed(e.to_string()))?;
                // The web form's flow: the user, the audit record ("added with the command
                // line") and the invitation, which a running server's worker sends.
                let key = uuid::Uuid::new_v4().to_string();
                match add_user(&db, &emails, new, None, &key).await {
                    Ok(Added::New(user)) => {
                        println!(
                            "Added support user {} {} <{}> (id {}); their invitation is queued.",
                            user.first_name, user.last_name, user.email, user.id
                        );
                        Ok(())
                    }
                    Ok(Added::AlreadySaved) => Ok(()),
                    Err(Failed::Refused(Refusal::EmailTaken)) => {
                        Err(CliError::Invalid(vec![domain::content::EMAIL_IN_USE]))
                    }
                    Err(err) => Err(CliError::from(err)),
                }
            }
            Command::Users {
                command: UsersCommand::Deactivate { email },
            } => {
                // No link in its email: the database is all it needs.
                let emails = self.settings.email_context_without_links()?;
                let database_url = self.settings.database.database_url()?;
                set_status_by_email(&database_url, &emails, &email, AccountStatus::Inactive).await
            }
            Command::Users {
                command: UsersCommand::Reactivate { email },
            } => {
                // Its email says how to sign in: the service's address, as for `users add`.
                let emails = self.settings.email_context_for_command()?;
                let database_url = self.settings.database.database_url()?;
                set_status_by_email(&database_url, &emails, &email, AccountStatus::Active).await
            }
            Command::Users {
                command: UsersCommand::Erase { email },
            } => {
                let address = parse_address(&email)?;
                let db = connect(&self.settings).await?;
                let now = service::clock::database_now(&db).await.map_err(failed)?;
                match service::retention::erase_by_email(&db, &address, now)
                    .await
                    .map_err(failed)?
                {
                    ErasedByEmail::Erased(ids) => {
                        println!(
                            "The personal data of {} deleted account(s) that had {address} is \
                             erased (id {}).",
                            ids.len(),
                            ids.iter()
                                .map(i64::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        Ok(())
                    }
                    ErasedByEmail::NotDeleted(id) => Err(CliError::Refused(format!(
                        "The account of {address} (id {id}) is not deleted: only a deleted \
                         account's data is erased. Delete it first."
                    ))),
                    ErasedByEmail::Unknown => Err(CliError::Refused(format!(
                        "No support user, current or deleted, has the address {address}."
                    ))),
                }
            }
            Command::Users {
                command: UsersCommand::Export { email },
            } => {
                let address = parse_address(&email)?;
                let db = connect(&self.settings).await?;
                let now = service::clock::database_now(&db).await.map_err(failed)?;
                // Standard output holds the JSON alone; what is logged goes to standard error.
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                let accounts = service::subject_access::export(&db, &address, now, &mut out)
                    .await
                    .map_err(|e| CliError::Failed(e.to_string()))?;
                eprintln!("{accounts} account(s) had {address}.");
                Ok(())
            }
            Command::Emails { command } => {
                let database_url = self.settings.database.database_url()?;
                let db = db::connect_and_migrate(&database_url)
                    .await
                    .map_err(|e| CliError::Failed(e.to_string()))?;
                match command {
                    EmailsCommand::List { status, limit } => {
                        let emails = operator::list(&db, status.map(Into::into), limit)
                            .await
                            .map_err(|e| CliError::Failed(format!("could not list emails: {e}")))?;
                        print!("{}", email_table(&emails));
                        Ok(())
                    }
                    EmailsCommand::Retry { id } => match operator::requeue_failed(&db, id).await {
                        Ok(requeued) if requeued.is_empty() => {
                            println!("No failed emails to retry.");
                            Ok(())
                        }
                        Ok(requeued) => {
                            for email in requeued {
                                let audit = if email.audited {
                                    "recorded in the user's history"
                                } else {
                                    "not about a support user, so in no history"
                                };
                                println!("Email {} is queued again ({audit}).", email.id);
                            }
                            Ok(())
                        }
                        Err(
                            err @ (RequeueError::NoSuchEmail(_) | RequeueError::NotFailed { .. }),
                        ) => Err(CliError::Refused(err.to_string())),
                        Err(err @ RequeueError::Db(_)) => Err(CliError::Failed(format!(
                            "{err}: {}",
                            std::error::Error::source(&err)
                                .map(ToString::to_string)
                                .unwrap_or_default()
                        ))),
                    },
                }
            }
        }
    }
}

/// An address given on the command line, as the web form would take it.
fn parse_address(email: &str) -> Result<domain::DfeEmail, CliError> {
    domain::DfeEmail::parse(email)
        .map_err(|_| CliError::Invalid(vec![domain::content::EMAIL_INVALID]))
}

/// The database the settings name, migrated.
async fn connect(settings: &SettingsArgs) -> Result<sea_orm::DatabaseConnection, CliError> {
    let database_url = settings.database.database_url()?;
    db::connect_and_migrate(&database_url).await.map_err(failed)
}

fn failed(err: impl std::fmt::Display) -> CliError {
    CliError::Failed(err.to_string())
}

/// `users deactivate|reactivate`: the account with this address (not deleted) gets `to`,
/// recorded in its history as done with the command line.
async fn set_status_by_email(
    database_url: &crate::config::DatabaseUrl,
    emails: &service::outbox::EmailContext,
    email: &str,
    to: AccountStatus,
) -> Result<(), CliError> {
    let address = domain::DfeEmail::parse(email)
        .map_err(|_| CliError::Invalid(vec![domain::content::EMAIL_INVALID]))?;
    let db = db::connect_and_migrate(database_url)
        .await
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let user = repo::find_by_email(&db, &address)
        .await
        .map_err(|e| CliError::Failed(e.to_string()))?
        .ok_or_else(|| CliError::Refused(format!("No support user has the address {address}.")))?;
    let done = match to {
        AccountStatus::Active => "reactivated",
        AccountStatus::Inactive => "deactivated",
    };
    match set_status(&db, emails, user.id, to, ChangedBy::CommandLine).await {
        Ok(StatusChange::Changed) => {
            println!("The account of {address} (id {}) is {done}.", user.id);
            Ok(())
        }
        Ok(StatusChange::AlreadySo) => {
            println!(
                "The account of {address} (id {}) was already {done}.",
                user.id
            );
            Ok(())
        }
        Err(Failed::Refused(refusal @ (Refusal::NotFound | Refusal::Conflict))) => {
            Err(CliError::Refused(format!("{refusal}: try again.")))
        }
        Err(err) => Err(CliError::from(err)),
    }
}

/// The emails as a table for a terminal: one line each.
fn email_table(emails: &[service::outbox::Email]) -> String {
    let mut out = String::from("id\tstatus\tkind\tattempts\tqueued at\trecipient\tlast error\n");
    for e in emails {
        out.push_str(&format!(
            "{}\t{:?}\t{:?}\t{}\t{}\t{}\t{}\n",
            e.id,
            e.status,
            e.kind,
            e.attempts,
            e.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
            e.recipient,
            e.last_error
                .as_deref()
                .unwrap_or("-")
                .replace(['\n', '\t'], " "),
        ));
    }
    out
}

/// The web form's rules: every problem is reported at once, in its words.
pub fn parse_new_user(
    first_name: &str,
    last_name: &str,
    email: &str,
) -> Result<UserFields, CliError> {
    UserFormValues {
        first_name: first_name.into(),
        last_name: last_name.into(),
        email: email.into(),
        active: None,
    }
    .parse()
    .map_err(|errors| {
        CliError::Invalid(
            errors
                .summary()
                .into_iter()
                .map(|(_, message)| message)
                .collect(),
        )
    })
}
