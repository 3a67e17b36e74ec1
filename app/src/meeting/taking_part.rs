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

/// What this browser keeps under `name` for today's meeting.
#[cfg(feature = "hydrate")]
fn kept_today(name: &str) -> Option<String> {
    let storage = window().local_storage().ok().flatten()?;
    storage.get_item(&today_key(name)).ok().flatten()
}

/// Keeps `value` under `name` for today's meeting in this browser (`None`: forgets it).
#[cfg(feature = "hydrate")]
fn keep_today(name: &str, value: Option<&str>) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = match value {
            Some(value) => storage.set_item(&today_key(name), value),
            None => storage.remove_item(&today_key(name)),
        };
    }
}

/// The browser's storage key for `name` on today's meeting.
#[cfg(feature = "hydrate")]
fn today_key(name: &str) -> String {
    format!(
        "dsr-meeting-{name}:{}",
        crate::models::uk_today(chrono::Utc::now())
    )
}

/// How this browser's user took part in today's meeting, if they chose.
pub fn remembered_role() -> Option<Role> {
    #[cfg(feature = "hydrate")]
    {
        match kept_today("role")?.as_str() {
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
    keep_today(
        "role",
        Some(match role {
            Role::Chair => "chair",
            Role::Follower => "follow",
            Role::OnMyOwn => "own",
        }),
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = role;
}

/// The version of today's chair hold this browser took, if it took the chair: another
/// screen of the same account taking over moves the hold on.
pub fn remembered_hold() -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        kept_today("chair")?.parse().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Remembers that this browser took today's chair at hold `version` (`None`: forgets it).
pub fn remember_hold(version: Option<i64>) {
    #[cfg(feature = "hydrate")]
    keep_today("chair", version.map(|v| v.to_string()).as_deref());
    #[cfg(not(feature = "hydrate"))]
    let _ = version;
}
