//! The log, on standard error: readable lines, or one JSON object a line (`DSR_LOG_FORMAT=json`) for a log
//! collector. Every line written while a request is handled carries its `request_id`
//! (from the span [`crate::observe`] opens). Nothing personal is ever logged: no names,
//! NHS numbers, emails, searches or form answers; routes are logged as their patterns.

use crate::config::LogFormat;
use tracing_subscriber::EnvFilter;

/// Starts the log in `format`; `RUST_LOG` chooses what is written (default: `info`,
/// with the database driver's own lines from `warn`). A panic is logged as an error (with
/// the request id, in the request's span) before the process unwinds.
pub fn init(format: LogFormat) {
    use std::io::IsTerminal;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    std::panic::set_hook(Box::new(|panic| {
        tracing::error!(panic = %panic, "panicked");
    }));
}

/// Logs the error that stops the process, in the log's format.
pub fn fatal(error: &dyn std::fmt::Display) {
    tracing::error!(%error, "dsr stopped");
}
