//! What every C(E)TR page shares: the record read once, the review the address names, the
//! top of the page, and, after a save refused because someone saved the review meanwhile,
//! what they saved (the form keeps what was typed and saves from the new version).

use crate::{
    auth::wire::KeptForm,
    error::AppError,
    layout::Problem,
    models::{format_date_time, Person, SavedCtr},
    people::{
        get_person::get_person,
        sections::{closed_notice, record_resource, section_page, SectionTop, SummaryList},
        wire::PersonRecord,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// What a C(E)TR page's form is drawn from.
pub(super) struct CtrDrawn {
    /// The person.
    pub person: Person,
    /// The review's id (fresh when adding one).
    pub ctr_id: String,
    /// The review as saved; `None` when adding one.
    pub saved: Option<SavedCtr>,
    /// The version to save from.
    pub from: RwSignal<i64>,
}

impl CtrDrawn {
    /// The hidden fields of the form: whose record, which review, the version to save from.
    pub fn hidden_fields(&self) -> impl IntoView {
        let from = self.from;
        view! {
            <input type="hidden" name="person_id" value=self.person.id.to_string()/>
            <input type="hidden" name="ctr_id" value=self.ctr_id.clone()/>
            <input type="hidden" name="version" value=move || from.get()/>
        }
    }

    /// The form's draft name: the form, the review and the record.
    pub fn draft_name(&self, form: &str) -> String {
        format!("ctr-{form}-{}:{}", self.ctr_id, self.person.id)
    }
}

/// A C(E)TR page about `topic`: once the record is read, its top, heading and what `form`
/// draws. `adding`: the page plans a new review (the address names none); otherwise a
/// review the record does not hold is not found, and `needs_saved` pages (consent, the
/// outcome) have nothing to draw without one.
pub(super) fn ctr_form_page<V: IntoView + 'static>(
    topic: &'static str,
    first_field: &'static str,
    error: Signal<Option<AppError>>,
    form: impl Fn(CtrDrawn) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (id, record) = record_resource();
    let chosen = StoredValue::new(use_params_map().read_untracked().get("ctr"));
    section_page(record, move |record: PersonRecord| {
        let name = record.person.full_name();
        let id = id.get_untracked();
        if record.person.left_on.is_some() {
            return closed_notice(name, id).into_any();
        }
        let saved = match chosen.get_value() {
            None => None,
            Some(c) => match record.ctrs.iter().find(|s| s.id.to_string() == c) {
                Some(saved) => Some(saved.clone()),
                None => return view! { <Problem error=AppError::NotFound/> }.into_any(),
            },
        };
        let ctr_id = saved
            .as_ref()
            .map_or_else(|| record.new_id.to_string(), |s| s.id.to_string());
        let from = RwSignal::new(saved.as_ref().map_or(0, |s| s.version));
        let meanwhile = saved_meanwhile(id.clone(), ctr_id.clone(), saved.clone(), from, error);
        let drawn = CtrDrawn {
            person: record.person,
            ctr_id,
            saved,
            from,
        };
        view! {
            <SectionTop topic person=name.clone() id error first_field>{meanwhile}</SectionTop>
            <h1><span class="nhsuk-caption-l">{name}<span class="nhsuk-u-visually-hidden">" - "</span></span>{topic}</h1>
            {form(drawn)}
        }
        .into_any()
    })
}

/// After a save refused as stale: with JavaScript, reads the review again, shows what was
/// saved meanwhile and saves next from its version (the form keeps what was typed).
/// Without, the page was drawn from the review as saved now; when what was typed was
/// kept, the saved review is shown beside it.
fn saved_meanwhile(
    person: String,
    ctr_id: String,
    now: Option<SavedCtr>,
    from: RwSignal<i64>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let typed_kept = use_context::<KeptForm>().is_some();
    let read_again = RwSignal::new(None::<SavedCtr>);
    Effect::new(move |_| {
        if error.get() != Some(AppError::Conflict) {
            return;
        }
        let (person, ctr_id) = (person.clone(), ctr_id.clone());
        leptos::task::spawn_local(async move {
            let now = get_person(person, true)
                .await
                .ok()
                .and_then(|r| r.ctrs.into_iter().find(|c| c.id.to_string() == ctr_id));
            if let Some(now) = now {
                from.set(now.version);
                read_again.set(Some(now));
            }
        });
    });
    move || {
        if error.get() != Some(AppError::Conflict) {
            return None;
        }
        let shown = read_again
            .get()
            .or_else(|| now.clone().filter(|_| typed_kept))?;
        Some(view! {
            <div class="nhsuk-inset-text">
                <h2 class="nhsuk-heading-s">{format!("Saved meanwhile by {}, {}", shown.changed_by, format_date_time(shown.changed_at))}</h2>
                <SummaryList rows=shown.ctr.rows()/>
                <p>"Your changes are still in the form below. Check them against this, then save again."</p>
            </div>
        })
    }
}
