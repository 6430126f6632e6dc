//! The job chain's time axis: whole months from the first job on, where a day falls on the
//! plot, and a bar's pieces between its percentage steps.

use chrono::{Datelike, Duration, NaiveDate};

#[cfg(test)]
use super::WIDTH;
use super::{LEFT, Link, RIGHT};

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d).checked_add_months(chrono::Months::new(1)).unwrap_or(NaiveDate::MAX)
}

/// Where a bar stops: its end, or today while it lasts; at least one day long.
pub(super) fn bar_end(l: &Link, today: NaiveDate) -> NaiveDate {
    l.end.unwrap_or(today).max(l.start + Duration::days(1))
}

/// The time axis: whole months from the first job's month through the month after the last
/// date shown (today, ends, planned ends, probation ends, bands), mapped onto the plot width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Axis {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Axis {
    pub(crate) fn of(links: &[Link], today: NaiveDate) -> Option<Axis> {
        let first = links.iter().map(|l| l.start).min()?;
        let last = links
            .iter()
            .flat_map(|l| {
                [Some(bar_end(l, today)), l.planned_end, l.probation_end]
                    .into_iter()
                    .chain(l.bands.iter().flat_map(|b| [Some(b.from), b.to]))
                    .flatten()
            })
            .chain([today])
            .max()
            .unwrap_or(today);
        Some(Axis { from: first_of_month(first), to: next_month(last) })
    }

    fn days(&self) -> f64 {
        (self.to - self.from).num_days().max(1) as f64
    }

    /// The x of a day's start on the wide picture, clamped to the plot.
    #[cfg(test)]
    pub(crate) fn x(&self, d: NaiveDate) -> f64 {
        self.x_in(d, WIDTH)
    }

    /// The x of a day's start on a picture `width` wide.
    pub(super) fn x_in(&self, d: NaiveDate, width: f64) -> f64 {
        let f = ((d - self.from).num_days() as f64 / self.days()).clamp(0.0, 1.0);
        LEFT + f * (width - LEFT - RIGHT)
    }

    /// The first day of every month on the axis, the end included.
    pub(crate) fn months(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut m = self.from;
        while m <= self.to {
            out.push(m);
            m = next_month(m);
        }
        out
    }
}

/// The bar's pieces: (from, to, percent), one per step inside the bar; `None` when no step
/// is recorded for that stretch.
pub(crate) fn segments(l: &Link, today: NaiveDate) -> Vec<(NaiveDate, NaiveDate, Option<f64>)> {
    let end = bar_end(l, today);
    let mut out = Vec::new();
    let first = l.steps.first().map_or(end, |(d, _)| (*d).clamp(l.start, end));
    if first > l.start {
        out.push((l.start, first, None));
    }
    for (i, (from, p)) in l.steps.iter().enumerate() {
        let from = (*from).clamp(l.start, end);
        let to = l.steps.get(i + 1).map_or(end, |(d, _)| (*d).clamp(l.start, end));
        if to > from {
            out.push((from, to, Some(*p)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workplace::chain::Band;
    use crate::workplace::chain::tests::{d, link};

    #[test]
    fn the_axis_runs_in_whole_months_and_maps_days_onto_the_plot() {
        // A job from 15 January to 10 February 2025, seen on 20 February: the axis is
        // 1 January to 1 March, 59 days over 700 px from x = 10.
        let links = vec![link("2025-01-15", Some("2025-02-10"))];
        let axis = Axis::of(&links, d("2025-02-20")).unwrap();
        assert_eq!((axis.from, axis.to), (d("2025-01-01"), d("2025-03-01")));
        assert_eq!(axis.x(d("2025-01-01")), 10.0);
        assert_eq!(axis.x(d("2025-03-01")), 710.0);
        // 31 days in: 10 + 31 / 59 × 700 = 377.796…
        assert!((axis.x(d("2025-02-01")) - 377.796_610).abs() < 1e-5);
        // 14 days in: 10 + 14 / 59 × 700 = 176.101…
        assert!((axis.x(d("2025-01-15")) - 176.101_695).abs() < 1e-5);
        // Outside the axis clamps to its ends.
        assert_eq!(axis.x(d("2024-12-01")), 10.0);
        assert_eq!(axis.x(d("2025-06-01")), 710.0);
        assert_eq!(axis.months(), vec![d("2025-01-01"), d("2025-02-01"), d("2025-03-01")]);
    }

    #[test]
    fn the_axis_reaches_the_latest_planned_end_band_or_today() {
        let mut l = link("2025-01-15", None);
        l.planned_end = Some(d("2025-05-31"));
        let axis = Axis::of(std::slice::from_ref(&l), d("2025-02-20")).unwrap();
        assert_eq!(axis.to, d("2025-06-01"));
        l.bands.push(Band { label: "x".into(), from: d("2025-02-01"), to: Some(d("2025-07-04")) });
        assert_eq!(Axis::of(std::slice::from_ref(&l), d("2025-02-20")).unwrap().to, d("2025-08-01"));
        assert_eq!(Axis::of(&[l], d("2025-09-09")).unwrap().to, d("2025-10-01"));
        assert!(Axis::of(&[], d("2025-09-09")).is_none());
    }

    #[test]
    fn a_bar_is_cut_at_each_percentage_step() {
        let mut l = link("2026-01-05", Some("2026-06-30"));
        l.steps = vec![(d("2026-01-05"), 20.0), (d("2026-02-16"), 40.0), (d("2026-04-06"), 80.0)];
        assert_eq!(
            segments(&l, d("2026-11-23")),
            vec![
                (d("2026-01-05"), d("2026-02-16"), Some(20.0)),
                (d("2026-02-16"), d("2026-04-06"), Some(40.0)),
                (d("2026-04-06"), d("2026-06-30"), Some(80.0)),
            ]
        );
        // A first step after the start leaves an unknown stretch; an open job runs to today.
        let mut open = link("2026-01-05", None);
        open.steps = vec![(d("2026-02-01"), 50.0)];
        assert_eq!(
            segments(&open, d("2026-03-01")),
            vec![(d("2026-01-05"), d("2026-02-01"), None), (d("2026-02-01"), d("2026-03-01"), Some(50.0))]
        );
        assert_eq!(
            segments(&link("2026-01-05", None), d("2026-01-05")),
            vec![(d("2026-01-05"), d("2026-01-06"), None)]
        );
    }
}
