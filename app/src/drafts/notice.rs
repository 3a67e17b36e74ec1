//! What a draft form tells people: that answers are kept, the choice to carry
//! on with answers from an earlier visit, and a send that is waiting for a connection.

use leptos::prelude::*;

/// Says that answers are kept, for how long, and links to the page that deletes them
/// (which asks first).
#[component]
pub fn DraftNotice(
    /// Days answers are kept after the last change.
    days: u32,
    /// Whether the browser is keeping them.
    kept: Signal<bool>,
    /// The page that deletes them.
    delete_href: String,
) -> impl IntoView {
    view! {
        <div class="nhsuk-inset-text dsr-draft-notice">
            <span class="nhsuk-u-visually-hidden">"Information: "</span>
            {move || if kept.get() {
                view! {
                    <p>{format!("We keep your answers as you go, so you can stop and come back on this device. They are deleted when you send the form, or {} after your last change.", crate::models::count_of(days, "day", "days"))}</p>
                    <p>"If other people use this device, delete your answers when you have finished."</p>
                }.into_any()
            } else {
                view! { <p>"This browser is not letting us save your answers. Send the form before you close this page."</p> }.into_any()
            }}
            <p class="nhsuk-u-margin-bottom-0"><a href=delete_href>"Delete my answers"</a></p>
        </div>
    }
}

/// Offers to carry on with answers saved on an earlier visit, or to start again.
#[component]
pub fn ResumeChoice(
    /// Carries on.
    on_resume: Callback<()>,
    /// Deletes the saved answers.
    on_restart: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading">"You have started this form before"</h2>
                <p class="nhsuk-card__description">"Your answers are saved on this device. You can carry on where you left off, or delete them and start again."</p>
                <div class="nhsuk-button-group">
                    <button type="button" class="nhsuk-button" on:click=move |_| on_resume.run(())>"Continue with my answers"</button>
                    <button type="button" class="nhsuk-button nhsuk-button--secondary" on:click=move |_| on_restart.run(())>"Start again"</button>
                </div>
            </div>
        </div>
    }
}

/// A send that has not reached the server yet: said plainly, with a way to try now.
#[component]
pub fn WaitingPanel(
    /// Whether a send is under way this moment.
    sending: Signal<bool>,
    /// Tries again now.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="nhsuk-warning-callout" role="status">
            <h2 class="nhsuk-warning-callout__label">
                <span class="nhsuk-u-visually-hidden">"Important: "</span>"Your form has not been sent yet"
            </h2>
            {move || if sending.get() {
                view! { <p>"Sending your form now…"</p> }.into_any()
            } else {
                view! {
                    <p>"We could not reach our server. You may be offline."</p>
                    <p>"Your answers are saved on this device. We will send them as soon as you are back online. You can close this page: we will also send them the next time you open this form."</p>
                    <button type="button" class="nhsuk-button nhsuk-button--secondary" on:click=move |_| on_retry.run(())>"Try sending now"</button>
                }.into_any()
            }}
        </div>
    }
}
