//! Tables of figures as counted, and publishing them: for a reader who must not see small
//! numbers, counts from 1 to below the threshold are suppressed, and then, wherever the
//! table says cells add up to a total, more cells are suppressed until no suppressed count
//! can be worked out by subtraction (DOMAIN.md, "small groups").

use super::wire::{Cell, FigureTable, Row};

/// Where a cell is: (row, column).
pub type At = (usize, usize);

/// A cell as counted.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    /// A count of people or events.
    Count(i64),
    /// The count at the first place as a share of the count at the second.
    Share(At, At),
    /// A median number of working days over the things counted at the places given (it
    /// is shown only when each is, and they come to no small number together).
    Days(Option<f64>, Vec<At>),
}

/// A table as counted.
#[derive(Clone, Debug, PartialEq)]
pub struct RawTable {
    /// Its name in addresses and export file names.
    pub key: &'static str,
    /// Its heading.
    pub title: String,
    /// What it covers, in a sentence.
    pub about: String,
    /// What the row labels are.
    pub rows_are: &'static str,
    /// Column headings.
    pub columns: Vec<String>,
    /// Row labels and cells.
    pub rows: Vec<(String, Vec<Raw>)>,
    /// For each row, what a file names it by instead of its label, if anything (an ISO
    /// date or month).
    pub keys: Vec<Option<String>>,
    /// Lines of cells that add up to a total: (the parts, the total).
    pub sums: Vec<(Vec<At>, At)>,
    /// Whether the rows are named by what staff typed (such as an agency's name), which
    /// could name a person: a reader who sees suppressed counts gets only the last row,
    /// the total.
    pub typed_labels: bool,
}

impl RawTable {
    /// A table with no sums.
    pub fn new(
        key: &'static str,
        title: impl Into<String>,
        about: impl Into<String>,
        rows_are: &'static str,
        columns: &[&str],
    ) -> Self {
        RawTable {
            key,
            title: title.into(),
            about: about.into(),
            rows_are,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
            keys: Vec::new(),
            sums: Vec::new(),
            typed_labels: false,
        }
    }

    /// Marks the rows as named by what staff typed (see [`RawTable::typed_labels`]).
    pub fn with_typed_labels(&mut self) -> &mut Self {
        self.typed_labels = true;
        self
    }

    /// Adds a row.
    pub fn row(&mut self, label: impl Into<String>, cells: Vec<Raw>) -> &mut Self {
        self.rows.push((label.into(), cells));
        self.keys.push(None);
        self
    }

    /// Adds a row that files name by `key` (an ISO date or month) rather than its label.
    pub fn keyed_row(
        &mut self,
        label: impl Into<String>,
        key: String,
        cells: Vec<Raw>,
    ) -> &mut Self {
        self.row(label, cells);
        *self.keys.last_mut().expect("the row just added") = Some(key);
        self
    }

    /// Says that in each of `rows`, the cells in `parts` columns add up to the `total` column.
    pub fn add_across(
        &mut self,
        rows: impl IntoIterator<Item = usize>,
        parts: &[usize],
        total: usize,
    ) -> &mut Self {
        for r in rows {
            self.sums
                .push((parts.iter().map(|c| (r, *c)).collect(), (r, total)));
        }
        self
    }

    /// Says that in each of `columns`, the rows in `parts` add up to the `total` row.
    pub fn add_down(
        &mut self,
        columns: impl IntoIterator<Item = usize>,
        parts: &[usize],
        total: usize,
    ) -> &mut Self {
        for c in columns {
            self.sums
                .push((parts.iter().map(|r| (*r, c)).collect(), (total, c)));
        }
        self
    }

    /// The count at `at` (0 for a cell that is not a count).
    fn count(&self, (r, c): At) -> i64 {
        match self.rows.get(r).and_then(|(_, cells)| cells.get(c)) {
            Some(Raw::Count(n)) => *n,
            _ => 0,
        }
    }

    /// The table as a reader sees it: every count, or with small numbers suppressed when
    /// `below` is given.
    pub fn publish(&self, below: Option<i64>) -> FigureTable {
        publish_all(std::slice::from_ref(self), &[], below).remove(0)
    }

    /// The table with `hidden` counts suppressed (counts from 1 to below `below` read
    /// "fewer than", others hidden to protect them "not shown").
    fn published(&self, hidden: &[Vec<bool>], below: Option<i64>) -> FigureTable {
        let is_hidden = |(r, c): At| hidden[r][c];
        // A share or a median may not give away a count that is hidden, nor one from 1 to
        // below the threshold (a share's part, or what is left of its whole).
        let small = |n: i64| below.is_some_and(|b| (1..b).contains(&n));
        let from = if self.typed_labels && below.is_some() {
            self.rows.len().saturating_sub(1)
        } else {
            0
        };
        let rows = self
            .rows
            .iter()
            .enumerate()
            .skip(from)
            .map(|(r, (label, cells))| Row {
                label: label.clone(),
                key: self.keys[r].clone(),
                // A total of other rows (not only of other columns in its own).
                total: self
                    .sums
                    .iter()
                    .any(|(parts, (tr, _))| *tr == r && parts.iter().all(|(pr, _)| *pr != r)),
                cells: cells
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| match cell {
                        Raw::Count(n) if !is_hidden((r, c)) => Cell::Count(Some(*n)),
                        Raw::Count(n) if small(*n) => Cell::Count(None),
                        Raw::Count(_) => Cell::Hidden,
                        Raw::Share(part, whole) => {
                            let (p, w) = (self.count(*part), self.count(*whole));
                            let shown = w > 0
                                && !is_hidden(*part)
                                && !is_hidden(*whole)
                                && !small(p)
                                && !small(w - p);
                            Cell::Share(shown.then_some((p, w)))
                        }
                        Raw::Days(days, over) => Cell::Days(days.filter(|_| {
                            !over.iter().any(|at| is_hidden(*at))
                                && !small(over.iter().map(|at| self.count(*at)).sum())
                        })),
                    })
                    .collect(),
            })
            .collect();
        FigureTable {
            key: self.key.to_owned(),
            title: self.title.clone(),
            about: self.about.clone(),
            rows_are: self.rows_are.to_owned(),
            columns: self.columns.clone(),
            rows,
        }
    }
}

/// A cell of one of several tables: (which table, where in it).
pub type Place = (usize, At);

/// Cells of different tables that add up: the `parts` to the `total`. With `strict`, the
/// total is hidden whenever any part is: a total over a window that moves on (the 12
/// months to a month end) would otherwise give away a hidden part when set beside the
/// next month end's.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The parts.
    pub parts: Vec<Place>,
    /// Their total.
    pub total: Place,
    /// Whether any hidden part hides the total.
    pub strict: bool,
}

/// `tables` as a reader sees them, published together so that the sums within each and
/// the `links` between them are kept: with `below`, every count from 1 to below it is
/// hidden, and then, wherever a sum would have exactly one hidden member, the smallest
/// other non-zero member too (and a strict link's total when any part is), until no
/// hidden count can be worked out by subtraction.
pub fn publish_all(tables: &[RawTable], links: &[Link], below: Option<i64>) -> Vec<FigureTable> {
    let mut hidden: Vec<Vec<Vec<bool>>> = tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .map(|(_, cells)| {
                    cells
                        .iter()
                        .map(|cell| {
                            matches!((cell, below), (Raw::Count(n), Some(b)) if (1..b).contains(n))
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    if below.is_some() {
        let mut lines: Vec<(Vec<Place>, Place, bool)> = links
            .iter()
            .map(|l| (l.parts.clone(), l.total, l.strict))
            .collect();
        for (i, t) in tables.iter().enumerate() {
            for (parts, total) in &t.sums {
                lines.push((parts.iter().map(|p| (i, *p)).collect(), (i, *total), false));
            }
        }
        let count = |(t, at): Place| tables[t].count(at);
        loop {
            let mut changed = false;
            let is = |h: &Vec<Vec<Vec<bool>>>, (t, (r, c)): Place| h[t][r][c];
            for (parts, total, strict) in &lines {
                if *strict && !is(&hidden, *total) && parts.iter().any(|p| is(&hidden, *p)) {
                    let (t, (r, c)) = *total;
                    hidden[t][r][c] = true;
                    changed = true;
                }
                let members: Vec<Place> = parts.iter().copied().chain([*total]).collect();
                if members.iter().filter(|m| is(&hidden, **m)).count() != 1 {
                    continue;
                }
                let next = members
                    .iter()
                    .filter(|m| !is(&hidden, **m) && count(**m) > 0)
                    .min_by_key(|m| (count(**m), **m == *total));
                if let Some((t, (r, c))) = next {
                    hidden[*t][*r][*c] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
    tables
        .iter()
        .zip(&hidden)
        .map(|(t, h)| t.published(h, below))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[[i64; 3]]) -> RawTable {
        let mut t = RawTable::new("t", "T", "", "Rating", &["Children", "Adults", "All"]);
        for (i, row) in rows.iter().enumerate() {
            t.row(
                format!("r{i}"),
                row.iter().map(|n| Raw::Count(*n)).collect(),
            );
        }
        t.add_across(0..rows.len(), &[0, 1], 2);
        let last = rows.len() - 1;
        t.add_down(0..3, &(0..last).collect::<Vec<_>>(), last);
        t
    }

    fn shown(t: &FigureTable) -> Vec<Vec<Option<i64>>> {
        t.rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| match c {
                        Cell::Count(n) => *n,
                        Cell::Hidden => None,
                        other => panic!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rows_named_by_staff_reach_suppressed_readers_only_as_their_total() {
        let mut t = grid(&[[10, 20, 30], [9, 9, 18], [19, 29, 48]]);
        t.with_typed_labels();
        let labels = |f: FigureTable| f.rows.into_iter().map(|r| r.label).collect::<Vec<_>>();
        let all = t.publish(None);
        let totals: Vec<bool> = all.rows.iter().map(|r| r.total).collect();
        assert_eq!(
            totals,
            [false, false, true],
            "only the row that adds up others"
        );
        assert_eq!(labels(all), ["r0", "r1", "r2"]);
        let total = t.publish(Some(8));
        assert_eq!(shown(&total), [[Some(19), Some(29), Some(48)]]);
        assert_eq!(labels(total), ["r2"]);
    }

    /// Whether any hidden cell is the only hidden member of a line (so it could be worked
    /// out by subtraction).
    fn recoverable(t: &RawTable, published: &FigureTable) -> bool {
        let s = shown(published);
        t.sums.iter().any(|(parts, total)| {
            parts
                .iter()
                .chain([total])
                .filter(|(r, c)| s[*r][*c].is_none())
                .count()
                == 1
        })
    }

    #[test]
    fn everyone_but_commissioners_sees_every_count() {
        let t = grid(&[[3, 20, 23], [10, 12, 22], [13, 32, 45]]);
        assert_eq!(
            shown(&t.publish(None)),
            vec![
                vec![Some(3), Some(20), Some(23)],
                vec![Some(10), Some(12), Some(22)],
                vec![Some(13), Some(32), Some(45)],
            ]
        );
    }

    #[test]
    fn a_small_count_hides_enough_others_that_none_can_be_worked_out() {
        let t = grid(&[[3, 20, 23], [10, 12, 22], [13, 32, 45]]);
        let published = t.publish(Some(8));
        let s = shown(&published);
        assert_eq!(s[0][0], None, "3 is fewer than 8");
        assert!(!recoverable(&t, &published), "{s:?}");
        // Zeros and large counts away from the small one stay.
        assert_eq!(s[2][2], Some(45));
    }

    #[test]
    fn zeros_are_shown_and_a_lone_small_total_hides_its_parts() {
        let t = grid(&[[0, 5, 5], [0, 30, 30], [0, 35, 35]]);
        let published = t.publish(Some(8));
        let s = shown(&published);
        assert_eq!(s[0][0], Some(0));
        assert_eq!(s[0][1], None);
        assert_eq!(s[0][2], None);
        assert!(!recoverable(&t, &published), "{s:?}");
    }

    #[test]
    fn exactly_the_threshold_is_shown() {
        let t = grid(&[[8, 9, 17], [10, 12, 22], [18, 21, 39]]);
        assert!(shown(&t.publish(Some(8)))
            .iter()
            .flatten()
            .all(Option::is_some));
    }

    #[test]
    fn shares_never_give_away_a_small_part_or_remainder() {
        let mut t = RawTable::new("s", "S", "", "What", &["Number", "Share"]);
        t.row("Admissions", vec![Raw::Count(40), Raw::Count(0)]);
        t.row(
            "After a community C(E)TR",
            vec![Raw::Count(37), Raw::Share((1, 0), (0, 0))],
        );
        t.row(
            "Within timescale",
            vec![Raw::Count(20), Raw::Share((2, 0), (0, 0))],
        );
        let all = t.publish(None);
        assert_eq!(all.rows[1].cells[1], Cell::Share(Some((37, 40))));
        let some = t.publish(Some(8));
        // 40 - 37 = 3 people without one: the share would give it away.
        assert_eq!(some.rows[1].cells[1], Cell::Share(None));
        assert_eq!(some.rows[2].cells[1], Cell::Share(Some((20, 40))));
    }

    #[test]
    fn a_total_over_a_moving_window_is_hidden_with_any_of_its_months() {
        // Admissions each month, and their 12-month total in another table.
        let mut months = RawTable::new("months", "M", "", "Month", &["Admissions"]);
        for n in [9, 12, 5, 20] {
            months.row("m", vec![Raw::Count(n)]);
        }
        let mut year = RawTable::new("year", "Y", "", "What", &["Number"]);
        year.row("Admissions", vec![Raw::Count(46)]);
        let link = Link {
            parts: (0..4).map(|r| (0, (r, 0))).collect(),
            total: (1, (0, 0)),
            strict: true,
        };
        let both = publish_all(
            &[months.clone(), year.clone()],
            std::slice::from_ref(&link),
            Some(8),
        );
        assert_eq!(
            both[0].rows[2].cells[0],
            Cell::Count(None),
            "5 is fewer than 8"
        );
        assert_eq!(
            both[1].rows[0].cells[0],
            Cell::Hidden,
            "the total would give it away"
        );
        // With every month shown, so is the total; and for the LDA team, everything.
        months.rows[2].1[0] = Raw::Count(15);
        year.rows[0].1[0] = Raw::Count(56);
        let shown = publish_all(
            &[months.clone(), year.clone()],
            std::slice::from_ref(&link),
            Some(8),
        );
        assert_eq!(shown[1].rows[0].cells[0], Cell::Count(Some(56)));
        assert_eq!(
            publish_all(&[months, year], &[link], None)[1].rows[0].cells[0],
            Cell::Count(Some(56))
        );
    }

    #[test]
    fn text_of_each_kind_of_cell() {
        assert_eq!(Cell::Count(None).text(Some(8)), "fewer than 8");
        assert_eq!(Cell::Hidden.text(Some(8)), "not shown");
        assert_eq!(Cell::Count(Some(0)).text(Some(8)), "0");
        assert_eq!(Cell::Share(Some((37, 40))).text(None), "93% (37 of 40)");
        assert_eq!(Cell::Share(Some((1, 3))).text(None), "33% (1 of 3)");
        assert_eq!(Cell::Days(Some(2.5)).text(None), "2.5");
    }
}
