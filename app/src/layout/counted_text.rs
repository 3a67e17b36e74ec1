//! A bounded text box whose limit is shown as a character count, as the NHS character
//! count component does.

use super::{error_message, server_escaped, start_text};
use leptos::prelude::*;

/// A textarea (or, with `line`, a one-line input) with its limit shown as a character
/// count (the count says how many are left; it is announced politely), starting with
/// `value`. Its id is `field-{name}`, unless `id` names another field key.
#[component]
pub fn CountedText(
    /// The field's `name`, as the server function takes it.
    #[prop(into)]
    name: String,
    /// The label.
    #[prop(into)]
    label: String,
    /// What it starts with.
    #[prop(into)]
    value: String,
    /// The most characters.
    max: usize,
    /// The message for this field, if the last submit failed on it.
    error: Signal<Option<String>>,
    /// Hint text under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// A one-line input rather than a textarea.
    #[prop(optional)]
    line: bool,
    /// The key of the field in errors, and so its id, when not `name`.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = format!("field-{}", id.as_deref().unwrap_or(&name));
    let count_id = format!("{id}-count");
    let hint_id = format!("{id}-hint");
    let described = super::form::described_by(
        hint.map(|_| hint_id.clone()),
        format!("{id}-error"),
        error,
        Some(count_id.clone()),
    );
    let invalid = move || error.get().is_some().then_some("true");
    let value = start_text(&name, Some(value)).unwrap_or_default();
    let used = RwSignal::new(value.chars().count());
    let left = move || {
        let used = used.get();
        if used <= max {
            format!("You have {} characters remaining", max - used)
        } else {
            format!("You have {} characters too many", used - max)
        }
    };
    let typed = move |ev| used.set(event_target_value(&ev).chars().count());
    let field = if line {
        view! {
            <input
                class="nhsuk-input"
                class:nhsuk-input--error=move || error.get().is_some()
                id=id.clone()
                name=name
                type="text"
                spellcheck="false"
                autocomplete="off"
                aria-describedby=described
                aria-invalid=invalid
                value=value
                on:input=typed
            />
        }
        .into_any()
    } else {
        view! {
            <textarea
                class="nhsuk-textarea"
                class:nhsuk-textarea--error=move || error.get().is_some()
                id=id.clone()
                name=name
                rows="5"
                aria-describedby=described
                aria-invalid=invalid
                on:input=typed
            >{server_escaped(value)}</textarea>
        }
        .into_any()
    };
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            <label class="nhsuk-label nhsuk-label--s" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id>{h}</div> })}
            {error_message(id, error)}
            {field}
            <div class="nhsuk-hint" id=count_id aria-live="polite">{left}</div>
        </div>
    }
}
