//! Logging with `tracing`: `RUST_LOG` chooses what is logged (default: info), `LOG_FORMAT` how:
//! `text` (the default, for people) or `json` (one JSON object a line, for a log platform).

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, thiserror::Error)]
#[error("LOG_FORMAT must be \"text\" or \"json\", not {0:?}")]
pub struct LogFormatError(String);

impl LogFormat {
    /// From `LOG_FORMAT`; unset is text. Anything else stops the server, naming the setting.
    pub fn from_env() -> Result<Self, LogFormatError> {
        match std::env::var("LOG_FORMAT") {
            Err(_) => Ok(LogFormat::Text),
            Ok(value) => match value.as_str() {
                "" | "text" => Ok(LogFormat::Text),
                "json" => Ok(LogFormat::Json),
                _ => Err(LogFormatError(value)),
            },
        }
    }
}

/// Where log lines go: the server's to standard output; an operator command's to standard
/// error, so its standard output holds only what it prints (an export's JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogTo {
    Stdout,
    Stderr,
}

pub fn init(format: LogFormat, to: LogTo) {
    let (writer, terminal) = match to {
        LogTo::Stdout => (
            BoxMakeWriter::new(std::io::stdout),
            std::io::stdout().is_terminal(),
        ),
        LogTo::Stderr => (
            BoxMakeWriter::new(std::io::stderr),
            std::io::stderr().is_terminal(),
        ),
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_sessions=warn"));
    // A second init (tests spawn many apps in one process) is harmless.
    let _ = match format {
        LogFormat::Text => tracing_subscriber::fmt()
            .with_writer(writer)
            // Colours for a person at a terminal; none in a file or a pipe, where the escape
            // codes would be noise (and would split words a search looks for).
            .with_ansi(terminal)
            .with_env_filter(filter)
            .try_init(),
        LogFormat::Json => tracing_subscriber::fmt()
            .with_writer(writer)
            .json()
            // The spans a line was logged in (the request's, with its id; the server function's;
            // the email claim's) on every line.
            .with_current_span(true)
            .with_span_list(true)
            .with_env_filter(filter)
            .try_init(),
    };
}
