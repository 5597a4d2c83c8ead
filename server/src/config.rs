//! Settings, from the environment (or command-line flags). Every setting has a development
//! default, so `cargo leptos watch` needs none.

use std::net::SocketAddr;
use std::path::PathBuf;

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
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: Environment,
    pub database_url: String,
    pub address: SocketAddr,
    pub site_root: String,
    pub seed: bool,
}

impl Settings {
    pub fn development_sign_in(&self) -> bool {
        self.environment == Environment::Development
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

impl SettingsArgs {
    pub fn into_settings(self) -> Settings {
        let database_url = self.database_url.unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("rotp.sqlite3").display()
            )
        });
        Settings {
            environment: self.environment,
            seed: self.seed && self.environment == Environment::Development,
            database_url,
            address: self.address,
            site_root: self.site_root,
        }
    }
}
