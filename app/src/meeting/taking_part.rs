//! How someone takes part in a DSR meeting (on their own, chairing or following the
//! chair), remembered in this browser for the day's meeting.

use leptos::prelude::*;

/// How someone takes part in the meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Moves through the agenda on their own.
    OnMyOwn,
    /// Chairs: every person they open is shared with the meeting.
    Chair,
    /// Follows the chair: their screen opens whoever the chair has open.
    Follower,
}

/// Someone who moves on their own stops following the chair.
pub fn leave_follow(role: RwSignal<Role>) {
    if role.get_untracked() == Role::Follower {
        role.set(Role::OnMyOwn);
    }
}

/// Where this browser keeps how its user takes part in today's meeting.
#[cfg(feature = "hydrate")]
fn role_key() -> String {
    format!(
        "dsr-meeting-role:{}",
        crate::models::uk_today(chrono::Utc::now())
    )
}

/// How this browser's user took part in today's meeting, if they chose.
pub fn remembered_role() -> Option<Role> {
    #[cfg(feature = "hydrate")]
    {
        let storage = window().local_storage().ok().flatten()?;
        match storage.get_item(&role_key()).ok().flatten()?.as_str() {
            "chair" => Some(Role::Chair),
            "follow" => Some(Role::Follower),
            "own" => Some(Role::OnMyOwn),
            _ => None,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Remembers `role` for today's meeting in this browser.
pub fn remember_role(role: Role) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = window().local_storage().ok().flatten() {
        let code = match role {
            Role::Chair => "chair",
            Role::Follower => "follow",
            Role::OnMyOwn => "own",
        };
        let _ = storage.set_item(&role_key(), code);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = role;
}

/// Where this browser keeps the version of the chair's hold it took today.
#[cfg(feature = "hydrate")]
fn chair_key() -> String {
    format!(
        "dsr-meeting-chair:{}",
        crate::models::uk_today(chrono::Utc::now())
    )
}

/// The version of today's chair hold this browser took, if it took the chair: another
/// screen of the same account taking over moves the hold on.
pub fn remembered_hold() -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        let storage = window().local_storage().ok().flatten()?;
        storage.get_item(&chair_key()).ok().flatten()?.parse().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Remembers that this browser took today's chair at hold `version` (`None`: forgets it).
pub fn remember_hold(version: Option<i64>) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = match version {
            Some(v) => storage.set_item(&chair_key(), &v.to_string()),
            None => storage.remove_item(&chair_key()),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = version;
}
