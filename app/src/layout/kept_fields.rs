//! What was typed into a form posted without JavaScript and refused, put back into the
//! form's fields when the page is drawn again (the form provides it to its fields).

use leptos::prelude::*;

/// The fields of the refused post of the form being drawn, if it was just refused.
#[derive(Clone, Debug, Default)]
pub struct KeptFields(pub Option<Vec<(String, String)>>);

/// The kept fields, when the form being drawn was just refused.
fn kept() -> Option<Vec<(String, String)>> {
    use_context::<KeptFields>().and_then(|k| k.0)
}

/// What text field `name` starts with: as typed, when the form's refused post was kept;
/// otherwise `value`.
pub fn start_text(name: &str, value: Option<String>) -> Option<String> {
    match kept() {
        Some(fields) => Some(
            fields
                .into_iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v)
                .unwrap_or_default(),
        ),
        None => value,
    }
}

/// Whether choice `value` of field `name` (a radio or a checkbox) starts chosen: as
/// posted, when the form's refused post was kept; otherwise `chosen`.
pub fn start_chosen(name: &str, value: &str, chosen: bool) -> bool {
    match kept() {
        Some(fields) => fields.iter().any(|(n, v)| n == name && v == value),
        None => chosen,
    }
}
