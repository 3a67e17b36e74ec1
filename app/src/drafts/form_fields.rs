//! Reading a form's fields as name and value pairs, and putting them back: what a staff
//! form's draft keeps. Only in the browser.

use leptos::wasm_bindgen::JsCast;
use web_sys::{
    Event, EventInit, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// A form control, as far as a draft cares.
enum Control {
    /// A radio button or checkbox: kept when checked.
    Choice(HtmlInputElement),
    /// Any other input.
    Input(HtmlInputElement),
    TextArea(HtmlTextAreaElement),
    Select(HtmlSelectElement),
}

impl Control {
    fn name(&self) -> String {
        match self {
            Control::Choice(i) | Control::Input(i) => i.name(),
            Control::TextArea(t) => t.name(),
            Control::Select(s) => s.name(),
        }
    }
}

/// The form's named controls, in document order (buttons left out).
fn controls(form: &HtmlFormElement) -> Vec<Control> {
    let elements = form.elements();
    (0..elements.length())
        .filter_map(|i| elements.item(i))
        .filter_map(|el| {
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                return match input.type_().as_str() {
                    "submit" | "button" | "reset" | "image" | "file" => None,
                    "radio" | "checkbox" => Some(Control::Choice(input.clone())),
                    _ => Some(Control::Input(input.clone())),
                };
            }
            if let Some(text) = el.dyn_ref::<HtmlTextAreaElement>() {
                return Some(Control::TextArea(text.clone()));
            }
            el.dyn_ref::<HtmlSelectElement>()
                .map(|s| Control::Select(s.clone()))
        })
        .filter(|c| !c.name().is_empty())
        .collect()
}

/// Every field the form would send now, as name and value pairs in document order.
pub fn read(form: &HtmlFormElement) -> Vec<(String, String)> {
    controls(form)
        .into_iter()
        .filter_map(|c| match &c {
            Control::Choice(i) => i.checked().then(|| (i.name(), i.value())),
            Control::Input(i) => Some((i.name(), i.value())),
            Control::TextArea(t) => Some((t.name(), t.value())),
            Control::Select(s) => Some((s.name(), s.value())),
        })
        .collect()
}

/// Puts `fields` back into the form: each text its value (the n-th of a name gets the
/// n-th value), each choice checked when its name and value were kept. Each control
/// changed is told so (an `input` and a `change` event), so counts and revealed fields
/// follow.
pub fn restore(form: &HtmlFormElement, fields: &[(String, String)]) {
    let mut used = std::collections::HashMap::<String, usize>::new();
    let mut next = |name: &str| {
        let nth = used.entry(name.to_owned()).or_default();
        let value = fields.iter().filter(|(n, _)| n == name).nth(*nth);
        *nth += 1;
        value.map(|(_, v)| v.as_str())
    };
    for control in controls(form) {
        let name = control.name();
        let target: web_sys::EventTarget = match control {
            Control::Choice(i) => {
                let value = i.value();
                i.set_checked(fields.iter().any(|(n, v)| *n == name && *v == value));
                i.into()
            }
            Control::Input(i) => {
                let Some(value) = next(&name) else { continue };
                i.set_value(value);
                i.into()
            }
            Control::TextArea(t) => {
                let Some(value) = next(&name) else { continue };
                t.set_value(value);
                t.into()
            }
            Control::Select(s) => {
                let Some(value) = next(&name) else { continue };
                s.set_value(value);
                s.into()
            }
        };
        for kind in ["input", "change"] {
            let init = EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = Event::new_with_event_init_dict(kind, &init) {
                let _ = target.dispatch_event(&event);
            }
        }
    }
}

/// `fields` as form data, as the form itself would send them.
pub fn form_data(fields: &[(String, String)]) -> Option<web_sys::FormData> {
    let data = web_sys::FormData::new().ok()?;
    for (name, value) in fields {
        data.append_with_str(name, value).ok()?;
    }
    Some(data)
}
