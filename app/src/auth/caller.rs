//! The caller of a server function.

use crate::error::AppError;

/// The person making a request, as recorded against changes and in the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// Name recorded in rating history and the change log.
    pub name: String,
    /// The client's address, or "unknown" when the connection does not say.
    pub client: String,
}

/// The current caller. Accounts and sign-in are not built yet, so every caller is the
/// shared LDA team identity; this is the one place that will check sessions and roles.
pub fn caller() -> Result<Caller, AppError> {
    Ok(Caller {
        name: "LDA team".to_owned(),
        client: client_address(),
    })
}

/// The address the request came from (the TCP peer; a proxy in front must be trusted
/// explicitly before any forwarded header would be believed).
fn client_address() -> String {
    use axum::{extract::ConnectInfo, http::request::Parts};
    leptos::prelude::use_context::<Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
