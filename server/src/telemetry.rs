//! Logging with `tracing`: `RUST_LOG` chooses what is logged (default: info).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_sessions=warn"));
    // A second init (tests spawn many apps in one process) is harmless.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
