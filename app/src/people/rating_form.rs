//! The form that changes a rating, used on the board and on the person page. It posts to
//! the `change_rating` server function, with JavaScript or as a plain HTML form, and keeps
//! a draft in the browser like every staff form.

use super::change_rating::ChangeRating;
use crate::{
    auth::{shown_once::refused_form, wire::KeptForm},
    drafts::DraftedForm,
    error::AppError,
    layout::{server_escaped, ErrorSummary},
    models::{format_date_time, BoardCard, PersonId, Rating},
};
use leptos::prelude::*;
use std::collections::HashMap;

/// A reason being typed, and the version of the record it was started from. Kept when a
/// live change re-draws the form, so nothing typed is lost and the change is not applied
/// over someone else's without the writer seeing it first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The record's version when typing began.
    pub from_version: i64,
    /// What has been typed.
    pub text: String,
}

/// The page's rating action, the last input sent through it and the reasons being typed,
/// shared by every rating form on the page.
#[derive(Clone, Copy)]
pub struct RatingActions {
    /// The server action.
    pub action: ServerAction<ChangeRating>,
    /// The last submission, kept after it completes so a refused one can be shown again.
    pub last: RwSignal<Option<ChangeRating>>,
    /// Reasons being typed, per person.
    pub drafts: RwSignal<HashMap<PersonId, Draft>>,
    /// After a form posted without JavaScript was refused (the page is drawn again knowing
    /// the error but not the input), what was typed, kept with the session.
    kept: Option<Resource<Option<KeptForm>>>,
}

impl RatingActions {
    /// Creates the page's action, remembers each submission, and forgets a draft once
    /// its change is saved.
    pub fn for_page() -> Self {
        let action = ServerAction::<ChangeRating>::new();
        let last = RwSignal::new(None);
        let drafts = RwSignal::new(HashMap::new());
        Effect::new(move |_| {
            if let Some(input) = action.input().get() {
                last.set(Some(input));
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(saved)) = action.value().get() {
                drafts.update(|d: &mut HashMap<PersonId, Draft>| {
                    d.remove(&saved.id);
                });
            }
        });
        let kept = refused_form(None);
        RatingActions {
            action,
            last,
            drafts,
            kept,
        }
    }

    /// Waits for what a refused form posted without JavaScript kept, if anything; a page
    /// awaits this before drawing its rating forms.
    pub async fn ready(self) {
        if let Some(kept) = self.kept {
            kept.await;
        }
    }

    /// What was typed into any refused form of the page posted without JavaScript, if
    /// kept: a page with other forms provides it to them (each takes only its own).
    pub fn kept_form(&self) -> Option<KeptForm> {
        self.kept.and_then(|k| k.get_untracked().flatten())
    }

    /// What was typed into `person`'s refused form posted without JavaScript, if kept.
    fn kept_for(&self, person: PersonId) -> Option<KeptForm> {
        self.kept
            .and_then(|k| k.get_untracked().flatten())
            .filter(|k| {
                k.path == <ChangeRating as leptos::server_fn::ServerFn>::PATH
                    && k.value("person_id")
                        .is_some_and(|p| p.eq_ignore_ascii_case(&person.to_string()))
            })
    }

    /// Whether `person`'s form should stay open when re-drawn: something is being typed
    /// in it, or its last submission was refused.
    pub fn keeps_open(&self, person: PersonId) -> bool {
        self.drafts.with_untracked(|d| d.contains_key(&person))
            || (self.last.with_untracked(|l| {
                l.as_ref()
                    .is_some_and(|i| i.person_id == person.to_string())
            }) && matches!(self.action.value().get_untracked(), Some(Err(_))))
    }

    /// The error of the last submission if it was for `person` (or, after a plain form
    /// post whose input is not known, if `sole_form` is set).
    fn error_for(&self, person: PersonId, sole_form: bool) -> Option<AppError> {
        let Some(Err(err)) = self.action.value().get() else {
            return None;
        };
        let mine = match self.last.get() {
            Some(input) => input.person_id == person.to_string(),
            None => sole_form,
        };
        mine.then_some(err)
    }
}

/// The rating form for one person, made from the version shown on the page.
#[component]
pub fn RatingForm(
    /// The record as shown.
    card: BoardCard,
    /// The page's shared action.
    actions: RatingActions,
    /// Whether this is the only rating form on the page.
    #[prop(optional)]
    sole_form: bool,
) -> impl IntoView {
    let id = card.id;
    let prefix = format!("rate-{id}");
    let error = Memo::new(move |_| actions.error_for(id, sole_form));
    // After a refused change, keep what was typed and chosen so it can be sent again.
    let kept = actions
        .last
        .get_untracked()
        .filter(|input| input.person_id == id.to_string() && error.get_untracked().is_some());
    let kept_plain = actions.kept_for(id);
    let kept_rating = kept.as_ref().and_then(|k| k.rating.clone()).or_else(|| {
        kept_plain
            .as_ref()
            .and_then(|k| k.value("rating").map(str::to_owned))
    });
    // A draft started on an older version stays on that version, so saving it is refused
    // and the writer sees the new rating first; after that refusal it moves on.
    let refused = matches!(error.get_untracked(), Some(AppError::Conflict));
    let draft = actions.drafts.with_untracked(|d| d.get(&id).cloned());
    let version = match &draft {
        Some(d) if !refused => d.from_version,
        _ => card.version,
    };
    let stale = draft
        .as_ref()
        .is_some_and(|d| d.from_version < card.version)
        && !refused;
    if refused {
        actions.drafts.update_untracked(|d| {
            if let Some(draft) = d.get_mut(&id) {
                draft.from_version = card.version;
            }
        });
    }
    let kept_text = draft
        .map(|d| d.text)
        .or_else(|| kept.and_then(|k| k.rationale))
        .or_else(|| kept_plain.and_then(|k| k.value("rationale").map(str::to_owned)))
        .unwrap_or_default();
    let typed = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        actions.drafts.update_untracked(|d| {
            d.entry(id)
                .or_insert(Draft {
                    from_version: version,
                    text: String::new(),
                })
                .text = text;
        });
    };
    let field_error =
        move |field: &'static str| move || error.get().and_then(|e| e.message_for(field));
    let rationale_id = format!("{prefix}-rationale");
    let first_radio = format!("{prefix}-rating-{}", Rating::Blue.code());
    let conflict = format!(
        "Someone else changed this rating while you were editing. It is now {}, set by {} on {}. \
         Your reason has been kept: check it, then save again.",
        card.rating.label(),
        card.rating_set_by,
        format_date_time(card.rating_since)
    );
    let stale_notice = stale.then(|| {
        view! {
            <div class="nhsuk-inset-text dsr-stale" role="status">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{conflict.clone()}</p>
            </div>
        }
    });
    let summary = {
        let (rationale_id, first_radio) = (rationale_id.clone(), first_radio.clone());
        move || {
            error.get().map(|e| {
                let items: Vec<(String, String)> = match &e {
                    AppError::Invalid(fields) => fields
                        .iter()
                        .map(|f| {
                            let target = if f.field == "rating" {
                                first_radio.clone()
                            } else {
                                rationale_id.clone()
                            };
                            (format!("#{target}"), f.message.clone())
                        })
                        .collect(),
                    AppError::Conflict => vec![(format!("#{rationale_id}"), conflict.clone())],
                    other => vec![(format!("#{rationale_id}"), other.to_string())],
                };
                view! { <ErrorSummary items/> }
            })
        }
    };
    let radios = Rating::ALL
        .iter()
        .map(|r| {
            let radio_id = format!("{prefix}-rating-{}", r.code());
            let checked = kept_rating.as_deref() == Some(r.code());
            view! {
                <div class="nhsuk-radios__item">
                    <input class="nhsuk-radios__input" id=radio_id.clone() name="rating" type="radio" value=r.code() checked=checked/>
                    <label class="nhsuk-label nhsuk-radios__label" for=radio_id>{r.label()}</label>
                </div>
            }
        })
        .collect_view();
    let hint_id = format!("{prefix}-rationale-hint");
    // Once this person's change is saved the form is emptied (a second press is then a
    // new choice, never the same change again) and says what was saved.
    let form = NodeRef::<leptos::html::Form>::new();
    let saved = move || match actions.action.value().get() {
        Some(Ok(saved)) if saved.id == id => Some(saved),
        _ => None,
    };
    Effect::new(move |_| {
        if let (Some(_), Some(form)) = (saved(), form.get()) {
            form.reset();
        }
    });
    let confirmation = move || {
        saved().map(|p| {
            view! {
                <div class="nhsuk-inset-text dsr-saved" role="status">
                    <p>{format!("Saved: {}'s rating is now {}.", p.full_name(), p.rating.label())}</p>
                </div>
            }
        })
    };
    view! {
        <DraftedForm action=actions.action name=format!("rating:{id}") node_ref=form class="dsr-rating-form">
            {confirmation}
            {summary}
            {stale_notice}
            <input type="hidden" name="person_id" value=id.to_string()/>
            <input type="hidden" name="version" value=version/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || field_error("rating")().is_some()>
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                        "New rating for " {card.name.clone()}
                    </legend>
                    {move || field_error("rating")().map(|m| view! {
                        <span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span>
                    })}
                    <div class="nhsuk-radios nhsuk-radios--small nhsuk-radios--inline">{radios}</div>
                </fieldset>
            </div>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || field_error("rationale")().is_some()>
                <label class="nhsuk-label" for=rationale_id.clone()>"Reason for the change"</label>
                <div class="nhsuk-hint" id=hint_id.clone()>"Say what has changed and what was agreed. Up to 2,000 characters."</div>
                {move || field_error("rationale")().map(|m| view! {
                    <span class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span>
                })}
                <textarea
                    class="nhsuk-textarea"
                    class:nhsuk-textarea--error=move || field_error("rationale")().is_some()
                    id=rationale_id
                    name="rationale"
                    rows="3"
                    aria-describedby=hint_id
                    on:input=typed
                >{server_escaped(kept_text)}</textarea>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary dsr-button--small" type="submit" disabled=move || actions.action.pending().get()>
                "Save rating"
            </button>
        </DraftedForm>
    }
}
