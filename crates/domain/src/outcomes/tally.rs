//! Counting: each course and referral of the window marks the categories it falls in for
//! its group and split value; the rows are then read off in the report's fixed order, with
//! each denominator taken from the counts it is the total of.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::course::Phase;
use crate::job::JobForm;
use crate::kpi::GroupKind;

use super::data::OutcomeData;
use super::rules::{PlacementCell, ReferralState, Status, UNKNOWN, band};
use super::{OutcomeReport, OutcomeRow, OutcomeSpec, Table, split_value, split_values, tables};

/// The placement table's extra category: `fullfort_jobb` of the completed placements.
const CONVERSION: &str = "konvertering";

/// Who belongs to which group.
pub(super) struct Grouping {
    pub(super) ids: Vec<String>,
    /// Staff position → group.
    pub(super) of_staff: Vec<Option<usize>>,
    /// Team position → group; `None` throughout for job specialists, who get no referrals.
    pub(super) of_team: Vec<Option<usize>>,
}

impl Grouping {
    pub(super) fn new(data: &OutcomeData, spec: &OutcomeSpec) -> Grouping {
        let sorted = |ids: Vec<&str>| -> (Vec<String>, HashMap<String, usize>) {
            let set: BTreeSet<&str> = ids.into_iter().collect();
            let ids: Vec<String> = set.into_iter().map(str::to_owned).collect();
            let pos = ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
            (ids, pos)
        };
        let office_of_team = |t: usize| data.teams[t].office.map(|o| data.offices[o].as_str());
        match spec.by {
            GroupKind::JobSpecialist => {
                // Job specialists by role, and anyone else who holds a course of the window.
                let mut owners = vec![false; data.staff.len()];
                for c in data.courses.iter().filter(|c| c.overlaps(spec.from, spec.to)) {
                    if let Some(s) = c.staff {
                        owners[s] = true;
                    }
                }
                let members = data.staff.iter().zip(&owners).filter(|(s, own)| s.job_specialist || **own);
                let (ids, pos) = sorted(members.map(|(s, _)| s.id.as_str()).collect());
                let of_staff = data.staff.iter().map(|s| pos.get(&s.id).copied()).collect();
                Grouping { ids, of_staff, of_team: vec![None; data.teams.len()] }
            }
            GroupKind::Team => {
                let (ids, pos) = sorted(data.teams.iter().map(|t| t.id.as_str()).collect());
                let of_team: Vec<Option<usize>> = data.teams.iter().map(|t| pos.get(&t.id).copied()).collect();
                let of_staff = data.staff.iter().map(|s| s.team.and_then(|t| of_team[t])).collect();
                Grouping { ids, of_staff, of_team }
            }
            GroupKind::Office => {
                let (ids, pos) = sorted(data.offices.iter().map(String::as_str).collect());
                let of_team: Vec<Option<usize>> =
                    (0..data.teams.len()).map(|t| office_of_team(t).and_then(|o| pos.get(o).copied())).collect();
                let of_staff = data.staff.iter().map(|s| s.team.and_then(|t| of_team[t])).collect();
                Grouping { ids, of_staff, of_team }
            }
            GroupKind::All => Grouping {
                ids: vec!["all".to_owned()],
                of_staff: vec![Some(0); data.staff.len()],
                of_team: vec![Some(0); data.teams.len()],
            },
        }
    }
}

/// A cell's counts: (group, split value, table, category) → count.
type Counts<'a> = HashMap<(usize, usize, Table, &'a str), u64>;

pub(super) fn compute(data: &OutcomeData, spec: &OutcomeSpec) -> OutcomeReport {
    let (from, to) = (spec.from, spec.to);
    let groups = Grouping::new(data, spec);
    let with_referrals = spec.by != GroupKind::JobSpecialist;

    // Each record's group and split value, keeping only the records of the window.
    let courses: Vec<(usize, String, &super::OutcomeCourse)> = data
        .courses
        .iter()
        .filter(|c| c.overlaps(from, to))
        .filter_map(|c| {
            let g = c.staff.and_then(|s| groups.of_staff[s])?;
            Some((g, spec.split.map(|s| split_value(s, &c.background, c.method)).unwrap_or_default(), c))
        })
        .collect();
    let referrals: Vec<(usize, String, &super::OutcomeReferral)> = data
        .referrals
        .iter()
        .filter(|r| with_referrals && r.is_sent_in(from, to))
        .filter_map(|r| {
            let t = r.team?;
            let g = groups.of_team[t]?;
            let value = spec.split.map(|s| split_value(s, &r.background, data.teams[t].method)).unwrap_or_default();
            Some((g, value, r))
        })
        .collect();
    let values: Vec<String> = match spec.split {
        Some(s) => split_values(s, courses.iter().map(|c| c.1.clone()).chain(referrals.iter().map(|r| r.1.clone()))),
        None => vec![String::new()],
    };
    let value_pos: HashMap<&str, usize> = values.iter().enumerate().map(|(i, v)| (v.as_str(), i)).collect();

    let mut counts: Counts = HashMap::new();
    let mut employers: HashSet<(usize, usize, &str)> = HashSet::new();
    for (g, value, c) in &courses {
        let Some(&v) = value_pos.get(value.as_str()) else { continue };
        let mut mark = |table: Table, category| add(&mut counts, (*g, v, table, category));
        let ended = c.is_ended_by(to);
        mark(Table::Population, "alle");
        mark(Table::Population, if ended { "avsluttet" } else { "apne" });
        let status = c.status(to);
        mark(Table::Status, status.code());
        match status {
            Status::FollowUp => mark(Table::Phase, c.phase_on(to).map_or(UNKNOWN, Phase::code)),
            Status::EndedWithoutWork => mark(Table::EndCause, c.end_detail()),
            Status::Work => {
                let job = c.status_job(to);
                let industry = job.and_then(|j| j.industry.as_deref()).map(str::trim).filter(|i| !i.is_empty());
                mark(Table::JobForm, job.map_or(UNKNOWN, |j| j.form.code()));
                mark(Table::Percent, band(job.and_then(|j| j.percent_for(to))).code());
                mark(Table::Subsidy, if job.is_some_and(|j| j.subsidised_on(to)) { "med" } else { "uten" });
                mark(Table::Industry, industry.unwrap_or(UNKNOWN));
            }
            Status::Education | Status::Passive | Status::Placement => {}
        }
        if ended {
            mark(Table::Placement, c.placement_cell().code());
        }
        for j in c.jobs.iter().filter(|j| j.overlaps(from, to)) {
            employers.insert((*g, v, j.employer.as_str()));
        }
    }
    for (g, v, _) in employers {
        add(&mut counts, (g, v, Table::Employers, "alle"));
    }
    for (g, value, r) in &referrals {
        let Some(&v) = value_pos.get(value.as_str()) else { continue };
        let state = r.state_on(to);
        add(&mut counts, (*g, v, Table::Referrals, state.code()));
        if state == ReferralState::Rejected {
            add(&mut counts, (*g, v, Table::RejectionReason, r.rejection_reason()));
        }
    }

    let categories = Categories::new(&counts);
    let mut rows = Vec::new();
    for g in 0..groups.ids.len() {
        for (v, value) in values.iter().enumerate() {
            let get = |table: Table, category: &str| counts.get(&(g, v, table, category)).copied().unwrap_or(0);
            for table in tables(spec.by) {
                for category in categories.of(table) {
                    let (count, denominator) = if table == Table::Placement && category == CONVERSION {
                        let done = get(table, PlacementCell::CompletedWork.code());
                        (done, Some(done + get(table, PlacementCell::CompletedNoWork.code())))
                    } else {
                        (get(table, category), denominator(table, &get))
                    };
                    rows.push(OutcomeRow {
                        group: g,
                        split_value: spec.split.map(|_| value.clone()),
                        table,
                        category: category.to_owned(),
                        count,
                        denominator,
                        share: denominator.filter(|d| *d > 0).map(|d| count as f64 / d as f64 * 100.0),
                    });
                }
            }
        }
    }
    OutcomeReport { group_kind: spec.by, group_ids: groups.ids, split: spec.split, rows }
}

fn add<'a>(counts: &mut Counts<'a>, key: (usize, usize, Table, &'a str)) {
    *counts.entry(key).or_default() += 1;
}

/// The total a table's counts are shares of, read from the cell's own counts.
fn denominator(table: Table, get: &dyn Fn(Table, &str) -> u64) -> Option<u64> {
    let sum = |t: Table, cats: &[&str]| cats.iter().map(|c| get(t, c)).sum::<u64>();
    match table {
        Table::Population | Table::Status => Some(get(Table::Population, "alle")),
        Table::Phase => Some(get(Table::Status, Status::FollowUp.code())),
        Table::EndCause => Some(get(Table::Status, Status::EndedWithoutWork.code())),
        Table::Placement => Some(get(Table::Population, "avsluttet")),
        Table::JobForm | Table::Percent | Table::Subsidy | Table::Industry => {
            Some(get(Table::Status, Status::Work.code()))
        }
        Table::Referrals => {
            Some(sum(Table::Referrals, &ReferralState::ALL.iter().map(|s| s.code()).collect::<Vec<_>>()))
        }
        Table::RejectionReason => Some(get(Table::Referrals, ReferralState::Rejected.code())),
        Table::Employers => None,
    }
}

/// Each table's categories in output order: a fixed list, or the values found anywhere in
/// the report.
struct Categories<'a> {
    found: HashMap<Table, Vec<&'a str>>,
}

impl<'a> Categories<'a> {
    fn new(counts: &Counts<'a>) -> Categories<'a> {
        let mut found: HashMap<Table, BTreeSet<&'a str>> = HashMap::new();
        for (_, _, table, category) in counts.keys() {
            if matches!(table, Table::Phase | Table::EndCause | Table::Industry | Table::RejectionReason) {
                found.entry(*table).or_default().insert(*category);
            }
        }
        let found = found
            .into_iter()
            .map(|(table, set)| {
                let mut v: Vec<&str> = set.into_iter().collect();
                // Phases in working order; free text by its spelling; `ukjent` last.
                let phase = |c: &str| Phase::parse(c).map_or(usize::MAX, |p| p as usize);
                v.sort_by_key(|c| (*c == UNKNOWN, if table == Table::Phase { phase(c) } else { 0 }, *c));
                (table, v)
            })
            .collect();
        Categories { found }
    }

    fn of(&self, table: Table) -> Vec<&str> {
        let codes = |all: &[&'static str]| all.to_vec();
        match table {
            Table::Population => codes(&["alle", "avsluttet", "apne"]),
            Table::Status => Status::ALL.iter().map(|s| s.code()).collect(),
            Table::Placement => PlacementCell::ALL.iter().map(|c| c.code()).chain([CONVERSION]).collect(),
            Table::JobForm => {
                JobForm::ALL.iter().filter(|f| !f.is_unpaid_placement()).map(|f| f.code()).chain([UNKNOWN]).collect()
            }
            Table::Percent => super::PercentBand::ALL.iter().map(|b| b.code()).collect(),
            Table::Subsidy => codes(&["med", "uten"]),
            Table::Referrals => ReferralState::ALL.iter().map(|s| s.code()).collect(),
            Table::Employers => codes(&["alle"]),
            Table::Phase | Table::EndCause | Table::Industry | Table::RejectionReason => {
                self.found.get(&table).cloned().unwrap_or_default()
            }
        }
    }
}
