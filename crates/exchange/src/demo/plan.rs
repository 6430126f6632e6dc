//! The first pass: when each job specialist's courses ran, and who the participants are.
//!
//! Courses are laid out per caseload "slot", backwards from `as_of`: most slots hold a
//! course that is still open, and before it, separated by short gaps, the courses that
//! ended, back to the start of the history. This keeps the caseload at `as_of` in the
//! 12–20 band whatever the history length.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use jobbvei_domain::{Fnr, NorwegianLevel, Participant, PostalCode};

use super::organisation::Org;
use super::rng::Rng;
use super::{Params, add_days, ext, is_working_day, names, stream};
use crate::record::Record;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKind {
    /// An accepted referral and its course; `end` is `None` while the course is open.
    Course { start: NaiveDate, end: Option<NaiveDate> },
    /// A rejected referral: the participant gets no course.
    Rejected,
    /// A referral not yet decided.
    Pending,
}

#[derive(Debug, Clone)]
pub struct Case {
    /// Global participant number, from 0.
    pub participant: usize,
    /// Index into the office's veiledere.
    pub veileder: usize,
    /// When the referral was sent.
    pub sent: NaiveDate,
    pub kind: CaseKind,
}

pub struct JsPlan {
    pub cases: Vec<Case>,
}

/// Course length in days: a quarter leave early, half stay most of a year, a quarter need long.
fn course_days(rng: &mut Rng) -> i64 {
    match rng.weighted(&[25, 50, 25]) {
        0 => rng.range(20, 100),
        1 => rng.range(100, 300),
        _ => rng.range(300, 660),
    }
}

fn working_day_back(d: NaiveDate) -> NaiveDate {
    (0..7).map(|i| add_days(d, -i)).find(|&x| is_working_day(x)).unwrap_or(d)
}

fn gap_days(rng: &mut Rng) -> i64 {
    rng.range(7, 45)
}

/// Fills one slot backwards from `as_of`.
fn fill_slot(rng: &mut Rng, as_of: NaiveDate, history_start: NaiveDate, out: &mut Vec<(NaiveDate, Option<NaiveDate>)>) {
    let mut free_until;
    if rng.chance(0.92) {
        let span = course_days(rng) as f64 * 1.3;
        let age = (rng.unit() * span) as i64;
        let start = working_day_back(add_days(as_of, -age).max(history_start));
        out.push((start, None));
        free_until = add_days(start, -gap_days(rng));
    } else {
        free_until = add_days(as_of, -rng.range(1, 60));
    }
    loop {
        // Courses start and end on working days, when the meetings that open and close them are held.
        let end = working_day_back(free_until);
        let start = working_day_back(add_days(end, -course_days(rng)));
        if start < history_start {
            break;
        }
        out.push((start, Some(end)));
        free_until = add_days(start, -gap_days(rng));
    }
}

pub fn build(seed: u64, as_of: NaiveDate, history_start: NaiveDate, params: &Params, org: &Org) -> Vec<JsPlan> {
    let mut plans = Vec::with_capacity(org.js.len());
    let mut next_participant = 0;
    for (j, info) in org.js.iter().enumerate() {
        let mut rng = Rng::derive(seed, stream::PLAN, j as u64);
        let slots = ((params.slots_per_fte * info.fte).round() as usize).max(1);
        let mut courses = Vec::new();
        for _ in 0..slots {
            fill_slot(&mut rng, as_of, history_start, &mut courses);
        }
        if let Some(budget) = params.participants_per_js {
            // A fixed-size data set needs enough courses to choose from.
            for _ in 0..100 {
                if courses.len() >= budget {
                    break;
                }
                fill_slot(&mut rng, as_of, history_start, &mut courses);
            }
        }
        let mut cases = Vec::new();
        for &(start, end) in &courses {
            let sent = add_days(start, -rng.range(7, 35));
            cases.push(Case { participant: 0, veileder: 0, sent, kind: CaseKind::Course { start, end } });
            // About 8 % of referrals are rejected; those people get no course.
            if rng.chance(0.087) {
                let sent = add_days(sent, -rng.range(0, 60)).min(as_of);
                cases.push(Case { participant: 0, veileder: 0, sent, kind: CaseKind::Rejected });
            }
        }
        if rng.chance(0.6) {
            let sent = add_days(as_of, -rng.range(0, 20));
            cases.push(Case { participant: 0, veileder: 0, sent, kind: CaseKind::Pending });
        }
        if let Some(budget) = params.participants_per_js
            && cases.len() > budget
        {
            // Keep the open courses first, then the most recent of the rest.
            cases.sort_by_key(|c| match c.kind {
                CaseKind::Course { start, end: None } => (2, start),
                CaseKind::Course { end: Some(end), .. } => (1, end),
                CaseKind::Rejected | CaseKind::Pending => (1, c.sent),
            });
            cases.reverse();
            cases.truncate(budget);
        }
        cases.sort_by_key(|c| c.sent);
        let veileders = org.offices.get(info.office).map_or(0, |o| o.veileders.len());
        for case in &mut cases {
            case.participant = next_participant;
            next_participant += 1;
            case.veileder = rng.index(veileders);
        }
        plans.push(JsPlan { cases });
    }
    plans
}

const LEVELS: &[(u32, NorwegianLevel)] = &[
    (10, NorwegianLevel::A1),
    (10, NorwegianLevel::A1Plus),
    (20, NorwegianLevel::A2),
    (15, NorwegianLevel::A2Plus),
    (25, NorwegianLevel::B1),
    (20, NorwegianLevel::B2Plus),
];

/// Emits every participant, in participant-number order.
pub fn emit_participants(seed: u64, org: &Org, plans: &[JsPlan], sink: &mut dyn FnMut(Record)) {
    let mut used = HashSet::new();
    for (j, plan) in plans.iter().enumerate() {
        let Some(info) = org.js.get(j) else { continue };
        let Some(office) = org.offices.get(info.office) else {
            continue;
        };
        for case in &plan.cases {
            let p = case.participant;
            let mut rng = Rng::derive(seed, stream::PARTICIPANT, p as u64);
            let other = rng.chance(0.25);
            let name = names::person_name(&mut rng, other);
            // Younger people are over-represented (IPS works much with young adults).
            let age = 18 + rng.below(45).min(rng.below(45)) as i32;
            let birth_year = case.sent.year() - age;
            let Some(fnr) = synthetic_fnr(&mut rng, birth_year, &mut used) else {
                continue;
            };
            let (norwegian_level, interpreter) = if other {
                let level = rng.weighted_pick(LEVELS, NorwegianLevel::B1);
                let low = level <= NorwegianLevel::A2;
                (Some(level), Some(low && rng.chance(0.7)))
            } else {
                (rng.chance(0.3).then_some(NorwegianLevel::B2Plus), Some(false))
            };
            let postal_code = rng.pick(&office.postal).and_then(|c| PostalCode::parse(c));
            sink(Record::Participant(Participant {
                id: ext(format!("p{}", p + 1)),
                name,
                fnr,
                postal_code,
                birth_year: Some(birth_year),
                norwegian_level,
                interpreter,
                veileder: office.veileders.get(case.veileder).cloned(),
                confidential: Some(rng.chance(0.02)),
            }));
        }
    }
}

/// A Skatteetaten synthetic number (month + 80) not used before. The individual number
/// follows the birth century as in real numbers (000–499 for 1900–1999, 500–999 from 2000).
fn synthetic_fnr(rng: &mut Rng, year: i32, used: &mut HashSet<String>) -> Option<Fnr> {
    let (lo, span) = if year >= 2000 { (500, 500) } else { (0, 500) };
    let first_month = rng.below(12);
    let first_day = rng.below(28);
    let first_ind = rng.below(span);
    // Almost always the first try; the loops only guarantee uniqueness.
    for m in 0..12 {
        let month = 1 + (first_month + m) % 12;
        for d in 0..28 {
            let day = 1 + (first_day + d) % 28;
            for i in 0..span {
                let ind = lo + (first_ind + i) % span;
                let nine = format!("{day:02}{:02}{:02}{ind:03}", month + 80, year.rem_euclid(100));
                if let Some(fnr) = Fnr::from_nine(&nine)
                    && used.insert(fnr.as_str().to_string())
                {
                    return Some(fnr);
                }
            }
        }
    }
    None
}
