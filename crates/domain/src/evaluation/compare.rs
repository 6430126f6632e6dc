//! Rule `R4@1`: two groups of the courses that started in a window, compared after exact
//! matching on the participant's birth-year band, Norwegian level and interpreter need and
//! the course's start year (DOMAIN.md §11). Each side's matched courses give their status
//! on the as-of day (§10) and their time to first paid job (§11, rule R2@1), and the two
//! curves are compared by the log-rank test.

use chrono::{Datelike, NaiveDate};

use super::matching::exact_match;
use super::{RULE, background_codes, place_of};
use crate::codes;
use crate::kpi::GroupKind;
use crate::outcomes::{OutcomeCourse, OutcomeData, Status};
use crate::survival::{KaplanMeier, LogRank, Observation, SurvivalBy, SurvivalSpec, kaplan_meier, log_rank, observe};

codes! {
    /// What the two compared groups are: one method, team or office against another. The
    /// matching variables themselves (Norwegian level, start year) cannot be compared this
    /// way: no course of one group would have a match in the other.
    pub enum CompareKind { Method = "method", Team = "team", Office = "office" }
}

/// One group: a kind and the id of a method, team or office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRef {
    pub kind: CompareKind,
    pub id: String,
}

/// A comparison's window, as-of day and groups; made only by [`CompareSpec::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareSpec {
    /// The window and as-of day, checked as a survival report's are (its grouping unused).
    window: SurvivalSpec,
    a: GroupRef,
    b: GroupRef,
    /// The team or office the comparison stays inside (a page's viewer's scope); `None` for
    /// the whole country.
    within: Option<GroupRef>,
}

impl CompareSpec {
    /// Refuses days out of order (as [`SurvivalSpec::new`]), groups of different kinds (a
    /// team and a method share courses, and a course cannot be matched to itself) and a
    /// group compared with itself.
    pub fn new(
        from: NaiveDate,
        to: NaiveDate,
        as_of: NaiveDate,
        a: GroupRef,
        b: GroupRef,
    ) -> Result<CompareSpec, &'static str> {
        let window = SurvivalSpec::new(from, to, as_of, SurvivalBy::All)?;
        if a.kind != b.kind {
            return Err("the two groups must be of the same kind");
        }
        if a.id == b.id {
            return Err("the two groups are the same");
        }
        Ok(CompareSpec { window, a, b, within: None })
    }

    /// The same comparison among the courses of `scope` alone: a leader compares the methods
    /// of their own office, not the country's.
    pub fn within(self, scope: GroupRef) -> CompareSpec {
        CompareSpec { within: Some(scope), ..self }
    }

    pub fn scope(&self) -> Option<&GroupRef> {
        self.within.as_ref()
    }

    /// The window (`from`, `to`) and the as-of day.
    pub fn window(&self) -> &SurvivalSpec {
        &self.window
    }

    pub fn a(&self) -> &GroupRef {
        &self.a
    }

    pub fn b(&self) -> &GroupRef {
        &self.b
    }
}

/// How many matched courses of a side had a status on the as-of day.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusShare {
    pub status: Status,
    pub count: usize,
    /// `count ÷ matched × 100`, unrounded, as the outcome report gives shares; `None` when
    /// nothing was matched.
    pub share: Option<f64>,
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub group: GroupRef,
    /// The group's courses that started in the window.
    pub n: usize,
    pub matched: usize,
    /// `n − matched`: no course of the other group in its stratum was left to pair with.
    pub dropped: usize,
    /// Every status of §10, in its order.
    pub status: Vec<StatusShare>,
    /// Time to first paid job of the matched courses.
    pub curve: KaplanMeier,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompareReport {
    pub rule: &'static str,
    pub a: Side,
    pub b: Side,
    /// The strata (combinations of the four variables) with at least one matched pair.
    pub strata: usize,
    /// The matched curves compared; `None` when no event day has both sides at risk.
    pub logrank: Option<LogRank>,
}

fn member(data: &OutcomeData, course: &OutcomeCourse, group: &GroupRef) -> bool {
    match group.kind {
        CompareKind::Method => course.method.code() == group.id,
        CompareKind::Team => place_of(data, course, GroupKind::Team) == Some(group.id.as_str()),
        CompareKind::Office => place_of(data, course, GroupKind::Office) == Some(group.id.as_str()),
    }
}

/// Whether the group's team or office is in the data (a method always is): a typo would
/// otherwise give an empty group, and the comparison would look like one.
pub fn known(data: &OutcomeData, group: &GroupRef) -> bool {
    match group.kind {
        CompareKind::Method => crate::Method::parse(&group.id).is_some(),
        CompareKind::Team => data.teams.iter().any(|t| t.id == group.id),
        CompareKind::Office => data.offices.contains(&group.id),
    }
}

/// The four matching variables of a course.
fn stratum(course: &OutcomeCourse) -> ([String; 3], i32) {
    (background_codes(&course.background, course), course.start.year())
}

/// The courses of a group that started in the window, by id so that the pairs chosen do
/// not depend on the order the records were read in.
fn started<'a>(data: &'a OutcomeData, spec: &CompareSpec, group: &GroupRef) -> Vec<&'a OutcomeCourse> {
    let mut v: Vec<&OutcomeCourse> = data
        .courses
        .iter()
        .filter(|c| {
            spec.window.from() <= c.start
                && c.start <= spec.window.to()
                && member(data, c, group)
                && spec.within.as_ref().is_none_or(|w| member(data, c, w))
        })
        .collect();
    v.sort_by(|x, y| x.id.cmp(&y.id));
    v
}

fn side(group: &GroupRef, courses: &[&OutcomeCourse], matched: &[bool], as_of: NaiveDate) -> (Side, Vec<Observation>) {
    let kept: Vec<&OutcomeCourse> = courses.iter().zip(matched).filter(|(_, m)| **m).map(|(c, _)| *c).collect();
    let paid_starts =
        |c: &OutcomeCourse| c.jobs.iter().filter(|j| j.is_paid_work()).map(|j| j.start).collect::<Vec<_>>();
    let observations: Vec<Observation> =
        kept.iter().filter_map(|c| observe(c.start, c.end, paid_starts(c), as_of)).collect();
    let status = Status::ALL
        .iter()
        .map(|&s| {
            let count = kept.iter().filter(|c| c.status(as_of) == s).count();
            let share = (!kept.is_empty()).then(|| count as f64 / kept.len() as f64 * 100.0);
            StatusShare { status: s, count, share }
        })
        .collect();
    let side = Side {
        group: group.clone(),
        n: courses.len(),
        matched: kept.len(),
        dropped: courses.len() - kept.len(),
        status,
        curve: kaplan_meier(&observations),
    };
    (side, observations)
}

/// Compares the two groups of `spec` over `data`, which must hold every course that started
/// in the window with what the outcome rule reads of it up to the as-of day.
pub fn compare(data: &OutcomeData, spec: &CompareSpec) -> CompareReport {
    let a = started(data, spec, &spec.a);
    let b = started(data, spec, &spec.b);
    let keys_a: Vec<_> = a.iter().map(|c| stratum(c)).collect();
    let keys_b: Vec<_> = b.iter().map(|c| stratum(c)).collect();
    let (matched_a, matched_b) = exact_match(&keys_a, &keys_b);
    let mut strata: Vec<&([String; 3], i32)> =
        keys_a.iter().zip(&matched_a).filter(|(_, m)| **m).map(|(k, _)| k).collect();
    strata.sort();
    strata.dedup();
    let (side_a, obs_a) = side(&spec.a, &a, &matched_a, spec.window.as_of());
    let (side_b, obs_b) = side(&spec.b, &b, &matched_b, spec.window.as_of());
    let logrank = log_rank(&[&obs_a, &obs_b]);
    CompareReport { rule: RULE, a: side_a, b: side_b, strata: strata.len(), logrank }
}
