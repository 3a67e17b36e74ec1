//! The figures as a page or an export receives them: tables of published cells, small
//! numbers already suppressed where the reader must not see them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One published cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// A count; `None` when it is from 1 to below the reader's threshold (shown as
    /// "fewer than N").
    Count(Option<i64>),
    /// A count hidden so that a small one cannot be worked out from it ("not shown").
    Hidden,
    /// A share of a total, as (part, whole); `None` when suppressed or the whole is 0.
    Share(Option<(i64, i64)>),
    /// A median number of working days; `None` when suppressed or there were none.
    Days(Option<f64>),
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// What the row counts.
    pub label: String,
    /// Its cells, one per column.
    pub cells: Vec<Cell>,
    /// Whether it is the total of rows above it.
    pub total: bool,
    /// What a file names it by instead of its label, if anything (an ISO date or month).
    pub key: Option<String>,
}

/// A table of figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureTable {
    /// Its name in addresses and export file names.
    pub key: String,
    /// Its heading.
    pub title: String,
    /// What it covers, in a sentence.
    pub about: String,
    /// What the row labels are (the first column's heading).
    pub rows_are: String,
    /// Column headings, after the row label.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// Every figure for one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// The day the figures are for (as the register stood at its end).
    pub on: NaiveDate,
    /// Counts from 1 to below this are suppressed for this reader; `None` when none are.
    pub suppressed_below: Option<i64>,
    /// The tables, in page order.
    pub tables: Vec<FigureTable>,
}

impl Cell {
    /// The cell as text for a reader, for whom counts below `below` are suppressed.
    pub fn text(&self, below: Option<i64>) -> String {
        let fewer = || format!("fewer than {}", below.unwrap_or_default());
        match self {
            Cell::Count(Some(n)) => n.to_string(),
            Cell::Count(None) => fewer(),
            Cell::Hidden => "not shown".to_owned(),
            Cell::Share(Some((part, whole))) => {
                format!("{}% ({part} of {whole})", percent(*part, *whole))
            }
            Cell::Share(None) => "not shown".to_owned(),
            Cell::Days(Some(days)) => format!("{days:.1}"),
            Cell::Days(None) => "none".to_owned(),
        }
    }
}

/// `part` as a whole-number percentage of `whole` (rounded half up); 0 when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    (part * 200 + whole) / (2 * whole)
}
