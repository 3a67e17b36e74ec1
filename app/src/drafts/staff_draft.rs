//! The browser side of a drafted staff form (`DraftedForm`): where its fields are kept, putting them
//! back, and sending a queued save when the connection is back.

use super::{browser, draft_form::STAFF_PREFIX, form_fields, WaitingPanel};
use crate::{error::AppError, models::format_date_time};
use chrono::{DateTime, TimeDelta, Utc};
use leptos::{form::FromFormData, prelude::*, server_fn::ServerFn};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Days a staff form's unsaved fields are kept in the browser after the last change.
const STAFF_DRAFT_DAYS: i64 = 7;

thread_local! {
    /// Where this page has kept drafts since it opened. A form the page draws again (a
    /// rating form after a refusal or a live change) already holds what is typed, from the
    /// page itself and on the version the page now shows, so these are not put back.
    static KEPT_HERE: std::cell::RefCell<std::collections::HashSet<String>> =
        std::cell::RefCell::default();
}

/// What is kept in the browser for one form of one record.
#[derive(Serialize, Deserialize)]
struct Kept {
    /// When the fields were last changed.
    saved_at: DateTime<Utc>,
    /// When they are deleted unless changed again.
    expires_at: DateTime<Utc>,
    /// Whether the form was submitted and awaits the server's answer.
    queued: bool,
    /// The fields, as the form would send them.
    fields: Vec<(String, String)>,
}

/// What the form says about its draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    /// Nothing to say.
    Nothing,
    /// Unsaved changes from an earlier visit were put back (`stale`: the record was saved
    /// by someone since they were made).
    Restored { at: DateTime<Utc>, stale: bool },
    /// Submitted but not yet answered by the server: waiting for the connection.
    Waiting,
    /// Being sent now.
    Sending,
}

/// Keeps the fields of the form in `form_ref` under `name` and the signed-in account, and
/// sends its saves through `action`. Returns the notice to show above the form and the
/// form's submit and change handlers.
pub fn attach<S>(
    action: ServerAction<S>,
    name: String,
    form_ref: NodeRef<leptos::html::Form>,
) -> (
    impl IntoView,
    impl Fn(leptos::ev::SubmitEvent) + 'static,
    impl Fn(leptos::ev::Event) + Copy + 'static,
)
where
    S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let shown = RwSignal::new(Shown::Nothing);
    let draft = StaffDraft {
        name: StoredValue::new(name),
        key: StoredValue::new(None),
        in_flight: StoredValue::new(false),
        form_ref,
        shown,
    };
    Effect::new(move |_| {
        if form_ref.get().is_some() {
            draft.load(action);
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| draft.send(action));
    on_cleanup(move || online.remove());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if draft.key.get_value().is_some() {
            draft.submit(action);
            return;
        }
        // Until the signed-in account is known nothing is kept: sent as it is.
        match S::from_event(&ev) {
            Ok(input) => {
                action.dispatch(input);
            }
            Err(e) => action
                .value()
                .set(Some(Err(AppError::BadRequest(e.to_string())))),
        }
    };
    let on_change = move |_| draft.keep(false);
    let notice = move || {
        match shown.get() {
        Shown::Nothing => ().into_any(),
        Shown::Restored { at, stale } => view! {
            <div class="nhsuk-inset-text dsr-draft-notice">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{format!("Your unsaved changes from {} are back in the form. They are kept on this device until you save them.", format_date_time(at))}</p>
                {stale.then(|| view! { <p><strong>"Someone has saved this record since you made these changes."</strong>" When you save, you will be shown what they saved so that you can check it before anything is changed."</p> })}
                <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" on:click=move |_| draft.discard()>"Delete my changes"</button>
            </div>
        }.into_any(),
        Shown::Waiting | Shown::Sending => view! {
            <WaitingPanel sending=Signal::derive(move || shown.get() == Shown::Sending) on_retry=Callback::new(move |()| draft.send(action))/>
        }.into_any(),
    }
    };
    (notice, on_submit, on_change)
}

/// The draft behind one [`DraftedForm`].
struct StaffDraft {
    name: StoredValue<String>,
    /// Where it is kept: known once the signed-in account is.
    key: StoredValue<Option<String>>,
    in_flight: StoredValue<bool>,
    form_ref: NodeRef<leptos::html::Form>,
    shown: RwSignal<Shown>,
}

impl Clone for StaffDraft {
    fn clone(&self) -> Self {
        *self
    }
}
impl Copy for StaffDraft {}

impl StaffDraft {
    /// What is kept now, if anything (expired drafts are deleted).
    fn kept(&self) -> Option<Kept> {
        let key = self.key.get_value()?;
        let kept: Option<Kept> =
            browser::read(&key).and_then(|text| serde_json::from_str(&text).ok());
        match kept {
            Some(kept) if kept.expires_at > Utc::now() => Some(kept),
            Some(_) => {
                browser::remove(&key);
                None
            }
            None => None,
        }
    }

    /// Keeps the form's fields as they are now (`queued`: submitted, to be sent).
    fn keep(&self, queued: bool) {
        let (Some(key), Some(form)) = (self.key.get_value(), self.form_ref.get_untracked()) else {
            return;
        };
        if !queued && self.kept().is_some_and(|k| k.queued) {
            return;
        }
        let now = Utc::now();
        let kept = Kept {
            saved_at: now,
            expires_at: now + TimeDelta::days(STAFF_DRAFT_DAYS),
            queued,
            fields: form_fields::read(&form),
        };
        let text = serde_json::to_string(&kept).expect("fields serialise");
        browser::write(&key, &text);
        KEPT_HERE.with(|here| here.borrow_mut().insert(key));
    }

    /// Deletes the kept fields and draws the form again from the record as saved.
    fn discard(&self) {
        if let Some(key) = self.key.get_value() {
            browser::remove(&key);
        }
        let _ = window().location().reload();
    }

    /// Submitted: kept as queued first, then sent.
    fn submit<S>(&self, action: ServerAction<S>)
    where
        S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        if self.in_flight.get_value() {
            return;
        }
        self.keep(true);
        self.send(action);
    }

    /// Sends a queued draft, when online and not already sending. The draft is deleted
    /// once the server has answered it; a refusal keeps it (no longer queued) and is
    /// shown by the page; a network failure leaves it queued for the next try.
    fn send<S>(&self, action: ServerAction<S>)
    where
        S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        let Some(kept) = self.kept().filter(|k| k.queued) else {
            return;
        };
        if self.in_flight.get_value() {
            return;
        }
        if !browser::online() {
            self.shown.set(Shown::Waiting);
            return;
        }
        let input = form_fields::form_data(&kept.fields)
            .ok_or_else(|| AppError::BadRequest("the form could not be read".into()))
            .and_then(|data| {
                S::from_form_data(&data).map_err(|e| AppError::BadRequest(e.to_string()))
            });
        let input = match input {
            Ok(input) => input,
            Err(refusal) => {
                self.answered(refusal, action);
                return;
            }
        };
        self.in_flight.set_value(true);
        self.shown.set(Shown::Sending);
        // The action's input is what is being sent, as when the action sends it itself.
        let _ = action.input().try_set(Some(input.clone()));
        let draft = *self;
        leptos::task::spawn_local(async move {
            let result = input.run_on_client().await;
            draft.in_flight.set_value(false);
            let _ = action.input().try_set(None);
            match result {
                Err(AppError::Unreachable) => {
                    draft.shown.set(Shown::Waiting);
                }
                Ok(output) => {
                    // Deleted before the page can be left (the redirect is followed
                    // once this answer is taken).
                    if let Some(key) = draft.key.get_value() {
                        browser::remove(&key);
                    }
                    draft.shown.set(Shown::Nothing);
                    let _ = action.value().try_set(Some(Ok(output)));
                    let _ = action.version().try_update(|v| *v += 1);
                }
                Err(refusal) => draft.answered(refusal, action),
            }
        });
    }

    /// A refusal: the fields stay kept (no longer queued) and the page shows why.
    fn answered<S>(&self, refusal: AppError, action: ServerAction<S>)
    where
        S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        self.keep_unqueued();
        self.shown.set(Shown::Nothing);
        let _ = action.value().try_set(Some(Err(refusal)));
        let _ = action.version().try_update(|v| *v += 1);
    }

    /// Marks the kept fields as no longer queued.
    fn keep_unqueued(&self) {
        let (Some(key), Some(mut kept)) = (self.key.get_value(), self.kept()) else {
            return;
        };
        kept.queued = false;
        let text = serde_json::to_string(&kept).expect("fields serialise");
        browser::write(&key, &text);
    }

    /// Learns who is signed in, deletes this form's drafts of this record kept under
    /// other accounts, and puts back what this account left: a queued save is sent;
    /// unsaved changes from an earlier visit are offered in the form.
    fn load<S>(&self, action: ServerAction<S>)
    where
        S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        let draft = *self;
        leptos::task::spawn_local(async move {
            let Ok(Some(me)) = crate::auth::signed_in::current_user().await else {
                return;
            };
            let prefix = format!("{STAFF_PREFIX}{}:", draft.name.get_value());
            let key = format!("{prefix}{}", me.id);
            browser::remove_starting_with(&prefix, Some(&key));
            // Kept by this page: the form it draws again already holds what is typed.
            let here = KEPT_HERE.with(|h| h.borrow().contains(&key));
            draft.key.set_value(Some(key));
            let (Some(kept), Some(form)) = (draft.kept(), draft.form_ref.get_untracked()) else {
                return;
            };
            let stale = !here && {
                let version_now = form_fields::read(&form)
                    .into_iter()
                    .find(|(name, _)| name == "version");
                version_now.is_some_and(|now| !kept.fields.contains(&now))
            };
            if !here {
                form_fields::restore(&form, &kept.fields);
            }
            if kept.queued {
                draft.shown.set(Shown::Waiting);
                draft.send(action);
            } else if !here {
                draft.shown.set(Shown::Restored {
                    at: kept.saved_at,
                    stale,
                });
            }
        });
    }
}
