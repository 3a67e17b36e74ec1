//! The draft behind a form: answers kept as typed, sent once, deleted when confirmed.

use super::browser;
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::{future::Future, pin::Pin, sync::Arc};

/// Sends a draft's answers with its idempotency key.
pub type Sender<T, R> =
    Arc<dyn Fn(String, T) -> Pin<Box<dyn Future<Output = Result<R, AppError>>>> + Send + Sync>;

/// Where a draft is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftState {
    /// The page has not yet looked in the browser's storage (and on the server).
    Starting,
    /// Nothing saved: a new form.
    Fresh,
    /// Answers from an earlier visit were found: continue, or start again?
    Offered,
    /// Being filled in.
    Editing,
    /// Being sent now.
    Sending,
    /// Sent while offline, or the network failed: it goes when the browser is online.
    Waiting,
}

/// What is kept in the browser for one draft.
#[derive(Serialize, Deserialize)]
struct Saved<T> {
    /// The idempotency key, chosen when the draft is first saved.
    key: String,
    /// When the draft is deleted unless saved again.
    expires_at: DateTime<Utc>,
    /// Whether the answers were submitted and await the server's confirmation.
    queued: bool,
    /// The answers.
    answers: T,
}

/// A form's draft: its answers, where it is, and the server's answer once sent.
pub struct DraftForm<T: Send + Sync + 'static, R: Send + Sync + 'static> {
    storage_key: &'static str,
    days: u32,
    /// The answers, as typed.
    pub answers: RwSignal<T>,
    /// Where the draft is.
    pub state: RwSignal<DraftState>,
    /// The server's refusal of the last send (a network failure is not a refusal).
    pub refused: RwSignal<Option<AppError>>,
    /// The server's confirmation, once sent (kept only in memory).
    pub sent: RwSignal<Option<R>>,
    /// Whether the browser is keeping the answers (false when storage is full or off).
    pub kept: RwSignal<bool>,
    key: StoredValue<Option<String>>,
    in_flight: StoredValue<bool>,
    sender: StoredValue<Sender<T, R>>,
}

impl<T: Send + Sync, R: Send + Sync> Clone for DraftForm<T, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync, R: Send + Sync> Copy for DraftForm<T, R> {}

impl<T, R> DraftForm<T, R>
where
    T: Clone + Default + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
    R: Clone + Send + Sync + 'static,
{
    /// The draft of form `name`, kept for `days` after the last change and sent by
    /// `sender`. Once the page is interactive it loads what was saved, and sends a queued
    /// draft at once and whenever the browser comes back online.
    pub fn new(name: &'static str, days: u32, sender: Sender<T, R>) -> Self {
        let draft = DraftForm {
            storage_key: name,
            days,
            answers: RwSignal::new(T::default()),
            state: RwSignal::new(DraftState::Starting),
            refused: RwSignal::new(None),
            sent: RwSignal::new(None),
            kept: RwSignal::new(true),
            key: StoredValue::new(None),
            in_flight: StoredValue::new(false),
            sender: StoredValue::new(sender),
        };
        Effect::new(move |_| draft.load());
        #[cfg(feature = "hydrate")]
        {
            let online = window_event_listener(leptos::ev::online, move |_| draft.try_send());
            on_cleanup(move || online.remove());
        }
        draft
    }

    fn saved(&self) -> Option<Saved<T>> {
        browser::read(self.storage_key).and_then(|text| serde_json::from_str(&text).ok())
    }

    /// Reads what an earlier visit left: nothing, expired answers (deleted), answers to
    /// offer back, or a queued send (sent now).
    fn load(&self) {
        match self.saved() {
            Some(saved) if saved.expires_at > Utc::now() => {
                self.answers.set(saved.answers);
                self.key.set_value(Some(saved.key));
                if saved.queued {
                    self.state.set(DraftState::Waiting);
                    self.try_send();
                } else {
                    self.state.set(DraftState::Offered);
                }
            }
            expired => {
                if expired.is_some() || browser::read(self.storage_key).is_some() {
                    browser::remove(self.storage_key);
                }
                self.state.set(DraftState::Fresh);
            }
        }
    }

    /// Saves the answers as they are now (choosing the key on the first save).
    fn save(&self, queued: bool) {
        let key = self.key.get_value().unwrap_or_else(browser::new_key);
        self.key.set_value(Some(key.clone()));
        let saved = Saved {
            key,
            expires_at: Utc::now() + TimeDelta::days(i64::from(self.days)),
            queued,
            answers: self.answers.get_untracked(),
        };
        let text = serde_json::to_string(&saved).expect("answers serialise");
        self.kept.set(browser::write(self.storage_key, &text));
    }

    /// Changes the answers with `change` and saves them at once.
    pub fn edit(&self, change: impl FnOnce(&mut T)) {
        if matches!(
            self.state.get_untracked(),
            DraftState::Sending | DraftState::Waiting
        ) {
            return;
        }
        let before = self.answers.get_untracked();
        self.answers.update(change);
        if self.state.get_untracked() != DraftState::Editing {
            self.state.set(DraftState::Editing);
        }
        if self.answers.get_untracked() != before {
            self.save(false);
        }
    }

    /// Carries on with the answers found.
    pub fn resume(&self) {
        self.state.set(DraftState::Editing);
    }

    /// Deletes the saved answers from this device and starts a new, empty form.
    pub fn delete(&self) {
        if self.state.get_untracked() == DraftState::Sending {
            return;
        }
        browser::remove(self.storage_key);
        self.key.set_value(None);
        self.answers.set(T::default());
        self.refused.set(None);
        self.state.set(DraftState::Fresh);
    }

    /// Sends the answers: queued first, so a send that cannot reach the server now goes
    /// later, with the same key.
    pub fn submit(&self) {
        self.refused.set(None);
        self.save(true);
        self.state.set(DraftState::Waiting);
        self.try_send();
    }

    /// Sends a queued draft if the browser is online and no send is under way.
    pub fn try_send(&self) {
        let Some(saved) = self.saved().filter(|s| s.queued) else {
            return;
        };
        if self.in_flight.get_value() || !browser::online() {
            return;
        }
        self.in_flight.set_value(true);
        self.state.set(DraftState::Sending);
        let send = self.sender.get_value();
        let draft = *self;
        leptos::task::spawn_local(async move {
            let result = send(saved.key, saved.answers).await;
            draft.in_flight.set_value(false);
            match result {
                Ok(receipt) => {
                    browser::remove(draft.storage_key);
                    draft.key.set_value(None);
                    draft.answers.set(T::default());
                    draft.sent.set(Some(receipt));
                    draft.state.set(DraftState::Fresh);
                }
                Err(AppError::Unreachable) => draft.state.set(DraftState::Waiting),
                Err(refusal) => {
                    draft.save(false);
                    draft.refused.set(Some(refusal));
                    draft.state.set(DraftState::Editing);
                }
            }
        });
    }
}
