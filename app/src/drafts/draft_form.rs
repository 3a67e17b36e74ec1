//! The draft behind a form: answers kept as typed, sent once, deleted when confirmed.

use super::browser;
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::{future::Future, pin::Pin, sync::Arc};

/// Sends a draft's answers with its idempotency key and, for a staff form, the account
/// that wrote it (the server refuses it under any other).
pub type Sender<T, R> = Arc<
    dyn Fn(String, Option<String>, T) -> Pin<Box<dyn Future<Output = Result<R, AppError>>>>
        + Send
        + Sync,
>;

/// Asks the server who is signed in now: their account id, or `None`.
pub type Owner =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<Option<String>, AppError>>>> + Send + Sync>;

/// The start of every staff draft's storage key: `dsr-staff-draft:<form>:<account id>`.
pub(super) const STAFF_PREFIX: &str = "dsr-staff-draft:";

/// Where the professional referral's draft was kept before drafts had owners: deleted
/// like a staff draft.
const UNOWNED_STAFF_DRAFT: &str = "dsr-draft:professional-referral";

/// Deletes every staff draft kept in this browser (at sign-out); drafts of public forms
/// stay.
pub fn delete_staff_drafts() {
    browser::remove_starting_with(STAFF_PREFIX, None);
    browser::remove(UNOWNED_STAFF_DRAFT);
}

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
    name: &'static str,
    /// Where the draft is kept: `None` until a staff draft's account is known.
    storage_key: StoredValue<Option<String>>,
    /// For a staff form: who is signed in, asked on load and before every send.
    owner: StoredValue<Option<Owner>>,
    /// The account whose draft this is (a staff form's, once known).
    account: StoredValue<Option<String>>,
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
    /// Whether a queued send was deleted unsent because another account had signed in.
    pub discarded: RwSignal<bool>,
    key: StoredValue<Option<String>>,
    /// The key of the draft the server kept, until the browser takes it over.
    kept_key: StoredValue<Option<String>>,
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
    ///
    /// A staff form passes its `owner`: the draft is then kept under the signed-in
    /// account, drafts of this form kept under other accounts are deleted on load, and
    /// a queued send is made only while the account that wrote it is signed in (it is
    /// deleted unsent, and [`DraftForm::discarded`] set, if another account is).
    ///
    /// `kept` is a draft the server kept (its key and answers: a family that began the
    /// form without JavaScript): the form starts with those answers, and, when the
    /// browser holds none of its own, takes them over, key and all.
    pub fn new(
        name: &'static str,
        days: u32,
        owner: Option<Owner>,
        sender: Sender<T, R>,
        kept: Option<(String, T)>,
    ) -> Self {
        let (kept_key, answers) =
            kept.map_or((None, T::default()), |(key, answers)| (Some(key), answers));
        let draft = DraftForm {
            name,
            storage_key: StoredValue::new(owner.is_none().then(|| name.to_owned())),
            owner: StoredValue::new(owner),
            account: StoredValue::new(None),
            days,
            answers: RwSignal::new(answers),
            state: RwSignal::new(DraftState::Starting),
            refused: RwSignal::new(None),
            sent: RwSignal::new(None),
            kept: RwSignal::new(true),
            discarded: RwSignal::new(false),
            key: StoredValue::new(None),
            kept_key: StoredValue::new(kept_key),
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
        let key = self.storage_key.get_value()?;
        browser::read(&key).and_then(|text| serde_json::from_str(&text).ok())
    }

    /// Deletes the stored draft, if it has a place yet.
    fn forget(&self) {
        if let Some(key) = self.storage_key.get_value() {
            browser::remove(&key);
        }
    }

    /// Finds where the draft is kept (for a staff form, under the signed-in account,
    /// deleting this form's drafts of other accounts), then reads it. When the account
    /// cannot be learned, nothing is kept.
    fn load(&self) {
        let Some(owner) = self.owner.get_value() else {
            self.read_saved();
            return;
        };
        let draft = *self;
        leptos::task::spawn_local(async move {
            match owner().await {
                Ok(Some(account)) => {
                    let prefix = format!("{STAFF_PREFIX}{}:", draft.name);
                    let key = format!("{prefix}{account}");
                    browser::remove_starting_with(&prefix, Some(&key));
                    browser::remove(UNOWNED_STAFF_DRAFT);
                    draft.storage_key.set_value(Some(key));
                    draft.account.set_value(Some(account));
                    draft.read_saved();
                }
                _ => {
                    draft.kept.set(false);
                    draft.state.set(DraftState::Fresh);
                }
            }
        });
    }

    /// Reads what an earlier visit left: nothing, expired answers (deleted), answers to
    /// offer back, or a queued send (sent now). With nothing of its own, the browser
    /// takes over the draft the server kept, if any.
    fn read_saved(&self) {
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
            _ => {
                self.forget();
                if let Some(key) = self.kept_key.get_value() {
                    self.key.set_value(Some(key));
                    self.state.set(DraftState::Editing);
                    self.save(false);
                } else {
                    self.state.set(DraftState::Fresh);
                }
            }
        }
    }

    /// Saves the answers as they are now (choosing the key on the first save).
    fn save(&self, queued: bool) {
        let Some(storage_key) = self.storage_key.get_value() else {
            self.kept.set(false);
            return;
        };
        let key = self.key.get_value().unwrap_or_else(browser::new_key);
        self.key.set_value(Some(key.clone()));
        let saved = Saved {
            key,
            expires_at: Utc::now() + TimeDelta::days(i64::from(self.days)),
            queued,
            answers: self.answers.get_untracked(),
        };
        let text = serde_json::to_string(&saved).expect("answers serialise");
        self.kept.set(browser::write(&storage_key, &text));
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

    /// The draft's idempotency key, once chosen (at the first save).
    pub fn key(&self) -> Option<String> {
        self.key.get_value()
    }

    /// Carries on with the answers found.
    pub fn resume(&self) {
        self.state.set(DraftState::Editing);
    }

    /// Deletes the saved answers from this device and starts a new, empty form.
    pub fn delete(&self) {
        if self.state.get_untracked() != DraftState::Sending {
            self.clear();
        }
    }

    /// Deletes the saved answers and empties the form.
    fn clear(&self) {
        self.forget();
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

    /// Sends a queued draft if the browser is online and no send is under way (and, for a
    /// staff form, only while the account that wrote it is signed in: with nobody signed
    /// in it waits; with another account it is deleted unsent).
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
        let owner = self.owner.get_value();
        let draft = *self;
        leptos::task::spawn_local(async move {
            if let Some(owner) = owner {
                let writer = draft.account.get_value();
                let now = owner().await;
                if !matches!(&now, Ok(Some(now)) if Some(now) == writer.as_ref()) {
                    draft.in_flight.set_value(false);
                    if matches!(now, Ok(Some(_))) {
                        draft.discarded.set(true);
                        draft.clear();
                    } else {
                        draft.state.set(DraftState::Waiting);
                    }
                    return;
                }
            }
            let result = send(saved.key, draft.account.get_value(), saved.answers).await;
            draft.in_flight.set_value(false);
            match result {
                Ok(receipt) => {
                    draft.sent.set(Some(receipt));
                    draft.clear();
                }
                // Another account signed in between the check above and the send.
                Err(AppError::OtherAccount) => {
                    draft.discarded.set(true);
                    draft.clear();
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
