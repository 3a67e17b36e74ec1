//! Who may do what. Every server function and route asks here, on the server, per call
//! and per record; the pages only hide what a user may not do.

use super::Caller;
use crate::{
    error::AppError,
    models::{
        AgeGroup, BoardCard, BoardChange, BriefCard, BriefChange, BriefView, ChairElsewhere,
        ChangeKind, FeedEntry, PersonId, Role, ShownCard,
    },
    state::AppState,
    store::{
        agencies,
        board::Viewer,
        links,
        meeting::{Agenda, AgendaCache},
        meetings::StoredMeeting,
        Db,
    },
};
use chrono::{DateTime, Utc};
use std::{collections::HashSet, sync::Arc};

/// Coordinators and professionals: the register (board, meetings, records).
pub const REGISTER: &[Role] = super::guard::REGISTER_STAFF;
/// Coordinators only: triage, linking, every record, agencies' brief views.
pub const COORDINATORS: &[Role] = super::guard::COORDINATOR_STAFF;
/// Coordinators only: changing a record's NHS number.
pub const NHS_NUMBER: &[Role] = super::guard::NHS_NUMBER_EDITORS;
/// Admins only: accounts, agencies, settings, the audit trail.
pub const ADMINS: &[Role] = super::guard::ADMIN_STAFF;
/// Who reads the figures (see [`small_numbers_below`] for what each sees).
pub const FIGURES: &[Role] = super::guard::FIGURES_STAFF;
/// Who may export names (the register list): coordinators, with a reason.
pub const NAMES_EXPORT: &[Role] = COORDINATORS;

/// Whether `caller` reads figures only at month ends: a commissioner, so that figures for
/// one day and the next cannot be set side by side to single out what changed for one
/// person in between (the LDA team reads any day).
pub fn month_ends_only(caller: &Caller) -> bool {
    caller.role == Role::Commissioner
}

/// Counts from 1 to below the returned number are suppressed for `caller`: a
/// commissioner sees only suppressed aggregates; the LDA team sees every count.
pub fn small_numbers_below(caller: &Caller, settings: &crate::state::Settings) -> Option<i64> {
    (caller.role == Role::Commissioner).then_some(settings.small_numbers_below)
}

/// Records a refusal in the audit trail.
async fn deny(
    state: &AppState,
    caller: &Caller,
    action: &str,
    person: Option<PersonId>,
) -> Result<(), AppError> {
    state
        .audit(&caller.audit("access_denied").about(person).detail(action))
        .await?;
    Ok(())
}

/// Allows `caller` to do `action` if their role is one of `allowed`; otherwise the
/// refusal is audited and the answer is [`AppError::Forbidden`].
pub async fn require_role(
    state: &AppState,
    caller: &Caller,
    action: &str,
    allowed: &[Role],
) -> Result<(), AppError> {
    if allowed.contains(&caller.role) {
        return Ok(());
    }
    deny(state, caller, action, None).await?;
    Err(AppError::Forbidden)
}

/// Allows `caller` to do `action` with `person`'s full record: coordinators always, a
/// professional only when linked to the person (as key professional or through their
/// agency). A refusal is audited and answered with [`AppError::Forbidden`].
pub async fn require_record(
    state: &AppState,
    caller: &Caller,
    action: &str,
    person: PersonId,
) -> Result<(), AppError> {
    let allowed = match caller.role {
        Role::Coordinator => true,
        Role::Professional => {
            links::is_linked(&state.db, &caller.id, caller.agency.as_deref(), person).await?
        }
        Role::Admin | Role::Commissioner => false,
    };
    if allowed {
        return Ok(());
    }
    deny(state, caller, action, Some(person)).await?;
    Err(AppError::Forbidden)
}

/// Allows `caller`, who may change `person`'s record, to change its NHS number (see
/// [`NHS_NUMBER`]); a refusal is audited against the record and answered with
/// [`AppError::Forbidden`].
pub async fn require_nhs_number_change(
    state: &AppState,
    caller: &Caller,
    person: PersonId,
) -> Result<(), AppError> {
    if NHS_NUMBER.contains(&caller.role) {
        return Ok(());
    }
    deny(state, caller, "change_nhs_number", Some(person)).await?;
    Err(AppError::Forbidden)
}

/// Whether `caller` records for `meeting`: its chair or the note-taker the chair named,
/// while they are on the LDA team.
pub fn records_for(caller: &Caller, meeting: &StoredMeeting) -> bool {
    caller.role == Role::Coordinator
        && (meeting.chair_user == caller.id
            || meeting.note_taker_user.as_deref() == Some(caller.id.as_str()))
}

/// Allows `caller` to do `action` for `meeting` if they record for it (see
/// [`records_for`]); otherwise the refusal is audited and answered with
/// [`AppError::Forbidden`].
pub async fn require_recorder(
    state: &AppState,
    caller: &Caller,
    action: &str,
    meeting: &StoredMeeting,
) -> Result<(), AppError> {
    if records_for(caller, meeting) {
        return Ok(());
    }
    deny(state, caller, action, None).await?;
    Err(AppError::Forbidden)
}

/// Whether `caller`, who may change a record, may close it for `reason`: coordinators for
/// any reason; a linked professional only to record that consent was withdrawn, which
/// takes the person off the register at once, whoever is told.
pub fn may_close_for(caller: &Caller, reason: crate::models::LeavingReason) -> bool {
    caller.role == Role::Coordinator || reason == crate::models::LeavingReason::ConsentWithdrawn
}

/// What a caller may see of one person on the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sight {
    /// The full card and record.
    Full,
    /// The brief card only: name, rating and since when, next review.
    Brief,
    /// Nothing: the person is not on the caller's board at all.
    Nothing,
}

/// Whose records and brief cards a caller sees: the one rule the board, search, the
/// meeting view and the live feed all follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everyone's, in full (coordinators).
    Everyone,
    /// A professional's: their linked people in full, and brief cards of the group their
    /// agency's coordinator-set wider view names (none by default).
    Limited(Limited),
}

/// A professional's scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limited {
    /// Their account.
    pub user: String,
    /// Their agency.
    pub agency: Option<String>,
    /// The people they are linked to, directly or through their agency.
    pub linked: HashSet<PersonId>,
    /// Their agency's wider brief view.
    pub wider: BriefView,
    /// Since when their agency attends the DSR meeting running now, if it does: what the
    /// meeting did before then is not theirs.
    pub attending_since: Option<DateTime<Utc>>,
}

/// Since when `agency` attends the DSR meeting running now, if it does (its mark lasts
/// [`MEETING_HOURS`] from when it was set).
async fn attending_since(
    db: &Db,
    agency: Option<&str>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let Some(agency) = agency else {
        return Ok(None);
    };
    let until = agencies::attending_until(db, agency, crate::store::timestamp_now()).await?;
    Ok(until.map(|until| until - chrono::TimeDelta::hours(MEETING_HOURS)))
}

/// A DSR meeting runs while its chair has moved within this many hours: attendees then
/// see its agenda as brief cards, and followers are taken to the chair's latest move.
pub const MEETING_HOURS: i64 = 3;

/// The shortest search accepted, in characters (spaces aside).
pub const SEARCH_MIN_CHARS: usize = 3;

impl Scope {
    /// The scope of `caller`, who may see the register.
    pub async fn of(state: &AppState, caller: &Caller) -> Result<Scope, AppError> {
        Ok(match caller.role {
            Role::Coordinator => Scope::Everyone,
            _ => Scope::Limited(Limited {
                user: caller.id.clone(),
                agency: caller.agency.clone(),
                linked: links::people_of(&state.db, &caller.id, caller.agency.as_deref()).await?,
                wider: match caller.agency.as_deref() {
                    Some(agency) => agencies::brief_view(&state.db, agency).await?,
                    None => BriefView::Off,
                },
                attending_since: attending_since(&state.db, caller.agency.as_deref()).await?,
            }),
        })
    }

    /// Whether the full record of `person` is in scope.
    pub fn covers(&self, person: PersonId) -> bool {
        match self {
            Scope::Everyone => true,
            Scope::Limited(l) => l.linked.contains(&person),
        }
    }

    /// What this scope sees of the person with `card`.
    pub fn sight(&self, card: &BoardCard) -> Sight {
        let Scope::Limited(l) = self else {
            return Sight::Full;
        };
        if l.linked.contains(&card.id) {
            return Sight::Full;
        }
        let wider = match l.wider {
            BriefView::Off => false,
            BriefView::Children => card.detail.age_group == AgeGroup::Child,
            BriefView::Adults => card.detail.age_group == AgeGroup::Adult,
            BriefView::All => true,
        };
        if wider {
            Sight::Brief
        } else {
            Sight::Nothing
        }
    }

    /// `card` as this scope shows it on the board; `None` when it is not on their board.
    pub fn show(&self, card: BoardCard) -> Option<ShownCard> {
        match self.sight(&card) {
            Sight::Full => Some(ShownCard::Full(card)),
            Sight::Brief => Some(ShownCard::Brief(card.brief())),
            Sight::Nothing => None,
        }
    }

    /// Whether this scope attends the meeting: coordinators always, a professional when
    /// a coordinator has marked their agency as attending.
    pub fn attends(&self) -> bool {
        match self {
            Scope::Everyone => true,
            Scope::Limited(l) => l.attending_since.is_some(),
        }
    }

    /// `card` on the meeting view's agenda: every attendee (an agency marked as attending:
    /// see [`MEETING_HOURS`]) sees at least its brief card; anyone else as on their board.
    pub fn on_agenda(&self, card: BoardCard) -> Option<ShownCard> {
        match self.sight(&card) {
            Sight::Full => Some(ShownCard::Full(card)),
            Sight::Brief => Some(ShownCard::Brief(card.brief())),
            Sight::Nothing if self.attends() => Some(ShownCard::Brief(card.brief())),
            Sight::Nothing => None,
        }
    }

    /// The day's agenda as this scope reads it: the whole of it for those at the meeting;
    /// for anyone else, only the people on it they may see, so its count and each place
    /// on it say nothing of the rest.
    pub fn agenda(&self, agenda: Arc<Agenda>) -> Arc<Agenda> {
        match self.attends() {
            true => agenda,
            false => Arc::new(agenda.only(|c| self.sight(c) != Sight::Nothing)),
        }
    }

    /// Where the chair is, as this scope may know it: the person when their record is in
    /// scope; otherwise, to someone at the meeting and when the person is `on_agenda`
    /// today, only their brief card (the meeting is discussing them in front of every
    /// attendee); to anyone else, or for someone not on the agenda, nothing.
    pub fn chair(
        &self,
        card: &BoardCard,
        on_agenda: bool,
    ) -> (Option<PersonId>, Option<BriefCard>) {
        if self.covers(card.id) {
            (Some(card.id), None)
        } else {
            (None, (on_agenda && self.attends()).then(|| card.brief()))
        }
    }

    /// The board's database filter for this scope: who is on the board, and whose NHS
    /// numbers a search matches. `None` for everyone.
    pub fn board_viewer(&self) -> Option<Viewer> {
        match self {
            Scope::Everyone => None,
            Scope::Limited(l) => Some(Viewer {
                user: l.user.clone(),
                agency: l.agency.clone(),
                wider: l.wider,
            }),
        }
    }

    /// One change-log entry as this scope may receive it on the live feed, or `None`.
    /// A change of who is linked to a record reads the caller's links again first; a
    /// caller who has just lost a record receives its brief card, so their board reloads.
    pub async fn entry(
        &mut self,
        state: &AppState,
        change: &BoardChange,
    ) -> Result<Option<FeedEntry>, sqlx::Error> {
        let db = &state.db;
        let full = || Some(FeedEntry::Change(change.clone()));
        let brief = || {
            Some(FeedEntry::Brief(BriefChange {
                id: change.id,
                card: change.card.brief(),
            }))
        };
        // Who chairs is news for those at the meeting; whom it was logged on is not.
        let chair_news = matches!(
            change.kind,
            ChangeKind::ChairTaken | ChangeKind::ChairStopped
        );
        let news = || {
            Some(FeedEntry::ChairChanged(ChairElsewhere {
                id: change.id,
                at: change.at,
                card: None,
            }))
        };
        let Scope::Limited(l) = self else {
            return Ok(if chair_news { news() } else { full() });
        };
        let was_linked = l.linked.contains(&change.person);
        if change.kind == ChangeKind::TeamChanged {
            l.linked = links::people_of(db, &l.user, l.agency.as_deref()).await?;
        }
        // A wider view turned off since the feed opened stops brief cards at once.
        if let (false, BriefView::Children | BriefView::Adults | BriefView::All, Some(agency)) = (
            l.linked.contains(&change.person),
            l.wider,
            l.agency.as_deref(),
        ) {
            l.wider = agencies::brief_view(db, agency).await?;
        }
        // Whether their agency attends is read again at each chair move, take and stop, and
        // each agenda change; what the meeting did before they were marked as attending is
        // not theirs (a feed caught up from long ago replays no old meeting).
        if change.kind.is_chair() || change.kind == ChangeKind::AgendaChanged {
            l.attending_since = attending_since(db, l.agency.as_deref()).await?;
        }
        let attending = l.attending_since.is_some_and(|since| change.at >= since);
        Ok(match (change.kind, self.sight(&change.card)) {
            // The meeting is news only for those at it: an agency not attending hears
            // nothing of it, not even about its own people.
            (ChangeKind::ChairTaken | ChangeKind::ChairStopped, _) => {
                attending.then(news).flatten()
            }
            (ChangeKind::ChairMoved, _) if !attending => None,
            // Those at the meeting read its agenda again, whoever was put on or taken off.
            (ChangeKind::AgendaChanged, _) => attending.then(news).flatten(),
            (_, Sight::Full) => full(),
            (ChangeKind::ChairMoved, _) => {
                let on_agenda = state
                    .kept::<AgendaCache>()
                    .is_on_now(db, change.card.id)
                    .await?;
                Some(FeedEntry::ChairElsewhere(ChairElsewhere {
                    id: change.id,
                    at: change.at,
                    card: self.chair(&change.card, on_agenda).1,
                }))
            }
            (ChangeKind::TeamChanged, _) if was_linked => brief(),
            (ChangeKind::TeamChanged, _) => None,
            // The brief card did not change: that the record was edited is not theirs.
            (
                ChangeKind::SectionChanged
                | ChangeKind::ConsentRecorded
                | ChangeKind::CtrChanged
                | ChangeKind::ActionChanged
                | ChangeKind::MeetingNoted,
                _,
            ) => None,
            // A change of details goes to brief viewers too, as the brief card: it may show
            // a new name, or (with a new date of birth) fall in or out of their wider view.
            (_, Sight::Brief) => brief(),
            (_, Sight::Nothing) => None,
        })
    }
}

/// What "My actions" shows of the open actions `found` (each with the person's name) for
/// `caller`: those on records they may see in full, at most [`MY_ACTIONS_SHOWN`], soonest
/// due first; of their own on records they may no longer see, only how many.
pub async fn my_actions_in_sight(
    state: &AppState,
    caller: &Caller,
    found: Vec<(crate::models::SavedAction, String)>,
) -> Result<crate::models::MyActionList, AppError> {
    use crate::models::{ActionLine, ActionOwner, MyActionList};
    let scope = Scope::of(state, caller).await?;
    let mut mine = MyActionList::default();
    for (action, person_name) in found {
        let own =
            matches!(&action.action.owner, ActionOwner::Account { id, .. } if *id == caller.id);
        if !scope.covers(action.person) {
            mine.out_of_sight += u32::from(own);
        } else if mine.lines.len() < MY_ACTIONS_SHOWN {
            mine.lines.push(ActionLine {
                action,
                person_name,
                own,
            });
        }
    }
    Ok(mine)
}

/// The most actions "My actions" lists at once.
pub const MY_ACTIONS_SHOWN: usize = 500;

/// Whether `account` may own an action on a record linked as `links` says: only someone
/// who may see the record (a coordinator, or a professional linked to it directly or
/// through their agency), so an action never shows a record to someone who may not see it.
pub fn may_own_action(
    account: &crate::store::users::Account,
    links: &crate::models::RecordLinks,
) -> bool {
    match account.member.role {
        Role::Coordinator => true,
        Role::Professional => {
            links
                .professionals
                .iter()
                .any(|p| p.id == account.member.id)
                || account
                    .agency_id
                    .as_ref()
                    .is_some_and(|a| links.agencies.iter().any(|l| l.id == *a))
        }
        _ => false,
    }
}

/// Checks a board search: `None` for no search; a search with control characters, or
/// with fewer than [`SEARCH_MIN_CHARS`] letters and digits, is refused with a field error.
pub fn search_terms(text: &str) -> Result<Option<String>, AppError> {
    let text = crate::register::board_query::clean_search(text);
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().any(char::is_control) {
        return Err(AppError::field(
            "q",
            "Search with letters, numbers and spaces only",
        ));
    }
    if text.chars().filter(|c| c.is_alphanumeric()).count() < SEARCH_MIN_CHARS {
        return Err(AppError::field(
            "q",
            format!("Enter at least {SEARCH_MIN_CHARS} letters or numbers to search"),
        ));
    }
    Ok(Some(text))
}

/// Records a board search in the audit trail: a keyed hash of what was searched for
/// (never the text, which may be a name or an NHS number) and how many people matched;
/// a `refresh` of a search already recorded is not recorded again (see `view_audit`).
pub async fn audit_search(
    state: &AppState,
    caller: &Caller,
    search: &str,
    results: i64,
    refresh: bool,
) -> Result<(), AppError> {
    let hash = state
        .settings
        .secret_key
        .digest("board search", &search.to_lowercase());
    let detail = format!("search {hash}, {results} results");
    super::view_audit::audit_view(state, caller, "board_search", None, &detail, refresh).await
}

#[cfg(test)]
mod tests {
    use super::search_terms;

    #[test]
    fn a_search_needs_three_letters_or_numbers_and_no_control_characters() {
        assert_eq!(search_terms("  "), Ok(None));
        assert_eq!(search_terms(" Sam "), Ok(Some("Sam".into())));
        assert_eq!(search_terms("9 9 9"), Ok(Some("9 9 9".into())));
        for refused in ["ab", "%%%", "___", "a b", "\0\0\0", "Sam\u{7}"] {
            let error = search_terms(refused).unwrap_err();
            assert!(error.message_for("q").is_some(), "{refused:?}");
        }
    }
}
