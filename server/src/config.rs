//! Settings, from the environment (or command-line flags). Every setting has a development
//! default, so `cargo leptos watch` needs none.

use crate::email::NotifyApiKey;
use crate::email::api_key::InvalidApiKey;
use crate::email::backoff::RetryPolicy;
use crate::email::notify_client::DEFAULT_BASE_URL;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Environment {
    Development,
    Production,
}

impl Environment {
    pub fn name(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Production => "production",
        }
    }
}

/// The settings flags, each also read from the environment variable it names.
#[derive(Debug, Clone, clap::Args)]
pub struct SettingsArgs {
    /// development (persona sign-in, seeded data) or production.
    #[arg(long, env = "APP_ENV", value_enum, default_value = "development")]
    pub environment: Environment,
    /// postgres://… or sqlite://…; when unset, a SQLite file in DATA_DIR.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Where the default SQLite database lives (created if missing).
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Address to listen on (cargo-leptos sets it from Cargo.toml).
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub address: SocketAddr,
    /// The built site: /pkg (wasm, JS, CSS) and GOV.UK Frontend's assets.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Seed the personas and sample users into an empty development database.
    #[arg(long, env = "SEED_DEVELOPMENT_DATA", default_value_t = true, action = clap::ArgAction::Set)]
    pub seed: bool,
    /// The service's public address, for links in emails; by default http://<listen address>.
    /// Required in production.
    #[arg(long, env = "SERVICE_URL")]
    pub service_url: Option<String>,
    /// A GOV.UK Notify API key; without one, emails are logged instead of sent. Required in
    /// production.
    #[arg(long, env = "NOTIFY_API_KEY", hide_env_values = true)]
    pub notify_api_key: Option<String>,
    /// The id of the Notify email template with ((subject)) and ((body)) placeholders.
    #[arg(long, env = "NOTIFY_TEMPLATE_ID")]
    pub notify_template_id: Option<String>,
    /// GOV.UK Notify's API (a contract server's, in tests).
    #[arg(long, env = "NOTIFY_BASE_URL", default_value = DEFAULT_BASE_URL)]
    pub notify_base_url: String,
    /// DfE Sign-in's OpenID Connect issuer, e.g. https://oidc.signin.education.gov.uk. With the
    /// three settings after it, sign-in is by DfE Sign-in (persona sign-in is off). Required in
    /// production.
    #[arg(long, env = "DFE_SIGN_IN_ISSUER")]
    pub dfe_sign_in_issuer: Option<String>,
    #[arg(long, env = "DFE_SIGN_IN_CLIENT_ID")]
    pub dfe_sign_in_client_id: Option<String>,
    #[arg(long, env = "DFE_SIGN_IN_CLIENT_SECRET", hide_env_values = true)]
    pub dfe_sign_in_client_secret: Option<String>,
    /// This service's callback as registered with DfE Sign-in: <service>/auth/dfe/callback.
    #[arg(long, env = "DFE_SIGN_IN_REDIRECT_URL")]
    pub dfe_sign_in_redirect_url: Option<String>,
    /// How often, at most, the email worker looks for emails queued by other instances.
    #[arg(long, env = "EMAIL_POLL_INTERVAL_SECONDS", default_value_t = 30)]
    pub email_poll_interval_seconds: u64,
    /// The wait before the first retry of an email Notify could not take; it doubles each time.
    #[arg(long, env = "EMAIL_RETRY_BASE_MILLISECONDS", default_value_t = 10_000)]
    pub email_retry_base_milliseconds: u64,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: Environment,
    pub database_url: String,
    pub address: SocketAddr,
    pub site_root: String,
    pub seed: bool,
    /// The public address for links in emails; `None`: the address the server listens on.
    pub service_url: Option<String>,
    pub email: EmailSettings,
    /// `None`: no DfE Sign-in (development, with persona sign-in).
    pub dfe_sign_in: Option<DfeSignInSettings>,
}

#[derive(Clone)]
pub struct DfeSignInSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_url: String,
}

/// Never prints the client secret.
impl std::fmt::Debug for DfeSignInSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DfeSignInSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_url", &self.redirect_url)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct EmailSettings {
    /// `None`: emails are logged, not sent.
    pub notify: Option<NotifySettings>,
    pub poll_interval: Duration,
    pub retry: RetryPolicy,
}

impl Default for EmailSettings {
    fn default() -> Self {
        Self {
            notify: None,
            poll_interval: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NotifySettings {
    pub base_url: String,
    pub api_key: NotifyApiKey,
    pub template_id: String,
}

/// Settings the server cannot start with, each said so an operator can fix it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error(transparent)]
    NotifyApiKey(#[from] InvalidApiKey),
    #[error(
        "NOTIFY_TEMPLATE_ID must be set with NOTIFY_API_KEY: the id of a template in that service"
    )]
    MissingTemplateId,
    #[error("NOTIFY_TEMPLATE_ID must be a template id, like 7d5f7d3a-3b8a-4c43-a1e2-9a0b2f9f4c11")]
    InvalidTemplateId,
    #[error(
        "SERVICE_URL must be an http:// or https:// address, like https://support.example.gov.uk"
    )]
    InvalidServiceUrl,
    #[error("in production {0} must be set")]
    RequiredInProduction(&'static str),
    #[error(
        "DFE_SIGN_IN_ISSUER, DFE_SIGN_IN_CLIENT_ID, DFE_SIGN_IN_CLIENT_SECRET and \
         DFE_SIGN_IN_REDIRECT_URL go together: {0} is missing"
    )]
    IncompleteDfeSignIn(&'static str),
    #[error("{0} must be an http:// or https:// address")]
    NotAnAddress(&'static str),
}

impl Settings {
    /// Persona sign-in: only in development, and only without DfE Sign-in.
    pub fn development_sign_in(&self) -> bool {
        self.environment == Environment::Development && self.dfe_sign_in.is_none()
    }

    /// What emails need to know: the public address (by default the address `bound`) and,
    /// outside production, the environment's name for their subjects.
    pub fn email_context(&self, bound: SocketAddr) -> app::ssr::outbox::EmailContext {
        app::ssr::outbox::EmailContext {
            service_url: self
                .service_url
                .clone()
                .unwrap_or_else(|| format!("http://{bound}")),
            environment_label: match self.environment {
                Environment::Production => None,
                other => Some(other.name().to_owned()),
            },
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

impl SettingsArgs {
    pub fn into_settings(self) -> Result<Settings, ConfigError> {
        let production = self.environment == Environment::Production;
        let notify = match (self.notify_api_key.as_deref(), self.notify_template_id) {
            (None, _) if production => {
                return Err(ConfigError::RequiredInProduction("NOTIFY_API_KEY"));
            }
            (None, _) => None,
            (Some(_), None) => return Err(ConfigError::MissingTemplateId),
            (Some(key), Some(template_id)) => {
                let api_key = NotifyApiKey::parse(key)?;
                let template_id = uuid::Uuid::try_parse(template_id.trim())
                    .map_err(|_| ConfigError::InvalidTemplateId)?
                    .to_string();
                Some(NotifySettings {
                    base_url: self.notify_base_url,
                    api_key,
                    template_id,
                })
            }
        };
        let service_url = match self.service_url {
            None if production => return Err(ConfigError::RequiredInProduction("SERVICE_URL")),
            None => None,
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                Some(url.trim_end_matches('/').to_owned())
            }
            Some(_) => return Err(ConfigError::InvalidServiceUrl),
        };
        let dfe_sign_in = dfe_sign_in_settings(
            self.dfe_sign_in_issuer,
            self.dfe_sign_in_client_id,
            self.dfe_sign_in_client_secret,
            self.dfe_sign_in_redirect_url,
        )?;
        if production && dfe_sign_in.is_none() {
            return Err(ConfigError::RequiredInProduction("DFE_SIGN_IN_ISSUER"));
        }
        let database_url = self.database_url.unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("rotp.sqlite3").display()
            )
        });
        Ok(Settings {
            environment: self.environment,
            seed: self.seed && self.environment == Environment::Development,
            database_url,
            address: self.address,
            site_root: self.site_root,
            service_url,
            dfe_sign_in,
            email: EmailSettings {
                notify,
                poll_interval: Duration::from_secs(self.email_poll_interval_seconds.max(1)),
                retry: RetryPolicy {
                    base: Duration::from_millis(self.email_retry_base_milliseconds.max(1)),
                    ..RetryPolicy::default()
                },
            },
        })
    }
}

fn dfe_sign_in_settings(
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    redirect_url: Option<String>,
) -> Result<Option<DfeSignInSettings>, ConfigError> {
    let given = [&issuer, &client_id, &client_secret, &redirect_url];
    if given.iter().all(|s| s.is_none()) {
        return Ok(None);
    }
    let required = |value: Option<String>, name: &'static str| {
        value
            .filter(|v| !v.trim().is_empty())
            .ok_or(ConfigError::IncompleteDfeSignIn(name))
    };
    let address = |value: String, name: &'static str| {
        if value.starts_with("https://") || value.starts_with("http://") {
            Ok(value)
        } else {
            Err(ConfigError::NotAnAddress(name))
        }
    };
    Ok(Some(DfeSignInSettings {
        issuer: address(
            required(issuer, "DFE_SIGN_IN_ISSUER")?,
            "DFE_SIGN_IN_ISSUER",
        )?,
        client_id: required(client_id, "DFE_SIGN_IN_CLIENT_ID")?,
        client_secret: required(client_secret, "DFE_SIGN_IN_CLIENT_SECRET")?,
        redirect_url: address(
            required(redirect_url, "DFE_SIGN_IN_REDIRECT_URL")?,
            "DFE_SIGN_IN_REDIRECT_URL",
        )?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        settings: SettingsArgs,
    }

    const KEY: &str =
        "live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
    const TEMPLATE: &str = "f33517ff-2a88-4f6e-b855-c550268ce08a";

    fn settings(args: &[&str]) -> Result<Settings, ConfigError> {
        let mut argv = vec!["server"];
        argv.extend_from_slice(args);
        Args::try_parse_from(argv)
            .expect("flags parse")
            .settings
            .into_settings()
    }

    #[test]
    fn development_needs_nothing_and_logs_emails() {
        let settings = settings(&[]).unwrap();
        assert!(settings.email.notify.is_none());
        assert_eq!(settings.service_url, None);
    }

    #[test]
    fn production_refuses_to_start_without_notify_or_its_address() {
        assert_eq!(
            settings(&[
                "--environment",
                "production",
                "--service-url",
                "https://x.gov.uk"
            ])
            .unwrap_err(),
            ConfigError::RequiredInProduction("NOTIFY_API_KEY")
        );
        assert_eq!(
            settings(&[
                "--environment",
                "production",
                "--notify-api-key",
                KEY,
                "--notify-template-id",
                TEMPLATE
            ])
            .unwrap_err(),
            ConfigError::RequiredInProduction("SERVICE_URL")
        );
        assert_eq!(
            settings(&[
                "--environment",
                "production",
                "--notify-api-key",
                KEY,
                "--notify-template-id",
                TEMPLATE,
                "--service-url",
                "https://x.gov.uk/",
            ])
            .unwrap_err(),
            ConfigError::RequiredInProduction("DFE_SIGN_IN_ISSUER")
        );
        let ready = settings(&[
            "--environment",
            "production",
            "--notify-api-key",
            KEY,
            "--notify-template-id",
            TEMPLATE,
            "--service-url",
            "https://x.gov.uk/",
            "--dfe-sign-in-issuer",
            "https://oidc.signin.education.gov.uk",
            "--dfe-sign-in-client-id",
            "rotp",
            "--dfe-sign-in-client-secret",
            "s3cret",
            "--dfe-sign-in-redirect-url",
            "https://x.gov.uk/auth/dfe/callback",
        ])
        .unwrap();
        assert!(!ready.development_sign_in());
        assert!(!format!("{:?}", ready.dfe_sign_in).contains("s3cret"));
        assert_eq!(ready.service_url.as_deref(), Some("https://x.gov.uk"));
        assert_eq!(ready.email.notify.unwrap().base_url, DEFAULT_BASE_URL);
    }

    #[test]
    fn dfe_sign_in_settings_come_together() {
        assert_eq!(
            settings(&["--dfe-sign-in-issuer", "https://oidc.example"]).unwrap_err(),
            ConfigError::IncompleteDfeSignIn("DFE_SIGN_IN_CLIENT_ID")
        );
        let with_dfe = settings(&[
            "--dfe-sign-in-issuer",
            "http://127.0.0.1:9000",
            "--dfe-sign-in-client-id",
            "rotp",
            "--dfe-sign-in-client-secret",
            "s",
            "--dfe-sign-in-redirect-url",
            "http://127.0.0.1:3000/auth/dfe/callback",
        ])
        .unwrap();
        assert!(
            !with_dfe.development_sign_in(),
            "no personas beside DfE Sign-in"
        );
        assert!(settings(&[]).unwrap().development_sign_in());
    }

    #[test]
    fn notify_settings_are_checked() {
        assert_eq!(
            settings(&["--notify-api-key", KEY]).unwrap_err(),
            ConfigError::MissingTemplateId
        );
        assert_eq!(
            settings(&["--notify-api-key", KEY, "--notify-template-id", "welcome"]).unwrap_err(),
            ConfigError::InvalidTemplateId
        );
        assert_eq!(
            settings(&[
                "--notify-api-key",
                "nonsense",
                "--notify-template-id",
                TEMPLATE
            ])
            .unwrap_err(),
            ConfigError::NotifyApiKey(InvalidApiKey)
        );
        assert_eq!(
            settings(&["--service-url", "support.gov.uk"]).unwrap_err(),
            ConfigError::InvalidServiceUrl
        );
    }
}
