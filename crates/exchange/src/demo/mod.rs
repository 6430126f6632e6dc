//! Deterministic synthetic demo data: offices, teams, users, employers, participants and
//! their courses, with the jobs, measures, follow-up checks and activity log a job
//! specialist team would have produced over the years up to a given day.
//!
//! Everything is synthetic (names are combined from lists, national ids are Skatteetaten's
//! synthetic test numbers) and reproducible: the same [`DemoSpec`] always yields the same
//! records in the same order. Records stream out through a sink, so the national scale
//! (millions of activities) never sits in memory.

mod activity;
pub mod ads;
#[cfg(test)]
mod checker;
mod course;
mod employers;
mod jobs;
mod links;
mod meeting;
mod names;
mod organisation;
mod plan;
mod rng;
mod support;
#[cfg(test)]
mod tests;
mod texts;
mod timeline;

use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use jobbvei_domain::{ExtId, StyrkCode};

use crate::record::Record;
use organisation::Org;
use texts::EMPLOYER_KINDS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Office,
    National,
}

impl Scale {
    /// `"small"`, `"office"` or `"national"`.
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "small" => Some(Scale::Small),
            "office" => Some(Scale::Office),
            "national" => Some(Scale::National),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct DemoSpec {
    pub scale: Scale,
    pub seed: u64,
    /// The last day of history: nothing happens after it except activities planned for the
    /// next 14 days.
    pub as_of: NaiveDate,
}

/// Emits every record in an order where each record refers only to records emitted before it
/// (offices, teams, users, employers, employer contacts, participants, referrals, courses,
/// phases, passive periods, jobs, education, measures, activities, follow-up checks — the
/// per-course records may be interleaved course by course as long as each reference points backwards).
pub fn generate(spec: &DemoSpec, sink: &mut dyn FnMut(Record)) {
    let params = Params::of(spec.scale);
    let org = organisation::build(spec.seed, &params, sink);
    let history_start = add_days(spec.as_of, -params.history_days);
    let plans = plan::build(spec.seed, spec.as_of, history_start, &params, &org);
    plan::emit_participants(spec.seed, &org, &plans, sink);
    let mut g = Gen {
        seed: spec.seed,
        as_of: spec.as_of,
        history_start,
        org: &org,
        styrk: styrk_table(),
        sink,
        next: Counters::default(),
    };
    for (js, js_plan) in plans.iter().enumerate() {
        for case in &js_plan.cases {
            course::emit_case(&mut g, js, case);
        }
        activity::js_activities(&mut g, js);
    }
}

/// The shape of one scale.
pub(crate) struct Params {
    offices: usize,
    /// Teams per office, used cyclically.
    teams_per_office: &'static [usize],
    /// Job specialists per team, used cyclically.
    js_per_team: &'static [usize],
    veileders_per_office: usize,
    analysts: usize,
    history_days: i64,
    /// Courses a full-time job specialist runs side by side (the caseload, before gaps).
    slots_per_fte: f64,
    /// A fixed number of participants per job specialist, for a small data set of known size.
    participants_per_js: Option<usize>,
    employers_per_js: usize,
}

impl Params {
    fn of(scale: Scale) -> Params {
        match scale {
            Scale::Small => Params {
                offices: 1,
                teams_per_office: &[1],
                js_per_team: &[5],
                veileders_per_office: 3,
                analysts: 1,
                history_days: 730,
                slots_per_fte: 15.0,
                participants_per_js: Some(16),
                employers_per_js: 27,
            },
            Scale::Office => Params {
                offices: 1,
                teams_per_office: &[3],
                js_per_team: &[6, 5, 6],
                veileders_per_office: 8,
                analysts: 1,
                history_days: 1096,
                slots_per_fte: 17.0,
                participants_per_js: None,
                employers_per_js: 40,
            },
            Scale::National => Params {
                offices: 50,
                teams_per_office: &[3, 1, 2],
                js_per_team: &[6],
                veileders_per_office: 25,
                analysts: 5,
                history_days: 3653,
                slots_per_fte: 19.0,
                participants_per_js: None,
                employers_per_js: 133,
            },
        }
    }
}

/// Separate random streams, so one part of the data does not shift when another changes.
pub(crate) mod stream {
    pub const ORG: u64 = 1;
    pub const EMPLOYER: u64 = 2;
    pub const CONTACT: u64 = 3;
    pub const PLAN: u64 = 4;
    pub const PARTICIPANT: u64 = 5;
    pub const COURSE: u64 = 6;
    pub const JS_WORK: u64 = 7;
}

/// Running numbers of the per-course record types, for their ids.
#[derive(Default)]
pub(crate) struct Counters {
    referral: u64,
    course: u64,
    job: u64,
    education: u64,
    measure: u64,
    activity: u64,
    followup: u64,
}

pub(crate) fn next_id(counter: &mut u64, prefix: &str) -> ExtId {
    *counter += 1;
    ext(format!("{prefix}{counter}"))
}

pub(crate) struct Gen<'a> {
    seed: u64,
    as_of: NaiveDate,
    history_start: NaiveDate,
    org: &'a Org,
    /// STYRK codes of [`EMPLOYER_KINDS`]' jobs, parsed once.
    styrk: Vec<Vec<Option<StyrkCode>>>,
    sink: &'a mut dyn FnMut(Record),
    next: Counters,
}

impl Gen<'_> {
    fn emit(&mut self, record: Record) {
        (self.sink)(record);
    }
}

fn styrk_table() -> Vec<Vec<Option<StyrkCode>>> {
    EMPLOYER_KINDS.iter().map(|(_, k)| k.jobs.iter().map(|(code, _)| StyrkCode::parse(code)).collect()).collect()
}

/// Ids made here are prefix + number, always valid; the fallback only keeps this panic-free.
pub(crate) fn ext(s: String) -> ExtId {
    match ExtId::parse(&s) {
        Ok(id) => id,
        Err(_) => ExtId::generated(s),
    }
}

pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(TimeDelta::days(n)).unwrap_or(d)
}

pub(crate) fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or_else(|| add_days(d, i64::from(m) * 30))
}

pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Days the office is closed besides weekends: the fixed-date public holidays and
/// Christmas Eve and New Year's Eve, when hardly anyone books meetings.
pub(crate) fn is_working_day(d: NaiveDate) -> bool {
    if d.weekday().number_from_monday() > 5 {
        return false;
    }
    !matches!((d.month(), d.day()), (1, 1) | (5, 1) | (5, 17) | (12, 24..=26) | (12, 31))
}

/// The Monday of `d`'s week.
pub(crate) fn monday_of(d: NaiveDate) -> NaiveDate {
    add_days(d, -i64::from(d.weekday().num_days_from_monday()))
}
