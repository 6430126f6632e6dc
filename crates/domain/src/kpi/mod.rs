//! Key performance indicators K1–K9 of DOMAIN.md §5, as pure functions of the data and
//! the report's dates. Every figure carries its rule id (`K2@1`), and a group or period
//! without data gets no value rather than a zero.

mod activity;
mod course;
pub mod data;
pub mod days;
mod grid;
pub mod marks;
pub mod period;
mod rows;
pub mod rules;
mod stored;
mod work;

#[cfg(test)]
mod days_tests;
#[cfg(test)]
mod marks_tests;
#[cfg(test)]
mod rows_tests;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use data::{ActivityFact, ActivityRef, CourseFact, JobFact, KpiData, StaffFact, TeamFact};
pub use days::{DAY_KPIS, DayCounts, DayFact, day_rules};
pub use marks::{FollowupMonths, MARK_KPIS, Marks};
pub use period::{Period, PeriodKind, periods};
pub use rows::{Drill, FigureRow, Item, drill};
pub use rules::{Kpi, RULES, Rule};
pub use stored::StoredActivity;

use crate::codes;

codes! {
    /// What a report's rows are grouped by.
    pub enum GroupKind { JobSpecialist = "job_specialist", Team = "team", Office = "office", All = "all" }
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct KpiSpec {
    pub from: NaiveDate,
    /// The report's end date: marks (K3, K7, K8) must have passed by this day.
    pub to: NaiveDate,
    pub by: GroupKind,
    pub period: PeriodKind,
    pub kpis: Vec<Kpi>,
}

/// One figure for one group in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    pub kpi: Kpi,
    /// Position in [`KpiReport::group_ids`].
    pub group: usize,
    /// Position in [`KpiReport::periods`].
    pub period: usize,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// K7: the mark, in months after the job's start.
    pub at_months: Option<u8>,
    /// K9: `styrk` or `employer`.
    pub dimension: Option<&'static str>,
    /// K4: passive courses on the day, shown apart.
    pub passive: Option<f64>,
    /// K5a: how many of the first paid jobs have a wage subsidy.
    pub subsidised: Option<f64>,
}

impl KpiRow {
    fn new(kpi: Kpi, group: usize, period: usize) -> KpiRow {
        KpiRow {
            kpi,
            group,
            period,
            value: None,
            numerator: None,
            denominator: None,
            at_months: None,
            dimension: None,
            passive: None,
            subsidised: None,
        }
    }

    /// Sets numerator and denominator, and the value `scale × n ÷ d` when `has_data`.
    fn ratio(mut self, n: f64, d: f64, scale: f64, has_data: bool) -> KpiRow {
        if has_data && d > 0.0 {
            self.value = Some(n / d * scale);
            self.numerator = Some(n);
            self.denominator = Some(d);
        }
        self
    }
}

#[derive(Debug, Clone)]
pub struct KpiReport {
    pub group_kind: GroupKind,
    pub group_ids: Vec<String>,
    pub periods: Vec<Period>,
    pub rows: Vec<KpiRow>,
}

/// Who belongs to which group, and each group's job-specialist FTE.
pub(crate) struct Grouping {
    pub ids: Vec<String>,
    /// Staff position → group position.
    pub of_staff: Vec<Option<usize>>,
    pub fte: Vec<f64>,
}

impl Grouping {
    fn new(data: &KpiData, by: GroupKind) -> Grouping {
        let (ids, of_staff): (Vec<String>, Vec<Option<usize>>) = match by {
            GroupKind::JobSpecialist => {
                let mut js: Vec<(usize, &str)> = data
                    .staff
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.job_specialist)
                    .map(|(i, s)| (i, s.id.as_str()))
                    .collect();
                js.sort_by(|a, b| a.1.cmp(b.1));
                let mut of = vec![None; data.staff.len()];
                for (g, (i, _)) in js.iter().enumerate() {
                    of[*i] = Some(g);
                }
                (js.into_iter().map(|(_, id)| id.to_owned()).collect(), of)
            }
            GroupKind::Team => {
                let (ids, pos) = sorted_positions(data.teams.iter().map(|t| t.id.as_str()));
                (ids, data.staff.iter().map(|s| s.team.map(|t| pos[t])).collect())
            }
            GroupKind::Office => {
                let (ids, pos) = sorted_positions(data.offices.iter().map(String::as_str));
                let office_of = |s: &StaffFact| s.team.and_then(|t| data.teams[t].office).map(|o| pos[o]);
                (ids, data.staff.iter().map(office_of).collect())
            }
            GroupKind::All => (vec!["all".to_owned()], vec![Some(0); data.staff.len()]),
        };
        // A user outside the scope is in no group, whatever the grouping (`StaffFact::member`).
        let of_staff: Vec<Option<usize>> =
            of_staff.into_iter().zip(&data.staff).map(|(g, s)| g.filter(|_| s.member)).collect();
        let mut fte = vec![0.0; ids.len()];
        for (s, g) in data.staff.iter().zip(&of_staff) {
            if let Some(g) = g
                && Grouping::in_fte(s)
            {
                fte[*g] += s.fte;
            }
        }
        Grouping { ids, of_staff, fte }
    }

    /// Whether a member's FTE is in the group's: only job specialists' is.
    pub(crate) fn in_fte(s: &StaffFact) -> bool {
        s.job_specialist
    }

    /// The group of a course, through its job specialist.
    fn of_course(&self, c: &CourseFact) -> Option<usize> {
        c.staff.and_then(|s| self.of_staff[s])
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

/// Computes the figures of `spec` over `data`.
pub fn compute(data: &KpiData, spec: &KpiSpec) -> KpiReport {
    let periods = period::periods(spec.period, spec.from, spec.to);
    let groups = Grouping::new(data, spec.by);
    let ctx = Ctx { data, spec, periods: &periods, groups: &groups };
    let mut rows = Vec::new();
    for kpi in &spec.kpis {
        match kpi {
            Kpi::K1 | Kpi::K1p | Kpi::K2 => activity::rows(&ctx, *kpi, &mut rows),
            Kpi::K3 => course::k3(&ctx, &mut rows),
            Kpi::K4 => course::k4(&ctx, &mut rows),
            Kpi::K5a => work::k5a(&ctx, &mut rows),
            Kpi::K5b => work::k5b(&ctx, &mut rows),
            Kpi::K6 => work::k6(&ctx, &mut rows),
            Kpi::K7 => work::k7(&ctx, &mut rows),
            Kpi::K8 => work::k8(&ctx, &mut rows),
            Kpi::K9 => work::k9(&ctx, &mut rows),
        }
    }
    KpiReport { group_kind: spec.by, group_ids: groups.ids, periods, rows }
}

/// Everything a rule needs, borrowed once.
pub(crate) struct Ctx<'a> {
    pub data: &'a KpiData,
    pub spec: &'a KpiSpec,
    pub periods: &'a [Period],
    pub groups: &'a Grouping,
}

impl Ctx<'_> {
    fn period_of(&self, d: NaiveDate) -> Option<usize> {
        period::index_of(self.periods, d)
    }

    /// Every (group, period) in output order.
    fn each_cell(&self) -> impl Iterator<Item = (usize, usize)> + use<> {
        let (g, p) = (self.groups.ids.len(), self.periods.len());
        (0..g).flat_map(move |g| (0..p).map(move |p| (g, p)))
    }
}

/// Minutes in a full-time week: 37.5 hours.
const FULL_WEEK_MINUTES: f64 = 37.5 * 60.0;

/// What `fte` job-specialist FTE gives the denominator of a figure counted per FTE in
/// `period`: the group's sum for the figure, one member's share for its rows. `None` for
/// figures whose denominator is not FTE.
pub(crate) fn fte_denominator(kpi: Kpi, fte: f64, period: &Period) -> Option<f64> {
    match kpi {
        Kpi::K1 | Kpi::K1p => Some(fte * period.weeks()),
        Kpi::K2 => Some(FULL_WEEK_MINUTES * (fte * period.weeks())),
        Kpi::K4 | Kpi::K5a => Some(fte),
        _ => None,
    }
}

/// The median of `values`; the mean of the two middle ones for an even count.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}
