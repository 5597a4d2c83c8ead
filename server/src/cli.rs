//! The command line: run the server (the default), migrate, or add a support user, so a new
//! production service can get its first user.

use crate::config::{ConfigError, SettingsArgs};
use crate::{db, startup::Application};
use clap::{Parser, Subcommand};
use domain::UserFields;
use domain::forms::UserFormValues;
use service::users::{AddUserError, Added, add_user};
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
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Input that breaks the rules: one message per problem, as the web form words them.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<&'static str>),
    #[error("{0}")]
    Failed(String),
}

impl From<ConfigError> for CliError {
    fn from(err: ConfigError) -> Self {
        CliError::Failed(format!("configuration: {err}"))
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Invalid(_) => ExitCode::from(2),
            CliError::Failed(_) => ExitCode::FAILURE,
        }
    }
}

impl Cli {
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
                    Err(AddUserError::EmailTaken) => {
                        Err(CliError::Invalid(vec![domain::content::EMAIL_IN_USE]))
                    }
                    Err(AddUserError::Db(e)) => Err(CliError::Failed(e.to_string())),
                }
            }
        }
    }
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
