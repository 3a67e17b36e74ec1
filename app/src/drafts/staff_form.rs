//! A staff form (a section of a record, a consent check, a review, leaving the register, a
//! rating change) whose fields are kept in this browser as they are typed, under the
//! signed-in account and the record, so a closed tab, a crash or a dropped connection
//! loses nothing; a save made offline is sent when the connection is back. Saves are
//! made exactly once because the server recognises a repeat (the same content from the
//! same version) and writes nothing the second time.
//!
//! Without JavaScript the form is a plain post to its server function; when the server
//! refuses it, what was typed is kept with the session and put back in the form drawn
//! again (see [`crate::auth::shown_once::refused_form`]).

use crate::{
    auth::{shown_once::KEEP_ON_REFUSAL, wire::KeptForm},
    error::AppError,
    layout::KeptFields,
};
use leptos::{context::Provider, prelude::*, server_fn::ServerFn};
use serde::de::DeserializeOwned;

/// A form posting to server function `S` (through `action`, whose value the page shows),
/// keeping its fields in the browser under `name` (the form and the record, such as
/// `narrative:<person id>`) and the signed-in account.
#[component]
pub fn DraftedForm<S>(
    /// The page's action: its value holds the server's answer to the last send.
    action: ServerAction<S>,
    /// What the form changes and whose record.
    #[prop(into)]
    name: String,
    /// The form's fields and buttons.
    children: Children,
    /// The form element, for a page that resets it.
    #[prop(optional)]
    node_ref: Option<NodeRef<leptos::html::Form>>,
    /// The form's class.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView
where
    S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let form_ref = node_ref.unwrap_or_default();
    // What was typed before a plain post of this form was refused, for its fields.
    let kept = KeptFields(
        use_context::<KeptForm>()
            .filter(|kept| kept.path == S::url())
            .map(|kept| kept.fields),
    );
    #[cfg(feature = "hydrate")]
    let (notice, on_submit, on_change) = super::staff_draft::attach(action, name, form_ref);
    #[cfg(not(feature = "hydrate"))]
    let (notice, on_submit, on_change) = {
        let _ = (action, name);
        (
            (),
            |_: leptos::ev::SubmitEvent| {},
            |_: leptos::ev::Event| {},
        )
    };
    view! {
        {notice}
        <form node_ref=form_ref class=class method="post" action=S::url() novalidate on:submit=on_submit on:input=on_change on:change=on_change>
            <input type="hidden" name=KEEP_ON_REFUSAL value="yes"/>
            <Provider value=kept>{children()}</Provider>
        </form>
    }
}
