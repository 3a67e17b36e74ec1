//! Pages for signed-in staff only. The page's server functions check access themselves;
//! this keeps a page from drawing anything of itself for someone who may not see it.

use crate::{error::AppError, layout::Problem, models::Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

// The role lists, defined once: server functions use them through `access`.

/// Staff who use the register: coordinators and professionals.
pub const REGISTER_STAFF: &[Role] = &[Role::Coordinator, Role::Professional];
/// Coordinators (triage).
pub const COORDINATOR_STAFF: &[Role] = &[Role::Coordinator];
/// Who may change a record's NHS number: coordinators (a wrong number links the record
/// to someone else's health records).
pub const NHS_NUMBER_EDITORS: &[Role] = COORDINATOR_STAFF;
/// Admins.
pub const ADMIN_STAFF: &[Role] = &[Role::Admin];
/// Who reads the register's figures: the LDA team and commissioners (who see small
/// numbers suppressed).
pub const FIGURES_STAFF: &[Role] = &[Role::Admin, Role::Coordinator, Role::Commissioner];
/// Everyone with an account.
pub const ALL_STAFF: &[Role] = &[
    Role::Admin,
    Role::Coordinator,
    Role::Professional,
    Role::Commissioner,
];

/// Whether a page opens for the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Gate {
    Open,
    SignIn,
    Refused,
}

/// Shows `children` to signed-in staff whose role is one of `roles`; anyone else sees
/// only "Sign in to continue" (401) or "You cannot see this page" (403). The server
/// decides from the request's session and the browser hydrates with that decision; on a
/// later in-browser navigation the page opens and its server functions decide.
#[component]
pub fn StaffOnly(roles: &'static [Role], children: Children) -> impl IntoView {
    let gate = SharedValue::new(move || {
        #[cfg(feature = "ssr")]
        {
            match crate::auth::caller() {
                Ok(c) if roles.contains(&c.role) => Gate::Open,
                Ok(_) => Gate::Refused,
                Err(_) => Gate::SignIn,
            }
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = roles;
            Gate::Open
        }
    })
    .into_inner();
    match gate {
        Gate::Open => children().into_any(),
        Gate::SignIn => view! { <Problem error=AppError::Unauthorised/> }.into_any(),
        Gate::Refused => view! { <Problem error=AppError::Forbidden/> }.into_any(),
    }
}
