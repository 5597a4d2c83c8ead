//! Settings, from the environment (or command-line flags). The server fails closed: with no
//! `APP_ENV` it runs as production and refuses to start until every production setting is
//! given; the development conveniences (persona sign-in, seeding, the emails page) exist only
//! with `APP_ENV=development`, and then only on a loopback address.

use secrecy::{ExposeSecret, SecretString};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

mod callback_token;
mod notify_api_key;
pub use callback_token::{InvalidCallbackToken, NotifyCallbackToken};
pub use notify_api_key::{InvalidApiKey, NotifyApiKey};

/// Notify's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.notifications.service.gov.uk";

/// The hashes cargo-leptos gave `/pkg`'s files (its `hash.txt`, beside the server binary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PkgHashes {
    pub css: Option<String>,
}

impl PkgHashes {
    /// Read from `hash.txt` beside the running binary; empty when the build did not hash.
    pub fn beside_binary() -> Self {
        std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read_to_string(exe.with_file_name("hash.txt")).ok())
            .map(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Self {
        let css = text.lines().find_map(|line| {
            let (file, hash) = line.split_once(':')?;
            (file.trim() == "css").then(|| hash.trim().to_owned())
        });
        Self { css }
    }

    /// Whether `/pkg`'s names carry their content's hash.
    pub fn hashed(&self) -> bool {
        self.css.is_some()
    }

    /// The stylesheet's path.
    pub fn stylesheet(&self, pkg_dir: &str, output_name: &str) -> String {
        match &self.css {
            Some(hash) => format!("/{pkg_dir}/{output_name}.{hash}.css"),
            None => format!("/{pkg_dir}/{output_name}.css"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// The wait after the first failure.
    pub base: Duration,
    /// The longest wait: a Notify outage of hours is retried at this interval, forever.
    pub max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(10),
            max: Duration::from_secs(30 * 60),
        }
    }
}

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

/// A database URL. It may carry a password, so `Debug` shows it with the password redacted
/// and nothing prints it whole.
#[derive(Clone)]
pub struct DatabaseUrl(SecretString);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(SecretString::from(url.into()))
    }

    /// The URL itself, to connect with.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    fn from_arg(value: &str) -> Result<Self, std::convert::Infallible> {
        Ok(Self::new(value))
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match url::Url::parse(self.expose()) {
            Ok(mut url) if url.password().is_some() => {
                // Cannot fail: a URL with a password has a host.
                let _ = url.set_password(Some("[REDACTED]"));
                write!(f, "DatabaseUrl({url})")
            }
            Ok(url) => write!(f, "DatabaseUrl({url})"),
            Err(_) => f.write_str("DatabaseUrl([REDACTED])"),
        }
    }
}

fn secret_arg(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value.to_owned()))
}

/// What every command needs: which environment, and the database.
#[derive(Debug, Clone, clap::Args)]
pub struct DatabaseArgs {
    /// `production` (the default: every production setting required) or `development`
    /// (persona sign-in, seeded data, the emails page; loopback addresses only).
    #[arg(
        long = "app-env",
        env = "APP_ENV",
        value_name = "APP_ENV",
        value_enum,
        default_value = "production"
    )]
    pub environment: Environment,
    /// postgres://… or sqlite://…; in development, when unset, a SQLite file in DATA_DIR.
    /// Required in production.
    #[arg(long, env = "DATABASE_URL", value_parser = DatabaseUrl::from_arg, hide_env_values = true)]
    pub database_url: Option<DatabaseUrl>,
    /// Where the development SQLite database lives (created if missing).
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}

impl DatabaseArgs {
    /// The database to use: `DATABASE_URL`, or in development a SQLite file in `DATA_DIR`.
    pub fn database_url(&self) -> Result<DatabaseUrl, ConfigError> {
        match (&self.database_url, self.environment) {
            (Some(url), _) => Ok(url.clone()),
            (None, Environment::Development) => Ok(DatabaseUrl::new(format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("rotp.sqlite3").display()
            ))),
            (None, Environment::Production) => {
                Err(ConfigError::MissingInProduction(vec!["DATABASE_URL"]))
            }
        }
    }
}

/// The settings flags, each also read from the environment variable it names.
#[derive(Debug, Clone, clap::Args)]
pub struct SettingsArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on (cargo-leptos sets it from Cargo.toml).
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub address: SocketAddr,
    /// The built site: /pkg (wasm, JS, CSS) and GOV.UK Frontend's assets.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Seed the personas and sample users into an empty development database.
    #[arg(long, env = "SEED_DEVELOPMENT_DATA", default_value_t = true, action = clap::ArgAction::Set)]
    pub seed: bool,
    /// The service's public address: links in emails, and the origin a form post must come
    /// from. In development, by default http://<listen address>. Required in production, and
    /// https:// there.
    #[arg(long, env = "SERVICE_URL")]
    pub service_url: Option<String>,
    /// A GOV.UK Notify API key; without one (development only), emails are logged instead of
    /// sent. Required in production.
    #[arg(long, env = "NOTIFY_API_KEY", value_parser = secret_arg, hide_env_values = true)]
    pub notify_api_key: Option<SecretString>,
    /// The id of the Notify email template with ((subject)) and ((body)) placeholders.
    #[arg(long, env = "NOTIFY_TEMPLATE_ID")]
    pub notify_template_id: Option<String>,
    /// The bearer token GOV.UK Notify sends with its delivery receipts; with it, Notify's
    /// callback (`POST /notify/delivery-receipts`) exists.
    #[arg(long, env = "NOTIFY_CALLBACK_TOKEN", value_parser = secret_arg, hide_env_values = true)]
    pub notify_callback_token: Option<SecretString>,
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
    #[arg(long, env = "DFE_SIGN_IN_CLIENT_SECRET", value_parser = secret_arg, hide_env_values = true)]
    pub dfe_sign_in_client_secret: Option<SecretString>,
    /// This service's callback as registered with DfE Sign-in: <service>/auth/dfe/callback.
    #[arg(long, env = "DFE_SIGN_IN_REDIRECT_URL")]
    pub dfe_sign_in_redirect_url: Option<String>,
    /// How often, at most, the email worker looks for emails queued by other instances.
    #[arg(long, env = "EMAIL_POLL_INTERVAL_SECONDS", default_value_t = 30)]
    pub email_poll_interval_seconds: u64,
    /// The wait before the first retry of an email Notify could not take; it doubles each time.
    #[arg(long, env = "EMAIL_RETRY_BASE_MILLISECONDS", default_value_t = 10_000)]
    pub email_retry_base_milliseconds: u64,
    /// The longest wait between two tries of an email.
    #[arg(long, env = "EMAIL_RETRY_MAX_SECONDS", default_value_t = 30 * 60)]
    pub email_retry_max_seconds: u64,
    /// How long after sending GOV.UK Notify is first asked whether an email was delivered,
    /// and the least time between two such questions (they thin out to hourly).
    #[arg(long, env = "EMAIL_STATUS_CHECK_SECONDS", default_value_t = 60)]
    pub email_status_check_seconds: u64,
    /// Where Prometheus scrapes the metrics (`/metrics`): an address of its own, never the
    /// service's.
    #[arg(long, env = "METRICS_ADDR", default_value = "127.0.0.1:9090")]
    pub metrics_address: SocketAddr,
    /// Keep the `x-request-id` a request arrives with: only behind a proxy that sets its own
    /// (and drops the client's). Otherwise every request gets a new id.
    #[arg(long, env = "TRUST_PROXY_REQUEST_ID", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_proxy_request_id: bool,
    /// An active account nobody has signed in to for this many days is deactivated (after a
    /// reminder 14 days before); 0 turns this off.
    #[arg(long, env = "DEACTIVATE_AFTER_DAYS", default_value_t = 90)]
    pub deactivate_after_days: u32,
    /// How often each instance looks for dormant accounts (within an hour, as SPEC §9 asks).
    #[arg(long, env = "DORMANCY_CHECK_INTERVAL_SECONDS", default_value_t = 15 * 60)]
    pub dormancy_check_interval_seconds: u64,
    /// A deleted user's personal data is erased this many days after the deletion (SPEC §10).
    #[arg(long, env = "RETAIN_DELETED_DAYS", default_value_t = 730)]
    pub retain_deleted_days: u32,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: Environment,
    pub database_url: DatabaseUrl,
    pub address: SocketAddr,
    pub site_root: String,
    pub seed: bool,
    /// The public address for links in emails, and whose origin form posts must come from in
    /// production; `None` (development only): the address the server listens on.
    pub service_url: Option<String>,
    pub email: EmailSettings,
    /// `None` (development only): persona sign-in.
    pub dfe_sign_in: Option<DfeSignInSettings>,
    /// How the build named `/pkg`'s files (cargo-leptos's `hash.txt`, beside the binary).
    pub pkg_hashes: PkgHashes,
    /// Where the Prometheus metrics are served.
    pub metrics_address: SocketAddr,
    /// Whether an incoming `x-request-id` is kept.
    pub trust_proxy_request_id: bool,
    /// Dormant accounts: `None` when `DEACTIVATE_AFTER_DAYS` is 0.
    pub dormancy: Option<service::users::dormancy::DormancyRules>,
    /// How often dormant accounts are looked for.
    pub dormancy_check_every: Duration,
    /// How long personal data is kept (`RETAIN_DELETED_DAYS`).
    pub retention: service::retention::RetentionRules,
    /// GOV.UK Notify's delivery receipts: `None`, no callback route.
    pub notify_callback_token: Option<NotifyCallbackToken>,
}

/// `Debug` is derived: the client secret is a [`SecretString`], which prints as `[REDACTED]`.
#[derive(Clone, Debug)]
pub struct DfeSignInSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub redirect_url: String,
}

#[derive(Debug, Clone)]
pub struct EmailSettings {
    /// `None` (development only): emails are logged, not sent.
    pub notify: Option<NotifySettings>,
    pub poll_interval: Duration,
    pub retry: RetryPolicy,
    /// The first (and shortest) wait before asking Notify whether an email was delivered.
    pub status_check_after: Duration,
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
    #[error(transparent)]
    NotifyCallbackToken(#[from] InvalidCallbackToken),
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
    #[error("in production SERVICE_URL must be an https:// address")]
    ServiceUrlNotHttps,
    /// An address a secret or a sign-in travels to (Notify's API key, DfE Sign-in's code and
    /// tokens) must not be plain HTTP in production.
    #[error("in production {0} must be an https:// address")]
    NotHttpsInProduction(&'static str),
    #[error(
        "APP_ENV is production (the default), and these settings are missing: {}. Set them, \
         or set APP_ENV=development to run locally.",
        .0.join(", ")
    )]
    MissingInProduction(Vec<&'static str>),
    #[error("RETAIN_DELETED_DAYS must be a number of days of at least 1, like 730")]
    RetainDeletedDaysZero,
    #[error(
        "DFE_SIGN_IN_ISSUER, DFE_SIGN_IN_CLIENT_ID, DFE_SIGN_IN_CLIENT_SECRET and \
         DFE_SIGN_IN_REDIRECT_URL go together: {0} is missing"
    )]
    IncompleteDfeSignIn(&'static str),
    #[error("{0} must be an http:// or https:// address")]
    NotAnAddress(&'static str),
    #[error(
        "APP_ENV=development listens on loopback addresses only (persona sign-in lets anyone \
         in), not on {0}: set LEPTOS_SITE_ADDR to 127.0.0.1:<port>"
    )]
    DevelopmentNotLoopback(SocketAddr),
    #[error(
        "METRICS_ADDR ({0}) must not be the service's port: metrics are for Prometheus, not the \
         public"
    )]
    MetricsOnServicePort(SocketAddr),
}

impl Settings {
    /// Persona sign-in: only in development, and only without DfE Sign-in.
    pub fn development_sign_in(&self) -> bool {
        self.environment == Environment::Development && self.dfe_sign_in.is_none()
    }

    /// Pages that help a developer (the emails the service would have sent): never in
    /// production.
    pub fn development_tools(&self) -> bool {
        self.environment == Environment::Development
    }

    /// Production: `Secure`, `__Host-` cookies, HSTS, and forms only from `SERVICE_URL`.
    pub fn is_production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// What emails need to know: the public address (by default the address `bound`) and,
    /// outside production, the environment's name for their subjects.
    pub fn email_context(&self, bound: SocketAddr) -> service::outbox::EmailContext {
        email_context(self.environment, self.service_url.as_deref(), bound)
    }

    /// The origin (scheme, host and port) a state-changing request must come from: the
    /// service's own address. `None` in development without `SERVICE_URL`.
    pub fn service_origin(&self) -> Option<String> {
        let url = url::Url::parse(self.service_url.as_deref()?).ok()?;
        Some(url.origin().ascii_serialization())
    }
}

fn email_context(
    environment: Environment,
    service_url: Option<&str>,
    bound: SocketAddr,
) -> service::outbox::EmailContext {
    service::outbox::EmailContext {
        service_url: service_url
            .map(str::to_owned)
            .unwrap_or_else(|| format!("http://{bound}")),
        environment_label: match environment {
            Environment::Production => None,
            other => Some(other.name().to_owned()),
        },
    }
}

impl SettingsArgs {
    /// What `server users add` needs besides the database: the address its invitation links
    /// to. In production that is `SERVICE_URL`, which must be given.
    pub fn email_context_for_command(&self) -> Result<service::outbox::EmailContext, ConfigError> {
        let service_url = self.service_url()?;
        if self.database.environment == Environment::Production && service_url.is_none() {
            return Err(ConfigError::MissingInProduction(vec!["SERVICE_URL"]));
        }
        Ok(email_context(
            self.database.environment,
            service_url.as_deref(),
            self.address,
        ))
    }

    /// What `server users deactivate` needs besides the database: nothing. Its email has no
    /// link, so it works with `DATABASE_URL` alone, in any environment: the way to lock out a
    /// compromised account must need the least.
    pub fn email_context_without_links(
        &self,
    ) -> Result<service::outbox::EmailContext, ConfigError> {
        Ok(email_context(
            self.database.environment,
            self.service_url()?.as_deref(),
            self.address,
        ))
    }

    fn service_url(&self) -> Result<Option<String>, ConfigError> {
        let production = self.database.environment == Environment::Production;
        match self.service_url.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(url) if url::Url::parse(url).is_err() => Err(ConfigError::InvalidServiceUrl),
            Some(url) if url.starts_with("https://") => {
                Ok(Some(url.trim_end_matches('/').to_owned()))
            }
            Some(url) if url.starts_with("http://") && !production => {
                Ok(Some(url.trim_end_matches('/').to_owned()))
            }
            Some(url) if url.starts_with("http://") => Err(ConfigError::ServiceUrlNotHttps),
            Some(_) => Err(ConfigError::InvalidServiceUrl),
        }
    }

    pub fn into_settings(self) -> Result<Settings, ConfigError> {
        let environment = self.database.environment;
        let production = environment == Environment::Production;
        if production {
            // Every missing setting at once, so an operator fixes them in one go.
            let text =
                |value: &Option<String>| value.as_deref().is_some_and(|v| !v.trim().is_empty());
            let secret = |value: &Option<SecretString>| {
                value
                    .as_ref()
                    .is_some_and(|v| !v.expose_secret().trim().is_empty())
            };
            let missing: Vec<&'static str> = [
                (self.database.database_url.is_some(), "DATABASE_URL"),
                (text(&self.service_url), "SERVICE_URL"),
                (secret(&self.notify_api_key), "NOTIFY_API_KEY"),
                (text(&self.notify_template_id), "NOTIFY_TEMPLATE_ID"),
                (text(&self.dfe_sign_in_issuer), "DFE_SIGN_IN_ISSUER"),
                (text(&self.dfe_sign_in_client_id), "DFE_SIGN_IN_CLIENT_ID"),
                (
                    secret(&self.dfe_sign_in_client_secret),
                    "DFE_SIGN_IN_CLIENT_SECRET",
                ),
                (
                    text(&self.dfe_sign_in_redirect_url),
                    "DFE_SIGN_IN_REDIRECT_URL",
                ),
            ]
            .into_iter()
            .filter_map(|(present, name)| (!present).then_some(name))
            .collect();
            if !missing.is_empty() {
                return Err(ConfigError::MissingInProduction(missing));
            }
            for (value, name) in [
                (Some(self.notify_base_url.as_str()), "NOTIFY_BASE_URL"),
                (self.dfe_sign_in_issuer.as_deref(), "DFE_SIGN_IN_ISSUER"),
                (
                    self.dfe_sign_in_redirect_url.as_deref(),
                    "DFE_SIGN_IN_REDIRECT_URL",
                ),
            ] {
                if value.is_some_and(|v| !v.trim().starts_with("https://")) {
                    return Err(ConfigError::NotHttpsInProduction(name));
                }
            }
        } else if !self.address.ip().is_loopback() {
            return Err(ConfigError::DevelopmentNotLoopback(self.address));
        }
        if self.metrics_address.port() != 0 && self.metrics_address.port() == self.address.port() {
            return Err(ConfigError::MetricsOnServicePort(self.metrics_address));
        }
        let database_url = self.database.database_url()?;
        let service_url = self.service_url()?;
        let notify = match (self.notify_api_key.as_ref(), self.notify_template_id) {
            (None, _) => None,
            (Some(_), None) => return Err(ConfigError::MissingTemplateId),
            (Some(key), Some(template_id)) => {
                let api_key = NotifyApiKey::parse(key.expose_secret())?;
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
        let dfe_sign_in = dfe_sign_in_settings(
            self.dfe_sign_in_issuer,
            self.dfe_sign_in_client_id,
            self.dfe_sign_in_client_secret,
            self.dfe_sign_in_redirect_url,
        )?;
        Ok(Settings {
            environment,
            seed: self.seed && environment == Environment::Development,
            database_url,
            address: self.address,
            site_root: self.site_root,
            service_url,
            dfe_sign_in,
            pkg_hashes: PkgHashes::beside_binary(),
            metrics_address: self.metrics_address,
            trust_proxy_request_id: self.trust_proxy_request_id,
            dormancy: std::num::NonZeroU32::new(self.deactivate_after_days)
                .map(|after_days| service::users::dormancy::DormancyRules { after_days }),
            dormancy_check_every: Duration::from_secs(self.dormancy_check_interval_seconds.max(1)),
            notify_callback_token: self
                .notify_callback_token
                .as_ref()
                .map(|token| NotifyCallbackToken::parse(token.expose_secret()))
                .transpose()?,
            retention: service::retention::RetentionRules {
                deleted_days: std::num::NonZeroU32::new(self.retain_deleted_days)
                    .ok_or(ConfigError::RetainDeletedDaysZero)?,
            },
            email: EmailSettings {
                notify,
                poll_interval: Duration::from_secs(self.email_poll_interval_seconds.max(1)),
                retry: RetryPolicy {
                    base: Duration::from_millis(self.email_retry_base_milliseconds.max(1)),
                    max: Duration::from_secs(self.email_retry_max_seconds.max(1)),
                },
                status_check_after: Duration::from_secs(self.email_status_check_seconds.max(1)),
            },
        })
    }
}

fn dfe_sign_in_settings(
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    redirect_url: Option<String>,
) -> Result<Option<DfeSignInSettings>, ConfigError> {
    if issuer.is_none() && client_id.is_none() && client_secret.is_none() && redirect_url.is_none()
    {
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
    let issuer = address(
        required(issuer, "DFE_SIGN_IN_ISSUER")?,
        "DFE_SIGN_IN_ISSUER",
    )?;
    let client_id = required(client_id, "DFE_SIGN_IN_CLIENT_ID")?;
    let client_secret = client_secret
        .filter(|s| !s.expose_secret().trim().is_empty())
        .ok_or(ConfigError::IncompleteDfeSignIn(
            "DFE_SIGN_IN_CLIENT_SECRET",
        ))?;
    let redirect_url = address(
        required(redirect_url, "DFE_SIGN_IN_REDIRECT_URL")?,
        "DFE_SIGN_IN_REDIRECT_URL",
    )?;
    Ok(Some(DfeSignInSettings {
        issuer,
        client_id,
        client_secret,
        redirect_url,
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
    const SECRET_PART: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
    const TEMPLATE: &str = "f33517ff-2a88-4f6e-b855-c550268ce08a";

    fn args(args: &[&str]) -> SettingsArgs {
        let mut argv = vec!["server"];
        argv.extend_from_slice(args);
        Args::try_parse_from(argv).expect("flags parse").settings
    }

    fn settings(flags: &[&str]) -> Result<Settings, ConfigError> {
        args(flags).into_settings()
    }

    fn development(flags: &[&str]) -> Result<Settings, ConfigError> {
        let mut all = vec!["--app-env", "development"];
        all.extend_from_slice(flags);
        settings(&all)
    }

    const PRODUCTION: &[&str] = &[
        "--database-url",
        "postgres://rotp:db-pa55word@db.internal:5432/rotp",
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
        "s3cret-client",
        "--dfe-sign-in-redirect-url",
        "https://x.gov.uk/auth/dfe/callback",
    ];

    #[test]
    fn with_nothing_set_it_is_production_and_names_every_missing_setting() {
        let err = settings(&[]).unwrap_err();
        assert_eq!(
            err,
            ConfigError::MissingInProduction(vec![
                "DATABASE_URL",
                "SERVICE_URL",
                "NOTIFY_API_KEY",
                "NOTIFY_TEMPLATE_ID",
                "DFE_SIGN_IN_ISSUER",
                "DFE_SIGN_IN_CLIENT_ID",
                "DFE_SIGN_IN_CLIENT_SECRET",
                "DFE_SIGN_IN_REDIRECT_URL",
            ])
        );
        let message = err.to_string();
        assert!(message.contains("APP_ENV is production (the default)"));
        assert!(message.contains("APP_ENV=development"));
    }

    #[test]
    fn production_names_just_what_is_missing() {
        let without = |skip: &str| -> Vec<&str> {
            let mut flags = Vec::new();
            for pair in PRODUCTION.chunks(2) {
                if pair[0] != skip {
                    flags.extend_from_slice(pair);
                }
            }
            flags
        };
        assert_eq!(
            settings(&without("--notify-api-key")).unwrap_err(),
            ConfigError::MissingInProduction(vec!["NOTIFY_API_KEY"])
        );
        assert_eq!(
            settings(&without("--database-url")).unwrap_err(),
            ConfigError::MissingInProduction(vec!["DATABASE_URL"])
        );
        assert_eq!(
            settings(&without("--dfe-sign-in-client-secret")).unwrap_err(),
            ConfigError::MissingInProduction(vec!["DFE_SIGN_IN_CLIENT_SECRET"])
        );
    }

    #[test]
    fn production_starts_with_every_setting_and_never_as_development() {
        let ready = settings(PRODUCTION).unwrap();
        assert_eq!(ready.environment, Environment::Production);
        assert!(!ready.development_sign_in());
        assert!(!ready.seed, "production never seeds");
        assert_eq!(ready.service_url.as_deref(), Some("https://x.gov.uk"));
        assert_eq!(ready.service_origin().as_deref(), Some("https://x.gov.uk"));
        assert_eq!(ready.email.notify.unwrap().base_url, DEFAULT_BASE_URL);
        // Listening on every interface is what production does behind a load balancer.
        let mut flags = PRODUCTION.to_vec();
        flags.extend_from_slice(&["--address", "0.0.0.0:8080"]);
        assert!(settings(&flags).is_ok());
    }

    #[test]
    fn production_wants_https_for_the_service() {
        let flags: Vec<&str> = PRODUCTION
            .iter()
            .map(|f| {
                if *f == "https://x.gov.uk/" {
                    "http://x.gov.uk"
                } else {
                    f
                }
            })
            .collect();
        assert_eq!(
            settings(&flags).unwrap_err(),
            ConfigError::ServiceUrlNotHttps
        );
    }

    #[test]
    fn production_wants_https_for_notify_and_dfe_sign_in() {
        for (flag, name) in [
            ("--notify-base-url", "NOTIFY_BASE_URL"),
            ("--dfe-sign-in-issuer", "DFE_SIGN_IN_ISSUER"),
            ("--dfe-sign-in-redirect-url", "DFE_SIGN_IN_REDIRECT_URL"),
        ] {
            let mut flags: Vec<&str> = PRODUCTION.to_vec();
            match flags.iter().position(|f| *f == flag) {
                Some(at) => flags[at + 1] = "http://plain.example",
                None => flags.extend([flag, "http://plain.example"]),
            }
            assert_eq!(
                settings(&flags).unwrap_err(),
                ConfigError::NotHttpsInProduction(name),
                "{flag}"
            );
        }
        // Development may use plain HTTP stand-ins.
        assert!(development(&["--notify-base-url", "http://127.0.0.1:9"]).is_ok());
    }

    #[test]
    fn secrets_are_never_printed() {
        let ready = settings(PRODUCTION).unwrap();
        let printed = format!("{ready:?} {:?}", args(PRODUCTION));
        for secret in ["s3cret-client", SECRET_PART, "db-pa55word"] {
            assert!(!printed.contains(secret), "{secret} printed in {printed}");
        }
        assert!(printed.contains("[REDACTED]"));
        // What is not secret still helps an operator.
        assert!(printed.contains("db.internal"));
        assert!(printed.contains("oidc.signin.education.gov.uk"));
    }

    #[test]
    fn dormant_accounts_are_deactivated_after_90_days_unless_told_otherwise() {
        let days = |s: &Settings| s.dormancy.map(|rules| rules.after_days.get());
        assert_eq!(days(&development(&[]).unwrap()), Some(90));
        assert_eq!(days(&settings(PRODUCTION).unwrap()), Some(90));
        let longer = development(&["--deactivate-after-days", "180"]).unwrap();
        assert_eq!(days(&longer), Some(180));
        let off = development(&["--deactivate-after-days", "0"]).unwrap();
        assert_eq!(days(&off), None);
        // Not a number of days: the server does not start.
        let argv = ["server", "--deactivate-after-days", "-1"];
        assert!(Args::try_parse_from(argv).is_err());
    }

    #[test]
    fn deleted_users_are_kept_730_days_unless_told_otherwise_and_never_0() {
        let days = |s: &Settings| s.retention.deleted_days.get();
        assert_eq!(days(&settings(PRODUCTION).unwrap()), 730);
        let shorter = development(&["--retain-deleted-days", "365"]).unwrap();
        assert_eq!(days(&shorter), 365);
        let err = development(&["--retain-deleted-days", "0"]).unwrap_err();
        assert_eq!(err, ConfigError::RetainDeletedDaysZero);
        assert!(err.to_string().contains("RETAIN_DELETED_DAYS"));
    }

    #[test]
    fn notify_callbacks_exist_only_with_a_long_enough_token() {
        assert!(
            settings(PRODUCTION)
                .unwrap()
                .notify_callback_token
                .is_none()
        );
        let token = "t".repeat(32);
        let with = development(&["--notify-callback-token", &token]).unwrap();
        assert!(with.notify_callback_token.is_some());
        let short = "t".repeat(31);
        let err = development(&["--notify-callback-token", &short]).unwrap_err();
        assert_eq!(err, ConfigError::NotifyCallbackToken(InvalidCallbackToken));
        assert!(err.to_string().contains("NOTIFY_CALLBACK_TOKEN"));
    }

    #[test]
    fn development_is_asked_for_and_needs_nothing_else() {
        let settings = development(&[]).unwrap();
        assert_eq!(settings.environment, Environment::Development);
        assert!(settings.email.notify.is_none());
        assert_eq!(settings.service_url, None);
        assert!(settings.development_sign_in());
        assert!(
            settings
                .database_url
                .expose()
                .starts_with("sqlite://data/rotp.sqlite3")
        );
    }

    #[test]
    fn development_listens_on_loopback_only() {
        for address in ["0.0.0.0:3000", "192.0.2.10:3000", "[::]:3000"] {
            assert_eq!(
                development(&["--address", address]).unwrap_err(),
                ConfigError::DevelopmentNotLoopback(address.parse().unwrap()),
            );
        }
        assert!(development(&["--address", "[::1]:3000"]).is_ok());
    }

    #[test]
    fn commands_need_only_the_database() {
        let production = args(&["--database-url", "postgres://db/rotp"]);
        assert_eq!(
            production.database.database_url().unwrap().expose(),
            "postgres://db/rotp"
        );
        assert_eq!(
            args(&[]).database.database_url().unwrap_err(),
            ConfigError::MissingInProduction(vec!["DATABASE_URL"])
        );
        // Adding a user queues an invitation, which links to the service.
        assert_eq!(
            production.email_context_for_command().unwrap_err(),
            ConfigError::MissingInProduction(vec!["SERVICE_URL"])
        );
        let with_address = args(&[
            "--database-url",
            "postgres://db/rotp",
            "--service-url",
            "https://x.gov.uk",
        ]);
        let context = with_address.email_context_for_command().unwrap();
        assert_eq!(context.service_url, "https://x.gov.uk");
        assert_eq!(context.environment_label, None);
    }

    #[test]
    fn dfe_sign_in_settings_come_together() {
        assert_eq!(
            development(&["--dfe-sign-in-issuer", "https://oidc.example"]).unwrap_err(),
            ConfigError::IncompleteDfeSignIn("DFE_SIGN_IN_CLIENT_ID")
        );
        let with_dfe = development(&[
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
    }

    #[test]
    fn notify_settings_are_checked() {
        assert_eq!(
            development(&["--notify-api-key", KEY]).unwrap_err(),
            ConfigError::MissingTemplateId
        );
        assert_eq!(
            development(&["--notify-api-key", KEY, "--notify-template-id", "welcome"]).unwrap_err(),
            ConfigError::InvalidTemplateId
        );
        assert_eq!(
            development(&[
                "--notify-api-key",
                "nonsense",
                "--notify-template-id",
                TEMPLATE
            ])
            .unwrap_err(),
            ConfigError::NotifyApiKey(InvalidApiKey)
        );
        assert_eq!(
            development(&["--service-url", "support.gov.uk"]).unwrap_err(),
            ConfigError::InvalidServiceUrl
        );
    }
}
