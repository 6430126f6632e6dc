//! Rule `R2@1`: the observations of time to first paid job made from the records, and the
//! report of their curves by group.
//!
//! For each course that started in the window [from, to], day 0 is its start and the event
//! is the start of its first paid job (paid work as K5 counts it: [`crate::Job::is_paid_work`]).
//! Only jobs starting on or after the course's start count: a job the participant already
//! held is not an outcome of the follow-up, and the course stays at risk until a job starts.
//! Follow-up ends at the course's end or the as-of day, whichever comes first; a job that
//! starts later than that is not seen, and the course is censored on that day.

use chrono::{Datelike, NaiveDate};

use super::km::{KaplanMeier, kaplan_meier};
use super::logrank::{LogRank, log_rank};
use super::{Observation, RULE};
use crate::codes;
use crate::kpi::{StaffFact, TeamFact};
use crate::organisation::Method;
use crate::participant::NorwegianLevel;

codes! {
    /// What a survival report's curves are grouped by.
    pub enum SurvivalBy {
        Method = "method", Team = "team", Office = "office", NorwegianLevel = "norwegian_level",
        StartYear = "start_year", All = "all",
    }
}

codes! {
    /// The participant's Norwegian level in the four bands of DOMAIN.md §10.
    pub enum LevelBand { None = "ingen", A = "A", B = "B", Unknown = "ukjent" }
}

impl LevelBand {
    pub fn of(level: Option<NorwegianLevel>) -> LevelBand {
        match level {
            None => LevelBand::Unknown,
            Some(NorwegianLevel::None) => LevelBand::None,
            Some(NorwegianLevel::A1 | NorwegianLevel::A1Plus | NorwegianLevel::A2 | NorwegianLevel::A2Plus) => {
                LevelBand::A
            }
            Some(NorwegianLevel::B1 | NorwegianLevel::B2Plus) => LevelBand::B,
        }
    }
}

/// What the rule reads: the organisation (as the KPIs read it, so that a course belongs to
/// the team of its job specialist here as there) and the courses that started in the window.
#[derive(Debug, Clone, Default)]
pub struct SurvivalData {
    pub offices: Vec<String>,
    pub teams: Vec<TeamFact>,
    pub staff: Vec<StaffFact>,
    pub courses: Vec<StartedCourse>,
}

#[derive(Debug, Clone)]
pub struct StartedCourse {
    pub id: String,
    pub method: Method,
    /// Position in [`SurvivalData::staff`] of the course's job specialist.
    pub staff: Option<usize>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub norwegian_level: Option<NorwegianLevel>,
    /// The start days of the course's paid jobs, in any order and including any before the
    /// course's start (the rule leaves those out).
    pub paid_job_starts: Vec<NaiveDate>,
}

impl StartedCourse {
    /// The course's observation as seen on `as_of`; `None` when it had not started by then.
    pub fn observation(&self, as_of: NaiveDate) -> Option<Observation> {
        observe(self.start, self.end, self.paid_job_starts.iter().copied(), as_of)
    }
}

/// The observation of a course that starts on `start` and ends on `end` (if it has), with
/// paid jobs starting on `paid_job_starts`, as seen on `as_of`; `None` when it had not
/// started by then. The one place the rule's day 0, event and censoring are decided, for
/// the curves here and the comparison and extract of [`crate::evaluation`].
pub fn observe(
    start: NaiveDate,
    end: Option<NaiveDate>,
    paid_job_starts: impl IntoIterator<Item = NaiveDate>,
    as_of: NaiveDate,
) -> Option<Observation> {
    if start > as_of {
        return None;
    }
    let horizon = end.map_or(as_of, |e| e.min(as_of));
    let first_job = paid_job_starts.into_iter().filter(|&d| d >= start).min();
    let days = |d: NaiveDate| u32::try_from((d - start).num_days()).unwrap_or(0);
    Some(match first_job {
        Some(job) if job <= horizon => Observation::event(days(job)),
        // Stored courses never end before they start (the importer refuses it), so the
        // horizon is never before day 0.
        _ => Observation::censored(days(horizon)),
    })
}

/// A report's window, as-of day and grouping; made only by [`SurvivalSpec::new`], which
/// refuses days out of order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurvivalSpec {
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
    by: SurvivalBy,
}

impl SurvivalSpec {
    /// Courses starting from `from` to `to`, followed up to `as_of` (not before `to`: a
    /// course of the window would otherwise be seen before its start).
    pub fn new(from: NaiveDate, to: NaiveDate, as_of: NaiveDate, by: SurvivalBy) -> Result<SurvivalSpec, &'static str> {
        if to < from {
            return Err("the window's last day is before its first");
        }
        if as_of < to {
            return Err("the as-of day is before the window's last day");
        }
        Ok(SurvivalSpec { from, to, as_of, by })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    pub fn by(&self) -> SurvivalBy {
        self.by
    }
}

/// One group's curve.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCurve {
    pub id: String,
    pub curve: KaplanMeier,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalReport {
    pub rule: &'static str,
    pub group_kind: SurvivalBy,
    /// Every group of the kind, those without courses too (with n = 0 and no rows).
    pub groups: Vec<GroupCurve>,
    /// `None` when fewer than two groups have someone at risk on an event day.
    pub logrank: Option<LogRank>,
}

/// The groups of a kind, in output order, and each course's group.
fn groups(data: &SurvivalData, spec: &SurvivalSpec) -> (Vec<String>, Vec<Option<usize>>) {
    let team_of = |c: &StartedCourse| c.staff.and_then(|s| data.staff[s].team);
    match spec.by {
        SurvivalBy::Method => (
            Method::ALL.iter().map(|m| m.code().to_owned()).collect(),
            data.courses.iter().map(|c| Method::ALL.iter().position(|m| *m == c.method)).collect(),
        ),
        SurvivalBy::NorwegianLevel => (
            LevelBand::ALL.iter().map(|b| b.code().to_owned()).collect(),
            data.courses
                .iter()
                .map(|c| LevelBand::ALL.iter().position(|b| *b == LevelBand::of(c.norwegian_level)))
                .collect(),
        ),
        SurvivalBy::StartYear => {
            let first = spec.from.year();
            (
                (first..=spec.to.year()).map(|y| y.to_string()).collect(),
                data.courses.iter().map(|c| usize::try_from(c.start.year() - first).ok()).collect(),
            )
        }
        SurvivalBy::Team => {
            let (ids, pos) = sorted_positions(data.teams.iter().map(|t| t.id.as_str()));
            (ids, data.courses.iter().map(|c| team_of(c).map(|t| pos[t])).collect())
        }
        SurvivalBy::Office => {
            let (ids, pos) = sorted_positions(data.offices.iter().map(String::as_str));
            let office_of = |c: &StartedCourse| team_of(c).and_then(|t| data.teams[t].office).map(|o| pos[o]);
            (ids, data.courses.iter().map(office_of).collect())
        }
        SurvivalBy::All => (vec!["all".to_owned()], vec![Some(0); data.courses.len()]),
    }
}

/// Sorted ids, and for each original position its place in the sorted list.
fn sorted_positions<'a>(ids: impl Iterator<Item = &'a str>) -> (Vec<String>, Vec<usize>) {
    let mut v: Vec<(usize, &str)> = ids.enumerate().collect();
    v.sort_by(|a, b| a.1.cmp(b.1));
    let mut pos = vec![0; v.len()];
    for (sorted, (orig, _)) in v.iter().enumerate() {
        pos[*orig] = sorted;
    }
    (v.into_iter().map(|(_, id)| id.to_owned()).collect(), pos)
}

/// The curves of the courses of `data` that started in the window, by group, and the
/// log-rank test across the groups. A course outside every group of the kind (a job
/// specialist without a team, for `team` and `office`) is left out, as in the KPIs.
pub fn compute(data: &SurvivalData, spec: &SurvivalSpec) -> SurvivalReport {
    let (ids, of_course) = groups(data, spec);
    let mut observations: Vec<Vec<Observation>> = vec![Vec::new(); ids.len()];
    for (course, group) in data.courses.iter().zip(of_course) {
        if course.start < spec.from || course.start > spec.to {
            continue;
        }
        if let (Some(g), Some(o)) = (group, course.observation(spec.as_of)) {
            observations[g].push(o);
        }
    }
    let slices: Vec<&[Observation]> = observations.iter().map(Vec::as_slice).collect();
    let logrank = log_rank(&slices);
    let groups =
        ids.into_iter().zip(&observations).map(|(id, obs)| GroupCurve { id, curve: kaplan_meier(obs) }).collect();
    SurvivalReport { rule: RULE, group_kind: spec.by, groups, logrank }
}
