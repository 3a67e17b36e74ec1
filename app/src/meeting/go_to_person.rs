//! "Go to person" in the DSR meeting: type part of a name and pick from the people on
//! today's agenda whose records the caller may open; works as a plain form too.

use super::agenda::Neighbour;
use crate::error::AppError;
use leptos::prelude::*;

/// The most people a type-ahead offers.
pub const MATCHES: usize = 8;

/// The longest name looked for.
pub const NAME_MAX: usize = 100;

/// Up to [`MATCHES`] people on today's agenda, in agenda order, whose name contains `text`
/// (ignoring case) and whose record the caller may open. Nothing for fewer than two letters.
#[server(prefix = "/api", endpoint = "find_on_agenda")]
pub async fn find_on_agenda(text: String) -> Result<Vec<Neighbour>, AppError> {
    matching(&text).await
}

/// Opens, in the meeting view, the one person on today's agenda called `name` (or whose name
/// alone contains it) whom the caller may open; refused beside the field otherwise.
#[server(prefix = "/api", endpoint = "go_to_person")]
pub async fn go_to_person(name: String) -> Result<(), AppError> {
    let wanted = name.trim();
    // Who may ask is checked first, then what they asked.
    let found = matching(wanted).await?;
    if wanted.is_empty() {
        return Err(AppError::field(
            "name",
            "Enter the name of someone on the agenda",
        ));
    }
    let exact: Vec<&Neighbour> = found
        .iter()
        .filter(|n| n.name.eq_ignore_ascii_case(wanted))
        .collect();
    let chosen = match (exact.as_slice(), found.as_slice()) {
        ([one], _) => one.id,
        ([], [one]) => one.id,
        ([], []) => {
            return Err(AppError::field(
                "name",
                // Never the name typed: a refused plain post carries this in its address.
                "No one on the agenda you may open has that name: check the spelling, or open them from the agenda",
            ))
        }
        _ => {
            return Err(AppError::field(
                "name",
                "More than one person on the agenda matches that: type more of the name, or open them from the agenda",
            ))
        }
    };
    leptos_axum::redirect(&super::href::meeting_href(chosen));
    Ok(())
}

/// The people on today's agenda matching `text` that the caller may open.
#[cfg(feature = "ssr")]
async fn matching(text: &str) -> Result<Vec<Neighbour>, AppError> {
    use crate::{
        auth::{access, caller},
        models::uk_today,
        state::AppState,
        store::meeting,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "find_on_agenda", access::REGISTER).await?;
    let text = text.trim().to_lowercase();
    if text.chars().count() < 2 {
        return Ok(Vec::new());
    }
    if text.chars().count() > NAME_MAX {
        return Err(AppError::field(
            "name",
            format!("Enter a name of {NAME_MAX} characters or fewer"),
        ));
    }
    let scope = access::Scope::of(&state, &caller).await?;
    let mut tx = state.db.begin_read().await?;
    let today = uk_today(chrono::Utc::now());
    let of = meeting::agenda_of(&mut tx, today).await?;
    let found = meeting::agenda_named(&mut tx, of, today, &text).await?;
    tx.commit().await?;
    Ok(found
        .into_iter()
        .filter(|(id, _)| scope.covers(*id))
        .take(MATCHES)
        .map(|(id, name)| Neighbour { id, name })
        .collect())
}

/// The "Go to person" form's actions, kept by the meeting page (see [`GoToActions::provide`]),
/// so an answer arriving after the form moved to another person lands somewhere alive.
#[derive(Clone, Copy)]
pub struct GoToActions {
    go: ServerAction<GoToPerson>,
    find: ServerAction<FindOnAgenda>,
}

impl GoToActions {
    /// Makes the actions and provides them to the page's forms.
    pub fn provide() {
        provide_context(GoToActions {
            go: ServerAction::new(),
            find: ServerAction::new(),
        });
    }
}

/// The error summary at the top of the page for a "Go to person" that was refused (with
/// or without JavaScript), wherever on the page its form is.
#[component]
pub fn GoToErrorSummary() -> impl IntoView {
    let GoToActions { go, .. } = expect_context();
    move || {
        go.value()
            .get()
            .and_then(Result::err)
            .map(|error| crate::layout::summary_for(&error, "name"))
    }
}

/// The "Go to person" form: as its user types, the people on today's agenda they may open
/// whose names match are offered; "Go" opens the one chosen. `on_go` runs as it is sent
/// (a follower who moves on stops following).
#[component]
pub fn GoToForm(on_go: Callback<()>) -> impl IntoView {
    let GoToActions { go, find } = expect_context();
    let error = Signal::derive(move || go.value().get().and_then(Result::err));
    let message = crate::layout::field_error(error, "name");
    let offered = move || {
        find.value()
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|n| view! { <option value=n.name></option> })
            .collect_view()
    };
    let id = "field-name".to_owned();
    view! {
        <ActionForm action=go attr:class="dsr-go-to" attr:novalidate=true on:submit=move |_| on_go.run(())>
            <div class="nhsuk-form-group dsr-go-to__group" class:nhsuk-form-group--error=move || message.get().is_some()>
                <label class="nhsuk-label dsr-go-to__label" for=id.clone()>"Go to person"</label>
                {crate::layout::error_message(id.clone(), message)}
                <input
                    class="nhsuk-input dsr-go-to__input"
                    class:nhsuk-input--error=move || message.get().is_some()
                    id=id
                    name="name"
                    type="text"
                    list="go-to-person-names"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=move || message.get().is_some().then_some("field-name-error")
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        if text.trim().chars().count() >= 2 {
                            find.dispatch(FindOnAgenda { text });
                        }
                    }
                />
                <datalist id="go-to-person-names">{offered}</datalist>
                <button class="nhsuk-button nhsuk-button--secondary dsr-go-to__button" type="submit">"Go"</button>
            </div>
        </ActionForm>
    }
}
