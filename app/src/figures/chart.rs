//! A trend table drawn as a line chart in SVG on the server (no chart script): one line
//! per column, each with its own dash pattern and marker shape as well as its colour, and
//! named at its end, so it reads in print, in greyscale and with forced colours. A hidden
//! (suppressed) count leaves a gap. The table below it is the chart's text alternative.

use super::{
    months::short_name,
    wire::{Cell, FigureTable},
};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

/// Width and height of the drawing, in its own units.
const W: f64 = 720.0;
const H: f64 = 300.0;
/// Margins: left (axis numbers), right (line names), top, bottom (month names).
const LEFT: f64 = 48.0;
const RIGHT: f64 = 170.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 48.0;

/// How each line is drawn: colour, dash pattern, marker.
const LOOKS: [(&str, &str, Marker); 5] = [
    ("#005eb8", "", Marker::Circle),
    ("#d5281b", "8 4", Marker::Square),
    ("#9a6700", "2 3", Marker::Diamond),
    ("#007f3b", "12 4 2 4", Marker::Triangle),
    ("#212b32", "1 0", Marker::Cross),
];

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Diamond,
    Triangle,
    Cross,
}

impl Marker {
    /// The marker as a path at (x, y).
    fn path(self, x: f64, y: f64) -> String {
        match self {
            Marker::Circle => format!("M{} {y}a4 4 0 1 0 8 0a4 4 0 1 0 -8 0", x - 4.0),
            Marker::Square => format!("M{} {}h8v8h-8z", x - 4.0, y - 4.0),
            Marker::Diamond => format!("M{x} {}l5 5l-5 5l-5 -5z", y - 5.0),
            Marker::Triangle => format!("M{x} {}l5 9h-10z", y - 5.0),
            Marker::Cross => format!("M{} {}l8 8m0 -8l-8 8", x - 4.0, y - 4.0),
        }
    }
}

/// A line: the column it draws, and each row's point (`None` where the count is hidden).
type Series = (usize, Vec<Option<(f64, f64)>>);

/// The count in a cell, if shown.
fn value(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Count(n) => *n,
        _ => None,
    }
}

/// A round top for the axis above `max`, and its step.
fn scale(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let rough = max / 4 + 1;
    let magnitude = 10i64.pow(rough.to_string().len() as u32 - 1);
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(rough);
    (step * ((max + step - 1) / step), step)
}

/// The chart of `table`'s `columns` (indexes) over its rows, one row for each of the
/// month ends `months` (named on the axis, with the year under the first and each
/// January). Described by the element with id `described_by`; scrolls sideways on a
/// narrow screen rather than shrinking its words.
#[component]
pub fn TrendChart(
    table: FigureTable,
    columns: Vec<usize>,
    months: Vec<NaiveDate>,
    described_by: String,
) -> impl IntoView {
    let n = table.rows.len().max(2);
    let max = columns
        .iter()
        .flat_map(|c| table.rows.iter().filter_map(|r| value(&r.cells[*c])))
        .max()
        .unwrap_or(0);
    let (top, step) = scale(max);
    let x = move |i: usize| LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64;
    let y = move |v: i64| TOP + (H - TOP - BOTTOM) * (1.0 - v as f64 / top as f64);
    let grid = (0..=top / step)
        .map(|k| {
            let v = k * step;
            view! {
                <line class="dsr-chart__grid" x1=LEFT x2=W - RIGHT y1=y(v) y2=y(v)/>
                <text class="dsr-chart__axis" x=LEFT - 6.0 y=y(v) + 4.0 text-anchor="end">{v}</text>
            }
        })
        .collect_view();
    let region = format!("{} (chart)", table.title);
    let months = months
        .into_iter()
        .enumerate()
        .map(|(i, end)| {
            let year = (i == 0 || end.month() == 1).then(|| view! {
                <text class="dsr-chart__axis" x=x(i) y=H - BOTTOM + 34.0 text-anchor="middle">{end.year()}</text>
            });
            view! {
                <text class="dsr-chart__axis" x=x(i) y=H - BOTTOM + 18.0 text-anchor="middle">{short_name(end)}</text>
                {year}
            }
        })
        .collect_view();
    let series: Vec<Series> = columns
        .iter()
        .map(|c| {
            let points = table
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| value(&r.cells[*c]).map(|v| (x(i), y(v))))
                .collect();
            (*c, points)
        })
        .collect();
    let name_at = name_places(&series);
    let lines = series
        .into_iter()
        .enumerate()
        .map(|(k, (c, points))| {
            let (colour, dash, marker) = LOOKS[k % LOOKS.len()];
            // Runs of shown points; a hidden count breaks the line.
            let mut d = String::new();
            let mut drawing = false;
            for p in &points {
                match p {
                    Some((px, py)) => {
                        d.push_str(&format!("{}{px:.1} {py:.1}", if drawing { "L" } else { "M" }));
                        drawing = true;
                    }
                    None => drawing = false,
                }
            }
            let marks: String = points.iter().flatten().map(|(px, py)| marker.path(*px, *py)).collect();
            let name = table.columns[c].clone();
            view! {
                <g class="dsr-chart__series">
                    <path class="dsr-chart__line" d=d stroke=colour stroke-dasharray=dash fill="none"/>
                    <path class="dsr-chart__marks" d=marks stroke=colour fill=colour/>
                    {name_at[k].map(|ny| view! {
                        <text class="dsr-chart__name" x=W - RIGHT + 10.0 y=ny fill="currentColor">{name}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    // The lines named above the drawing too, so a phone shows which is which before its
    // reader scrolls to the names at the lines' ends.
    let legend = columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let (colour, dash, marker) = LOOKS[k % LOOKS.len()];
            view! {
                <li>
                    <svg class="dsr-chart__key" viewBox="0 0 36 12" aria-hidden="true" focusable="false">
                        <path d="M2 6H34" stroke=colour stroke-dasharray=dash stroke-width="2.5" fill="none"/>
                        <path d=marker.path(18.0, 6.0) stroke=colour fill=colour/>
                    </svg>
                    {table.columns[*c].clone()}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="dsr-chart__legend" aria-hidden="true">{legend}</ul>
        <div class="dsr-chart-scroll" tabindex="0" role="region" aria-label=region>
            <svg class="dsr-chart" viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=described_by focusable="false">
                {grid}
                <line class="dsr-chart__axis-line" x1=LEFT x2=LEFT y1=TOP y2=H - BOTTOM/>
                {months}
                {lines}
            </svg>
        </div>
    }
}

/// Where each line's name goes at the right: level with its last shown point, moved
/// apart so no two names overlap; `None` for a line with no point shown.
fn name_places(series: &[Series]) -> Vec<Option<f64>> {
    const GAP: f64 = 15.0;
    let mut ends: Vec<(usize, f64)> = series
        .iter()
        .enumerate()
        .filter_map(|(k, (_, points))| {
            points
                .iter()
                .rev()
                .flatten()
                .next()
                .map(|(_, y)| (k, y + 4.0))
        })
        .collect();
    ends.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut placed = vec![None; series.len()];
    let mut floor = f64::MIN;
    for (k, y) in ends {
        let y = y.max(floor);
        placed[k] = Some(y);
        floor = y + GAP;
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_a_round_number_above_the_largest_count() {
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(7), (8, 2));
        assert_eq!(scale(120), (150, 50));
        let (top, step) = scale(9_876);
        assert!(top >= 9_876 && top % step == 0, "{top} {step}");
        assert!(top / step <= 6);
    }
}
