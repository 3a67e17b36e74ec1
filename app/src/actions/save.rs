//! Server functions: add an action to a person's record, update one (its status, due date
//! and a dated note), the accounts that may own one, and "My actions".

// The forms post each answer as its own field (so they work without JavaScript and each
// error links to its input), so the server functions take them as arguments.
#![allow(clippy::too_many_arguments)]

use crate::{
    error::AppError,
    models::{MyActionList, OwnerChoice},
};
use leptos::prelude::*;

/// Adds an action to `person_id`'s record as `action_id` (fresh from the page): what, the
/// owner (an account chosen from [`action_owners`], or a named person and agency), and
/// the due date (a past one is allowed; the record warns). `source` says where it was
/// agreed (the record, a review, a C(E)TR, a meeting); `meeting_id`, the DSR meeting that
/// agreed it, for its chair or note-taker only. On success the browser goes back to the
/// record, or for a meeting's action to the person in the meeting view.
#[server(prefix = "/api", endpoint = "add_action")]
pub async fn add_action(
    person_id: String,
    action_id: String,
    what: String,
    #[server(default)] owner_kind: Option<String>,
    #[server(default)] owner_account: String,
    #[server(default)] owner_name: String,
    #[server(default)] owner_agency: String,
    due_day: String,
    due_month: String,
    due_year: String,
    #[server(default)] source: Option<String>,
    #[server(default)] meeting_id: String,
) -> Result<(), AppError> {
    use crate::{
        models::{uk_today, ActionAnswers, ActionId, ActionSource},
        people::standing::{checked_caller, finish_to, Finish},
        store::actions,
    };
    let (state, caller, person) = checked_caller(&person_id, "add_action").await?;
    let id: ActionId = action_id.parse().map_err(|_| AppError::NotFound)?;
    let source = match source.as_deref() {
        None | Some("") => ActionSource::Record,
        Some(code) => code
            .parse()
            .map_err(|_| AppError::BadRequest("unknown source of the action".into()))?,
    };
    let answers = ActionAnswers {
        what,
        owner_kind: owner_kind.unwrap_or_default(),
        owner_account,
        owner_name,
        owner_agency,
        due: [due_day, due_month, due_year],
    };
    let at = crate::store::timestamp_now();
    let choices = owner_choices(&state, person.id).await?;
    let mut action = answers
        .check(uk_today(at), person.date_of_birth, source, &choices)
        .map_err(AppError::Invalid)?;
    let mut to = format!("/people/{}", person.id);
    if meeting_id.trim().is_empty() && source == ActionSource::Meeting {
        return Err(AppError::BadRequest(
            "an action agreed at a DSR meeting names the meeting".into(),
        ));
    }
    if !meeting_id.trim().is_empty() {
        let (_, _, meeting) = crate::meeting::set_up::recorder(&meeting_id, "add_action").await?;
        crate::meeting::set_up::still_open(&meeting.record, "what", Some((uk_today(at), false)))?;
        action.source = ActionSource::Meeting;
        action.meeting = Some(meeting.record.id);
        to = crate::meeting::href::meeting_href(person.id);
    }
    let mut tx = state.db.begin().await?;
    let written = saved(
        actions::add(&mut tx, person.id, id, &action, &caller.name, at).await,
        "what",
    )?;
    let detail = format!("{id}, due {}", action.due_on);
    let done = Finish {
        action: written.then_some("action_added"),
        person: person.id,
        detail: &detail,
        at,
    };
    finish_to(tx, &state, &caller, done, &to).await
}

/// Updates the action `action_id` on `person_id`'s record, made from its `version`: the
/// status after it (a cancellation needs its reason in `note`), a new due date if one is
/// given, and a note. On success the browser goes back to the record.
#[server(prefix = "/api", endpoint = "update_action")]
pub async fn update_action(
    person_id: String,
    action_id: String,
    version: i64,
    #[server(default)] status: Option<String>,
    #[server(default)] note: String,
    #[server(default)] due_day: String,
    #[server(default)] due_month: String,
    #[server(default)] due_year: String,
) -> Result<(), AppError> {
    use crate::{
        models::{uk_today, ActionId, ActionUpdateAnswers},
        people::standing::{checked_caller, finish},
        store::actions::{self, ActionChange},
    };
    let (state, caller, person) = checked_caller(&person_id, "update_action").await?;
    let id: ActionId = action_id.parse().map_err(|_| AppError::NotFound)?;
    let current = match actions::get(&state.db, id).await? {
        Some((action, _)) if action.person == person.id => action,
        _ => return Err(AppError::NotFound),
    };
    let at = crate::store::timestamp_now();
    let answers = ActionUpdateAnswers {
        status: status.unwrap_or_default(),
        note,
        due: [due_day, due_month, due_year],
    };
    let (status, due_on, note) = answers
        .check(uk_today(at), person.date_of_birth, &current)
        .map_err(AppError::Invalid)?;
    let mut tx = state.db.begin().await?;
    let change = ActionChange {
        person: person.id,
        id,
        from_version: version,
        status,
        due_on,
        note: &note,
        actor: &caller.name,
        at,
    };
    let written = saved(actions::update(&mut tx, &change).await, "status")?;
    let detail = format!("{id}, {} due {due_on}", status.code());
    finish(
        tx,
        &state,
        &caller,
        written.then_some("action_updated"),
        person.id,
        &detail,
        at,
    )
    .await
}

/// Who may own an action on `person_id`'s record: the active accounts that may see it.
#[server(prefix = "/api", endpoint = "action_owners")]
pub async fn action_owners(person_id: String) -> Result<Vec<OwnerChoice>, AppError> {
    use crate::people::standing::checked_caller;
    let (state, _, person) = checked_caller(&person_id, "action_owners").await?;
    owner_choices(&state, person.id).await
}

/// The caller's open actions and their agency's on records they may see, soonest due (so
/// overdue) first, and how many of their own are on records they may no longer see; each
/// read is audited with how many were listed.
#[server(prefix = "/api", endpoint = "my_actions")]
pub async fn my_actions() -> Result<MyActionList, AppError> {
    use crate::{
        auth::{access, caller},
        state::AppState,
        store::{actions, users},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "my_actions", access::REGISTER).await?;
    let agency = users::get(&state.db, &caller.id)
        .await?
        .and_then(|a| a.member.agency);
    let found = actions::open_for(&state.db, &caller.id, agency.as_deref()).await?;
    let lines = access::my_actions_in_sight(&state, &caller, found).await?;
    let detail = format!(
        "{} listed, {} out of sight",
        lines.lines.len(),
        lines.out_of_sight
    );
    state
        .audit(&caller.audit("actions_viewed").detail(&detail))
        .await?;
    Ok(lines)
}

/// The active accounts that may own an action on `person`'s record, by name.
#[cfg(feature = "ssr")]
async fn owner_choices(
    state: &crate::state::AppState,
    person: crate::models::PersonId,
) -> Result<Vec<OwnerChoice>, AppError> {
    use crate::{
        auth::access,
        models::AccountStatus,
        store::{links, users},
    };
    let linked = links::of_person(&state.db, person).await?;
    let mut choices: Vec<OwnerChoice> =
        users::with_status_and_agency(&state.db, AccountStatus::Active)
            .await?
            .into_iter()
            .filter(|a| access::may_own_action(a, &linked))
            .map(|a| OwnerChoice {
                id: a.member.id,
                name: a.member.name,
                agency: a.member.agency.unwrap_or_default(),
            })
            .collect();
    choices.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(choices)
}

/// Whether a save wrote anything: a repeat of the save already made did not; a stale or
/// refused one is answered as such (one over the cap, against `field`).
#[cfg(feature = "ssr")]
fn saved<T>(
    outcome: Result<T, crate::store::actions::ActionSaveError>,
    field: &str,
) -> Result<bool, AppError> {
    use crate::store::actions::ActionSaveError;
    match outcome {
        Ok(_) => Ok(true),
        Err(ActionSaveError::Repeated(_)) => Ok(false),
        Err(ActionSaveError::Conflict(_)) => Err(AppError::Conflict),
        Err(ActionSaveError::Closed) => Err(AppError::RecordClosed),
        Err(ActionSaveError::TooMany) => Err(AppError::field(
            field,
            "This record already has 100 open actions: close some before adding or reopening more",
        )),
        Err(ActionSaveError::NotFound) => Err(AppError::NotFound),
        Err(ActionSaveError::Db(e)) => Err(e.into()),
    }
}
