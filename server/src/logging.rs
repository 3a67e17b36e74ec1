//! The log, on standard error: readable lines, or one JSON object a line (`DSR_LOG_FORMAT=json`) for a log
//! collector. Every line written while a request is handled carries its `request_id`
//! (from the span [`crate::observe`] opens). Nothing personal is ever logged: no names,
//! NHS numbers, emails, searches or form answers; routes are logged as their patterns.

use crate::config::LogFormat;
use tracing_subscriber::EnvFilter;

/// Starts the log in `format`; `RUST_LOG` chooses what is written (default: `info`,
/// with the database driver's own lines from `warn`).
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}
