//! The one line saying how someone takes part in the meeting, with the choice to change it.

use super::{
    agenda::ChairSeat,
    chair_control::ChairControl,
    taking_part::{remember_role, remembered_role, Role},
};
use leptos::prelude::*;

/// The choice of chairing (coordinators only), following or going alone, as one line with
/// a way to change it; remembered in this browser for the day's meeting. It needs
/// JavaScript, so it appears once the page is running in the browser.
#[component]
pub fn RoleChoice(role: RwSignal<Role>, chair: ChairControl) -> impl IntoView {
    let running = RwSignal::new(false);
    let me = crate::auth::signed_in::use_signed_in().0;
    let may_chair = move || {
        me.get()
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|m| m.role == crate::models::Role::Coordinator)
    };
    Effect::new(move |_| {
        if !running.get_untracked() {
            running.set(true);
            // Chairing is restored once the server says the chair is still this account's.
            if let Some(kept) = remembered_role().filter(|r| *r != Role::Chair) {
                role.set(kept);
            }
        }
    });
    Effect::new(move |_| {
        let now = role.get();
        // A chair who may no longer chair goes through on their own.
        if now == Role::Chair && me.get().is_some() && !may_chair() {
            role.set(Role::OnMyOwn);
        } else if running.get() {
            remember_role(now);
        }
    });
    let choices = move || {
        let mut choices = vec![(
            Role::OnMyOwn,
            "own",
            "Go through the agenda on my own".to_owned(),
        )];
        if may_chair() {
            let label = match chair.seat.get() {
                Some(ChairSeat {
                    name: Some(name),
                    mine: false,
                    ..
                }) => {
                    format!("Take over the chair from {name}: attendees can follow my screen")
                }
                _ => "Chair the meeting: attendees can follow my screen".to_owned(),
            };
            choices.push((Role::Chair, "chair", label));
        }
        choices.push((
            Role::Follower,
            "follow",
            "Follow the chair's screen".to_owned(),
        ));
        choices
    };
    // Once chosen, the choice closes and focus returns to its summary: the arrow keys then
    // move between people, not between the radios.
    let choice = NodeRef::<leptos::html::Details>::new();
    let summary = NodeRef::<leptos::html::Summary>::new();
    // What the radios say: nothing changes until it is saved.
    let picked = RwSignal::new(None::<Role>);
    let chosen = move || {
        let Some(value) = picked.get_untracked() else {
            return;
        };
        picked.set(None);
        chair.choose(value);
        if let (Some(details), Some(summary)) = (choice.get_untracked(), summary.get_untracked()) {
            details.set_open(false);
            let _ = summary.focus();
        }
    };
    let now = move || {
        let chairing = chair.seat.get().and_then(|s| s.name);
        match (role.get(), chairing) {
            (Role::OnMyOwn, _) => "going through the agenda on your own".to_owned(),
            (Role::Chair, _) => {
                "chairing: attendees who follow see the person you have open".to_owned()
            }
            (Role::Follower, Some(name)) => format!(
                "following the chair's screen: {name} is chairing (moving on yourself stops following)"
            ),
            (Role::Follower, None) if chair.apart.get() => "following the chair's screen, but your agency is not marked as attending today's meeting, so nothing of it reaches you (the LDA team can mark it)".to_owned(),
            (Role::Follower, None) => "following the chair's screen: no one is chairing just now".to_owned(),
        }
    };
    view! {
        <Show when=move || running.get()>
            <div class="dsr-meeting-role">
            <p class="dsr-meeting-role__now" role="status">"You are " {now} "."</p>
            {move || chair.refusal.get().map(|message| view! {
                <p class="nhsuk-error-message" role="alert">
                    <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                </p>
            })}
            <details class="nhsuk-details dsr-meeting-role__change" node_ref=choice>
                <summary class="nhsuk-details__summary" node_ref=summary>
                    <span class="nhsuk-details__summary-text">"Change how you take part"</span>
                </summary>
                <div class="nhsuk-details__text">
                    <fieldset class="nhsuk-fieldset" aria-describedby="meeting-role-hint">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"How are you taking part?"</legend>
                        <div class="nhsuk-hint" id="meeting-role-hint">
                            "Saved, it holds for this meeting. Outside a field, the left and right arrow keys then move between people."
                        </div>
                        <div class="nhsuk-radios nhsuk-radios--small">
                            {move || choices()
                                .into_iter()
                                .map(|(value, code, label)| {
                                    let id = format!("meeting-role-{code}");
                                    view! {
                                        <div class="nhsuk-radios__item">
                                            <input
                                                class="nhsuk-radios__input"
                                                id=id.clone()
                                                name="meeting-role"
                                                type="radio"
                                                value=code
                                                prop:checked=move || picked.get().unwrap_or(role.get()) == value
                                                on:change=move |_| picked.set(Some(value))
                                            />
                                            <label class="nhsuk-label nhsuk-radios__label" for=id>{label}</label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </fieldset>
                    <button class="nhsuk-button nhsuk-button--secondary dsr-meeting-role__save" type="button" on:click=move |_| chosen()>
                        "Save how I take part"
                    </button>
                </div>
            </details>
            </div>
        </Show>
    }
}
