//! Reporting periods: ISO weeks, months, quarters and years of the Europe/Oslo calendar,
//! cut to the report's own dates, or the report's whole range as one period.

use chrono::{Datelike, NaiveDate};

use crate::codes;

codes! {
    /// `Range` is the report's dates as a single period, for a figure over a review's whole
    /// period (fidelity pre-fill) rather than per calendar unit.
    pub enum PeriodKind { Week = "week", Month = "month", Quarter = "quarter", Year = "year", Range = "range" }
}

/// One period of a report. `start` and `end` (inclusive) are cut to the report's dates, so
/// the first and last periods may be shorter than a whole week, month, quarter or year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// `2024-W07`, `2024-02`, `2024-Q1`, `2024`, or for a range `2024-01-01/2024-06-30`.
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Weeks in the period, counted as days ÷ 7: a 31-day month is 4.43 weeks.
    pub fn weeks(&self) -> f64 {
        self.days() as f64 / 7.0
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// Every period of `kind` that overlaps `from..=to`, in order, each cut to `from..=to`.
/// Empty when `to` is before `from`.
pub fn periods(kind: PeriodKind, from: NaiveDate, to: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    if to < from {
        return out;
    }
    let mut start = Some(first_day(kind, from));
    while let Some(s) = start.filter(|s| *s <= to) {
        // No next period at the end of chrono's calendar: this one runs to `to`.
        let next = next_start(kind, s);
        let end = next.and_then(|n| n.pred_opt()).unwrap_or(to);
        out.push(Period { label: label(kind, s, to), start: s.max(from), end: end.min(to) });
        start = next;
    }
    out
}

/// The index of the period that holds `d`, if any.
pub fn index_of(periods: &[Period], d: NaiveDate) -> Option<usize> {
    let i = periods.partition_point(|p| p.start <= d).checked_sub(1)?;
    periods[i].contains(d).then_some(i)
}

fn first_day(kind: PeriodKind, d: NaiveDate) -> NaiveDate {
    let first = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d);
    match kind {
        PeriodKind::Week => {
            d.checked_sub_days(chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))).unwrap_or(d)
        }
        PeriodKind::Month => first(d.year(), d.month()),
        PeriodKind::Quarter => first(d.year(), (d.month0() / 3) * 3 + 1),
        PeriodKind::Year => first(d.year(), 1),
        PeriodKind::Range => d,
    }
}

/// The first day of the period after the one starting on `start`; `None` past the end of
/// the calendar, and for a range, which is one period only.
fn next_start(kind: PeriodKind, start: NaiveDate) -> Option<NaiveDate> {
    let months = match kind {
        PeriodKind::Week => return start.checked_add_days(chrono::Days::new(7)),
        PeriodKind::Month => 1,
        PeriodKind::Quarter => 3,
        PeriodKind::Year => 12,
        PeriodKind::Range => return None,
    };
    start.checked_add_months(chrono::Months::new(months))
}

/// The label of the period starting on `start`; `to` is the report's last day.
fn label(kind: PeriodKind, start: NaiveDate, to: NaiveDate) -> String {
    match kind {
        PeriodKind::Week => crate::time::iso_week_label(start),
        PeriodKind::Month => format!("{}-{:02}", start.year(), start.month()),
        PeriodKind::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
        PeriodKind::Year => format!("{}", start.year()),
        PeriodKind::Range => format!("{start}/{to}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_are_iso_and_cut() {
        let p = periods(PeriodKind::Week, d("2024-12-25"), d("2025-01-08"));
        let labels: Vec<&str> = p.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2024-W52", "2025-W01", "2025-W02"]);
        assert_eq!((p[0].start, p[0].end), (d("2024-12-25"), d("2024-12-29")));
        assert_eq!((p[1].start, p[1].end), (d("2024-12-30"), d("2025-01-05")));
        assert_eq!(p[1].weeks(), 1.0);
        assert_eq!(p[2].days(), 3);
        assert_eq!(index_of(&p, d("2024-12-31")), Some(1));
        assert_eq!(index_of(&p, d("2024-12-24")), None);
        assert_eq!(index_of(&p, d("2025-01-09")), None);
    }

    #[test]
    fn months_quarters_years() {
        let m = periods(PeriodKind::Month, d("2024-01-15"), d("2024-03-31"));
        assert_eq!(m.iter().map(|p| p.label.clone()).collect::<Vec<_>>(), ["2024-01", "2024-02", "2024-03"]);
        assert_eq!(m[1].days(), 29);
        let q = periods(PeriodKind::Quarter, d("2024-02-01"), d("2024-07-01"));
        assert_eq!(q.iter().map(|p| p.label.clone()).collect::<Vec<_>>(), ["2024-Q1", "2024-Q2", "2024-Q3"]);
        assert_eq!(q[2].days(), 1);
        let y = periods(PeriodKind::Year, d("2023-06-01"), d("2024-06-01"));
        assert_eq!(y.iter().map(|p| p.label.clone()).collect::<Vec<_>>(), ["2023", "2024"]);
        assert!(periods(PeriodKind::Year, d("2024-06-01"), d("2024-05-01")).is_empty());
    }

    #[test]
    fn a_range_is_one_period_of_the_report_dates() {
        let r = periods(PeriodKind::Range, d("2024-01-15"), d("2024-03-31"));
        assert_eq!(r, [Period { label: "2024-01-15/2024-03-31".into(), start: d("2024-01-15"), end: d("2024-03-31") }]);
        // 17 + 29 + 31 = 77 days = 11 weeks.
        assert_eq!((r[0].days(), r[0].weeks()), (77, 11.0));
        assert_eq!(index_of(&r, d("2024-01-15")), Some(0));
        assert_eq!(index_of(&r, d("2024-04-01")), None);
        let day = periods(PeriodKind::Range, d("2024-02-29"), d("2024-02-29"));
        assert_eq!((day[0].label.as_str(), day[0].days()), ("2024-02-29/2024-02-29", 1));
        assert!(periods(PeriodKind::Range, d("2024-06-01"), d("2024-05-01")).is_empty());
        assert_eq!(PeriodKind::parse("range"), Some(PeriodKind::Range));
    }

    /// A report may not end the service: a period that reaches the calendar's last day ends
    /// there, and none of them loops or overflows (a hand-typed `/tall/rader` address once did).
    #[test]
    fn the_calendars_last_day_ends_every_kind() {
        let last = NaiveDate::MAX;
        let from = last - chrono::Duration::days(40);
        for kind in [PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year, PeriodKind::Range] {
            let p = periods(kind, from, last);
            assert!(!p.is_empty() && p.len() <= 7, "{kind:?}: {}", p.len());
            assert_eq!((p[0].start, p.last().unwrap().end), (from, last), "{kind:?}");
            assert!(p.windows(2).all(|w| w[0].end.succ_opt() == Some(w[1].start)), "{kind:?}");
        }
        assert_eq!(periods(PeriodKind::Range, d("2024-01-01"), last).len(), 1);
    }
}
