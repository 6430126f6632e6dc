//! Course and job facts: what K3 and K8 read of the activities, per course and per job, kept
//! by the store beside the records and updated on every write (docs/facts.md). The report
//! path and the store call the same functions here, so each rule has one definition:
//! [`counts_for_k3`] (which meetings can be a course's first) and [`FollowupMonths::of`]
//! (which months of a job have follow-up), both built on the per-activity rules of `rules.rs`.
//!
//! Neither fact depends on the report's dates: the store keeps the first K1p meeting on or
//! after the course's start whenever it is, and all six months of a job; the report's end
//! date then decides what is measured (a first meeting after it is not; a job whose six
//! months have not passed by it is not).

use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};

use super::data::ActivityFact;
use super::rules::Kpi;

/// The figures that course and job facts hold, each tagged with its own rule version.
pub const MARK_KPIS: [Kpi; 2] = [Kpi::K3, Kpi::K8];

/// How many months after a job's start K8 looks at.
pub const FOLLOWUP_MONTHS: u32 = 6;

/// K3: whether `a` can be the first employer contact of a course that started on `start`:
/// a K1p meeting on or after the start.
pub fn counts_for_k3(start: NaiveDate, a: &ActivityFact) -> bool {
    a.is_k1p() && on_or_after_start(start, a.date)
}

/// K3 counts a K1p meeting of the course's start day itself.
fn on_or_after_start(start: NaiveDate, date: NaiveDate) -> bool {
    date >= start
}

/// K3's fact for one course: the date of its first K1p meeting on or after `start`, among
/// the activities linked to it (whoever logged them), whenever that is.
pub fn first_k1p<'a>(start: NaiveDate, activities: impl IntoIterator<Item = &'a ActivityFact>) -> Option<NaiveDate> {
    let mut first = None;
    for a in activities {
        add_to_first_k1p(&mut first, start, a);
    }
    first
}

/// [`first_k1p`] one activity at a time, for passes that meet a course's activities mixed
/// with others': `first` becomes `a`'s date when `a` counts and is earlier.
pub fn add_to_first_k1p(first: &mut Option<NaiveDate>, start: NaiveDate, a: &ActivityFact) {
    if counts_for_k3(start, a) && first.is_none_or(|d| a.date < d) {
        *first = Some(a.date);
    }
}

/// What a course's and its jobs' facts need of the activities linked to it, gathered before
/// the course's start is known: the dates of its K1p meetings and of its done follow-up. A
/// bulk load writes activities without looking up their courses, and one pass over every
/// activity meets each course's mixed with all others'; both keep these and decide at the
/// end, with the same rules as [`first_k1p`] and [`followup_dates`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkedDates {
    k1p: Vec<NaiveDate>,
    followup: Vec<NaiveDate>,
}

impl LinkedDates {
    /// One activity linked to the course, whoever logged it.
    pub fn add(&mut self, a: &ActivityFact) {
        if a.is_k1p() {
            self.k1p.push(a.date);
        }
        if a.is_followup() {
            self.followup.push(a.date);
        }
    }

    /// Another part of the same course's activities.
    pub fn absorb(&mut self, other: LinkedDates) {
        self.k1p.extend(other.k1p);
        self.followup.extend(other.followup);
    }

    /// [`first_k1p`] of the activities added, for a course that started on `start`.
    pub fn first_k1p(&self, start: NaiveDate) -> Option<NaiveDate> {
        self.k1p.iter().copied().filter(|&d| on_or_after_start(start, d)).min()
    }

    /// [`followup_dates`] of the activities added.
    pub fn followup_dates(&self) -> BTreeSet<NaiveDate> {
        self.followup.iter().copied().collect()
    }

    /// Whether any activity added counts for either fact.
    pub fn is_empty(&self) -> bool {
        self.k1p.is_empty() && self.followup.is_empty()
    }
}

/// The days of a course with a done follow-up activity (K8), among its activities.
pub fn followup_dates<'a>(activities: impl IntoIterator<Item = &'a ActivityFact>) -> BTreeSet<NaiveDate> {
    activities.into_iter().filter(|a| a.is_followup()).map(|a| a.date).collect()
}

pub(crate) fn months_after(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// K8's fact for one job: which of the [`FOLLOWUP_MONTHS`] months after its start have at
/// least one done follow-up activity on its course (bit `i` for month `i`, counted from 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowupMonths(u8);

impl FollowupMonths {
    /// The months after `start` that `dates` (a course's [`followup_dates`]) fall in. Month
    /// `i` runs from `i` months after the start up to, not including, `i + 1` months after it.
    pub fn of(start: NaiveDate, dates: &BTreeSet<NaiveDate>) -> FollowupMonths {
        let mut bits = 0u8;
        for i in 0..FOLLOWUP_MONTHS {
            let (from, until) = (months_after(start, i), months_after(start, i + 1));
            if dates.range(from..until).next().is_some() {
                bits |= 1 << i;
            }
        }
        FollowupMonths(bits)
    }

    /// From stored bits; `None` when a bit beyond the sixth month is set.
    pub fn from_bits(bits: u8) -> Option<FollowupMonths> {
        (u32::from(bits) < (1 << FOLLOWUP_MONTHS)).then_some(FollowupMonths(bits))
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    /// How many of the months have follow-up.
    pub fn count(self) -> u8 {
        self.0.count_ones() as u8
    }
}

/// The stored course and job facts of a load, in place of the activities K3 and K8 read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Per [`super::KpiData::courses`]: its first K1p meeting on or after its start.
    pub first_k1p: Vec<Option<NaiveDate>>,
    /// Per [`super::KpiData::jobs`]: its months with follow-up.
    pub followup: Vec<FollowupMonths>,
}

impl super::KpiData {
    /// The course and job facts of [`super::KpiData::activities`]: what the store keeps, as
    /// the tests build it from the same activities.
    pub fn marks(&self) -> Marks {
        let mut by_course: Vec<Vec<&ActivityFact>> = vec![Vec::new(); self.courses.len()];
        for a in &self.activities {
            if let Some(c) = a.course {
                by_course[c].push(a);
            }
        }
        let dates: Vec<BTreeSet<NaiveDate>> =
            by_course.iter().map(|acts| followup_dates(acts.iter().copied())).collect();
        Marks {
            first_k1p: self
                .courses
                .iter()
                .zip(&by_course)
                .map(|(c, acts)| first_k1p(c.start, acts.iter().copied()))
                .collect(),
            followup: self.jobs.iter().map(|j| FollowupMonths::of(j.start, &dates[j.course])).collect(),
        }
    }
}
