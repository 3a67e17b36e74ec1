//! `/figures`: the register's figures at the end of a chosen day (today unless asked),
//! each table with a download, the trends also as charts with a summary in words.

use super::{
    chart::TrendChart,
    get::get_figures,
    months::month_ends,
    wire::{Cell, FigureTable, Figures},
};
use crate::{
    error::AppError,
    layout::{summary_for, DateField, Problem},
    models::{format_date, Role},
};
use chrono::Datelike;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The date fields' names, in order.
const FIELDS: [&str; 3] = ["on_day", "on_month", "on_year"];

/// The page.
#[component]
pub fn FiguresPage() -> impl IntoView {
    let query = use_query_map();
    let asked = Memo::new(move |_| query.with(|q| FIELDS.map(|f| q.get(f).unwrap_or_default())));
    let figures = Resource::new(
        move || asked.get(),
        |[day, month, year]| get_figures(day, month, year),
    );
    view! {
        <Suspense fallback=|| view! { <h1>"Register figures"</h1><p>"Counting…"</p> }>
            {move || Suspend::new(async move {
                let result = figures.await;
                let error = match &result {
                    Err(e @ AppError::Invalid(_)) => Some(e.clone()),
                    _ => None,
                };
                let title = format!(
                    "{}Figures - Dynamic Support Register",
                    if error.is_some() { "Error: " } else { "" }
                );
                let summary = error.as_ref().map(|e| summary_for(e, "on_day"));
                let refused = Signal::derive(move || error.clone());
                view! {
                    <Title text=title/>
                    {summary}
                    <h1>"Register figures"</h1>
                    <p class="nhsuk-lede-text">"The register's figures as they stood at the end of the day you choose. Asked for again later, the same day gives the same figures."</p>
                    <form method="get" action="/figures" class="dsr-figures-day" novalidate>
                        <DateField prefix="on" legend="Figures for which day?" error=refused typed=asked.get_untracked()/>
                        <p class="nhsuk-body-s">"Leave all three boxes empty for the latest figures."</p>
                        <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show figures"</button>
                    </form>
                    {match result {
                        Ok(figures) => view! { <FiguresView figures/> }.into_any(),
                        Err(AppError::Invalid(_)) => ().into_any(),
                        Err(error) => view! { <Problem error/> }.into_any(),
                    }}
                }
            })}
        </Suspense>
    }
}

/// The figures for one day.
#[component]
fn FiguresView(figures: Figures) -> impl IntoView {
    let me = crate::auth::signed_in::use_signed_in().0;
    let coordinator = move || {
        me.get()
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|m| m.role == Role::Coordinator)
    };
    let on = figures.on;
    let below = figures.suppressed_below;
    let ends = month_ends(on);
    view! {
        <h2 id="figures-for">{if on == crate::models::uk_today(chrono::Utc::now()) {
            format!("Figures so far today, {}", format_date(on))
        } else {
            format!("Figures for the end of {}", format_date(on))
        }}</h2>
        {below.map(|b| view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{format!("To protect people's privacy, counts from 1 to {} show as \"fewer than {b}\". Some larger counts are hidden too, so that a hidden count cannot be worked out from the others. Figures are for the last day of a month.", b - 1)}</p>
            </div>
        })}
        <nav aria-labelledby="figures-contents">
            <h2 class="nhsuk-heading-s" id="figures-contents">"Contents"</h2>
            <ul class="nhsuk-list nhsuk-list--bullet">
                {figures.tables.iter().map(|t| view! { <li><a href=format!("#{}", t.key)>{t.title.clone()}</a></li> }).collect_view()}
            </ul>
        </nav>
        {move || coordinator().then(|| view! {
            <p class="dsr-no-print"><a href="/figures/names">"Download a list with names"</a>" (the register, or open actions)"</p>
        })}
        {figures.tables.into_iter().map(|table| {
            let chart = match table.key.as_str() {
                "rating-trend" => Some(vec![0, 1, 2, 3]),
                "movement-trend" => Some(vec![0, 1, 2]),
                _ => None,
            };
            let download = format!(
                "/figures/export?table={}&on_day={}&on_month={}&on_year={}",
                table.key, on.day(), on.month(), on.year()
            );
            let summary_id = format!("{}-summary", table.key);
            let (labelled, key) = (table.key.clone(), table.key.clone());
            view! {
                <section class="dsr-figures-table" aria-labelledby=labelled>
                    <h2 id=key>{table.title.clone()}</h2>
                    <p>{table.about.clone()}</p>
                    {chart.map(|columns| view! {
                        <p id=summary_id.clone()>{summary(&table, below)}</p>
                        <TrendChart table=table.clone() columns months=ends.clone() described_by=summary_id.clone()/>
                    })}
                    <FigureTableView table=table.clone() below/>
                    <p class="dsr-no-print"><a href=download download="">{format!("Download \"{}\" (CSV)", table.title)}</a></p>
                </section>
            }
        }).collect_view()}
    }
}

/// One table.
#[component]
fn FigureTableView(table: FigureTable, below: Option<i64>) -> impl IntoView {
    let region = table.title.clone();
    view! {
        <div class="dsr-table-scroll" tabindex="0" role="region" aria-label=region>
        <table class="nhsuk-table dsr-figures">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">{table.title.clone()}</caption>
            <thead class="nhsuk-table__head">
                <tr>
                    <th scope="col" class="nhsuk-table__header">{table.rows_are.clone()}</th>
                    {table.columns.iter().map(|c| view! { <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">{c.clone()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {table.rows.into_iter().map(|row| view! {
                    <tr class=if row.total { "nhsuk-table__row dsr-figures__total" } else { "nhsuk-table__row" }>
                        <th scope="row" class="nhsuk-table__header">{row.label}</th>
                        {row.cells.iter().map(|cell| view! {
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{cell.text(below)}</td>
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// A trend in words: the first and last month, and whether any count is hidden.
fn summary(table: &FigureTable, below: Option<i64>) -> String {
    let (Some(first), Some(last)) = (table.rows.first(), table.rows.last()) else {
        return String::new();
    };
    let describe = |row: &super::wire::Row| {
        table
            .columns
            .iter()
            .zip(&row.cells)
            .map(|(c, cell)| format!("{} {}", cell.text(below), c.to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let hidden = table
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .any(|c| matches!(c, Cell::Count(None) | Cell::Hidden));
    let note = if hidden {
        " Some small counts are hidden, so their points are missing from the chart."
    } else {
        ""
    };
    format!(
        "{}: {}. {}: {}.{note} The table below gives every month.",
        first.label,
        describe(first),
        last.label,
        describe(last)
    )
}
