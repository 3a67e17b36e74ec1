//! Reading the figures for a day: who may, which day, and what each reader sees (the LDA
//! team every count; commissioners small numbers suppressed). Every read is audited.

use super::wire::Figures;
use crate::error::AppError;
use leptos::prelude::*;

/// The figures for the day given as `day`, `month` and `year` (all empty: today).
#[server(prefix = "/api", endpoint = "figures")]
pub async fn get_figures(
    #[server(default)] day: String,
    #[server(default)] month: String,
    #[server(default)] year: String,
) -> Result<Figures, AppError> {
    let (state, caller, on) = checked("figures", [day, month, year]).await?;
    let below = crate::auth::access::small_numbers_below(&caller, &state.settings);
    let tables = super::gather::tables(&state.db, &state.settings, on).await?;
    state
        .audit(
            &caller
                .audit("figures_viewed")
                .detail(&read_detail(on, below)),
        )
        .await?;
    Ok(Figures {
        on,
        suppressed_below: below,
        tables: tables.publish(below),
    })
}

/// What the audit trail says of a read of the figures for `on`.
#[cfg(feature = "ssr")]
pub(crate) fn read_detail(on: chrono::NaiveDate, below: Option<i64>) -> String {
    match below {
        Some(b) => format!("figures for {on}, counts below {b} suppressed"),
        None => format!("figures for {on}, every count"),
    }
}

/// The last day of the month before the one `today` is in: the newest month end a
/// commissioner may read (a month end that is today is still changing).
#[cfg(feature = "ssr")]
fn ended_month_end(today: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    today
        .with_day(1)
        .and_then(|d| d.pred_opt())
        .expect("a date")
}

/// The caller, who may read figures (`action` names the read in the audit trail of a
/// refusal), and the day `parts` (day, month, year) name: today when all are empty; a
/// real day, not in the future and not before the register began, otherwise
/// [`AppError::Invalid`] against `on_day` or `on_year`.
#[cfg(feature = "ssr")]
pub(crate) async fn checked(
    action: &str,
    parts: [String; 3],
) -> Result<
    (
        crate::state::AppState,
        crate::auth::Caller,
        chrono::NaiveDate,
    ),
    AppError,
> {
    use super::months::month_end;
    use crate::{
        auth::{access, caller},
        models::{checks::Checks, format_date, uk_today},
        state::AppState,
        store::{figures, timestamp_now},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, action, access::FIGURES).await?;
    let today = uk_today(timestamp_now());
    let month_ends = access::month_ends_only(&caller);
    if parts.iter().all(|p| p.trim().is_empty()) {
        let day = if month_ends {
            ended_month_end(today)
        } else {
            today
        };
        return Ok((state, caller, day));
    }
    let mut checks = Checks::default();
    let on = checks.date("on", "the date", &parts, today, None, None);
    let began = figures::first_day(&state.db).await?.map(uk_today);
    let latest = ended_month_end(today);
    if let Some(on) = on {
        if let Some(began) = began.filter(|began| on < *began) {
            checks.fail(
                "on_year",
                format!(
                    "The register began on {}. Enter that day or a later one",
                    format_date(began)
                ),
            );
        } else if month_ends && on > latest {
            checks.fail(
                "on_day",
                format!(
                    "Figures are shown to commissioners for months that have ended. Enter {} or an earlier month's last day",
                    format_date(latest)
                ),
            );
        } else if month_ends && month_end(on) != on {
            checks.fail(
                "on_day",
                format!(
                    "Figures are shown to commissioners for the last day of a month. Enter a month's last day, such as {}",
                    format_date(month_end(on).min(latest))
                ),
            );
        }
    }
    let on = checks.done(|| on).map_err(AppError::Invalid)?;
    Ok((state, caller, on))
}
