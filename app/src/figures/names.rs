//! Asking for a list with names in it (the register, or open actions): coordinators only,
//! with a reason. The request is kept with the session; the list is made, and the export
//! audited with its reason and row count, when it is downloaded.

use crate::error::AppError;
use leptos::prelude::*;

/// The longest reason accepted, in characters.
pub const REASON_MAX: usize = 500;

/// Which list of names to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamesList {
    /// Everyone on the register.
    Register,
    /// Every open action, with whose record it is on.
    Actions,
}

crate::models::coded_enum!(NamesList {
    Register => ("register", "The register: everyone on it, with their details"),
    Actions => ("actions", "Open actions, with whose record each is on"),
});

/// Checks what was asked for: a list, and why it is needed.
pub fn check_names(list: &str, reason: &str) -> Result<(NamesList, String), AppError> {
    let mut checks = crate::models::checks::Checks::default();
    let chosen = checks.choice::<NamesList>("list", list, "Choose which list to download");
    let reason = checks.line(
        "reason",
        "Your reason",
        reason,
        REASON_MAX,
        Some("Enter why you need a list with names in it"),
    );
    checks
        .done(|| chosen.map(|c| (c, reason)))
        .map_err(AppError::Invalid)
}

/// Where the browser goes once a list is asked for: a page with the download.
pub const READY_PAGE: &str = "/figures/names/ready";

/// Asks for `list` (a [`NamesList`] code) for `reason`; the browser is then sent to
/// [`READY_PAGE`].
#[server(prefix = "/api", endpoint = "ask_for_names")]
pub async fn ask_for_names(
    #[server(default)] list: Option<String>,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller, session, shown_once, wire::ShownOnce},
        state::AppState,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "export_names", access::NAMES_EXPORT).await?;
    let (list, reason) = check_names(list.as_deref().unwrap_or_default(), &reason)?;
    let session = session::current().ok_or(AppError::Unauthorised)?;
    let asked = ShownOnce::NamesExport {
        list: list.code().to_owned(),
        reason,
    };
    shown_once::keep(&state, &session.token, &asked).await?;
    leptos_axum::redirect(READY_PAGE);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_and_a_reason_are_both_needed() {
        assert_eq!(
            check_names("register", "  Monthly return to NHS England ").unwrap(),
            (
                NamesList::Register,
                "Monthly return to NHS England".to_owned()
            )
        );
        let AppError::Invalid(problems) = check_names("everyone", " ").unwrap_err() else {
            panic!("invalid")
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["list", "reason"]);
        assert!(check_names("actions", &"x".repeat(REASON_MAX + 1)).is_err());
    }
}
