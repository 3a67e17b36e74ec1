//! CSV exports (server only): a table of figures for anyone who reads figures, and the
//! lists with names (the register, open actions) a coordinator asked for with a reason. Every
//! export is audited with what was exported, how many rows and, for names, why.

use super::{csv, get::checked, names::NamesList};
use crate::{
    error::AppError,
    models::{format_date, uk_today, AgeGroup},
    store::timestamp_now,
};

/// A file to download: its name and content.
pub type Download = (String, String);

/// The figures table called `key` for the day in `parts` (day, month, year), as the
/// caller may see it.
pub async fn figures_table(key: &str, parts: [String; 3]) -> Result<Download, AppError> {
    let (state, caller, on) = checked("export_figures", parts).await?;
    if !super::gather::TABLES.contains(&key) {
        return Err(AppError::BadRequest(
            "There is no such table of figures".to_owned(),
        ));
    }
    let below = crate::auth::access::small_numbers_below(&caller, &state.settings);
    let published = super::gather::tables(&state.db, &state.settings, on)
        .await?
        .publish(below)
        .into_iter()
        .find(|t| t.key == key)
        .ok_or(AppError::Internal)?;
    let detail = format!(
        "{key} table, {} rows; {}",
        published.rows.len(),
        super::get::read_detail(on, below)
    );
    state
        .audit(&caller.audit("figures_exported").detail(&detail))
        .await?;
    Ok((
        format!("dsr-{key}-{on}.csv"),
        csv::of_table(&published, below),
    ))
}

/// The list with names the caller (a coordinator) asked for with [`super::names::ask_for_names`],
/// if their session keeps such a request (taken, so one request is one download).
pub async fn names() -> Result<Option<Download>, AppError> {
    use crate::{
        auth::{access, caller, session, shown_once, wire::ShownOnce},
        state::AppState,
        store::{actions, people},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "export_names", access::NAMES_EXPORT).await?;
    let (list, reason) = match shown_once::take_shown_once().await? {
        Some(ShownOnce::NamesExport { list, reason }) => match list.parse::<NamesList>() {
            Ok(list) => (list, reason),
            Err(_) => return Ok(None),
        },
        Some(other) => {
            // Something else kept for another page stays for it.
            let session = session::current().ok_or(AppError::Unauthorised)?;
            shown_once::keep(&state, &session.token, &other).await?;
            return Ok(None);
        }
        None => return Ok(None),
    };
    let today = uk_today(timestamp_now());
    let (header, rows): (&[&str], Vec<Vec<String>>) = match list {
        NamesList::Register => (
            &[
                "NHS number",
                "Family name",
                "Given name",
                "Date of birth",
                "Age group",
                "Rating",
                "Rating since",
                "Where they live",
                "Area",
                "Review due",
                "Consent re-check due",
            ],
            people::on_register(&state.db)
                .await?
                .into_iter()
                .map(|p| {
                    vec![
                        p.nhs_number.to_string(),
                        p.family_name.clone(),
                        p.given_name.clone(),
                        p.date_of_birth.to_string(),
                        AgeGroup::of(p.date_of_birth, today).label().to_owned(),
                        p.rating.label().to_owned(),
                        uk_today(p.rating_since).to_string(),
                        p.setting.label().to_owned(),
                        p.area.clone(),
                        p.review_due.to_string(),
                        p.consent_due.map(|d| d.to_string()).unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        NamesList::Actions => (
            &["Person", "What", "Owner", "Agreed due", "Due", "Added"],
            actions::all_open(&state.db)
                .await?
                .into_iter()
                .map(|(a, name)| {
                    vec![
                        name,
                        a.action.what.clone(),
                        a.action.owner.describe(),
                        a.action.due_on.to_string(),
                        a.due_on.to_string(),
                        uk_today(a.created_at).to_string(),
                    ]
                })
                .collect(),
        ),
    };
    let detail = format!(
        "{} list, {} rows, on {}; reason: {reason}",
        list.code(),
        rows.len(),
        format_date(today)
    );
    state
        .audit(&caller.audit("names_exported").detail(&detail))
        .await?;
    Ok(Some((
        format!("dsr-{}-{today}.csv", list.code()),
        csv::file(header, &rows),
    )))
}
