//! The IPS Learning Community's quarterly report (rule `R5@1`, issue 12 part 3): per quarter,
//! the people an IPS group served, how many of them worked in a competitive job, the new jobs,
//! those in education, and the employment rate against the community's benchmarks (31 %
//! minimum, 41 % average, 50 % excellent; DOMAIN.md §5 K6). It counts people, not courses,
//! as the community's form does, and reads the same projection as rule `R1@1`.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;

use super::OutcomeSpec;
use super::data::{OutcomeCourse, OutcomeData};
use super::tally::Grouping;
use crate::codes;
use crate::education::EducationStatus;
use crate::kpi::GroupKind;
use crate::kpi::period::{Period, PeriodKind, periods};
use crate::organisation::Method;

/// The rule's id and version.
pub const QUARTERLY_RULE_ID: &str = "R5@1";

pub const QUARTERLY_RULE_NAME: &str = "IPS-kvartalsrapport";

/// The rule in plain Norwegian, shown under the table and printed in `docs/outcomes.md`.
pub const QUARTERLY_TEXT: [(&str, &str); 4] = [
    (
        "Hvem som telles",
        "Bare forløp med metode IPS. Et forløp hører til jobbspesialisten som har det, et team til teamets \
         jobbspesialister og et kontor til kontorets team, som i resultatrapporten. Kvartalene er kalenderkvartaler, \
         kuttet til rapportens datoer. Rapporten teller personer: en deltaker med to forløp i samme gruppe og kvartal \
         telles én gang.",
    ),
    (
        "Tallene per kvartal",
        "`served` (deltakere i kvartalet): deltakere med et IPS-forløp som var åpent minst én dag i kvartalet. \
         `working` (i arbeid): de av dem som hadde en lønnet jobb (fast, tidsbegrenset, tilkalling, lærling eller \
         selvstendig, registrert som lønnet) i et slikt forløp, som overlapper kvartalet. Jobbsmak og arbeidstrening \
         teller aldri. `new_jobs` (nye jobber): antall lønnede jobber i gruppens IPS-forløp som startet i kvartalet. \
         `education` (i utdanning): deltakere med en utdanning i et slikt forløp som overlapper kvartalet og som har \
         status pågår, fullført eller avbrutt (søkt og planlagt er ikke utdanning ennå).",
    ),
    (
        "Sysselsettingsrate",
        "`rate` er `working` delt på `served` ganger 100, uavrundet, og tom når ingen ble fulgt opp. Den er K6 for \
         IPS-forløpene alene.",
    ),
    (
        "Referanseverdier",
        "`benchmark` plasserer raten mot læringsnettverkets referanseverdier: `under_minimum` under 31 %, `minimum` \
         fra 31 % til under 41 %, `gjennomsnitt` fra 41 % til under 50 %, `fremragende` fra 50 %.",
    ),
];

codes! {
    /// Where a quarter's employment rate stands against the learning community's benchmarks.
    pub enum Benchmark {
        BelowMinimum = "under_minimum",
        Minimum = "minimum",
        Average = "gjennomsnitt",
        Excellent = "fremragende",
    }
}

impl Benchmark {
    pub fn of(rate: f64) -> Benchmark {
        if rate >= 50.0 {
            Benchmark::Excellent
        } else if rate >= 41.0 {
            Benchmark::Average
        } else if rate >= 31.0 {
            Benchmark::Minimum
        } else {
            Benchmark::BelowMinimum
        }
    }

    /// The benchmark in words, for the page.
    pub fn label(self) -> &'static str {
        match self {
            Benchmark::BelowMinimum => "under minimum (31 %)",
            Benchmark::Minimum => "minimum (31 %)",
            Benchmark::Average => "gjennomsnitt (41 %)",
            Benchmark::Excellent => "fremragende (50 %)",
        }
    }
}

/// One group's quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterRow {
    /// Position in [`QuarterlyReport::group_ids`].
    pub group: usize,
    /// `2026-Q1`, as the KPI periods are labelled.
    pub quarter: String,
    pub served: u64,
    pub working: u64,
    pub new_jobs: u64,
    pub education: u64,
}

impl QuarterRow {
    /// `working ÷ served × 100`, unrounded; `None` when nobody was served.
    pub fn rate(&self) -> Option<f64> {
        (self.served > 0).then(|| self.working as f64 / self.served as f64 * 100.0)
    }

    pub fn benchmark(&self) -> Option<Benchmark> {
        self.rate().map(Benchmark::of)
    }
}

#[derive(Debug, Clone)]
pub struct QuarterlyReport {
    pub group_kind: GroupKind,
    pub group_ids: Vec<String>,
    /// Groups by id, then quarters in order.
    pub rows: Vec<QuarterRow>,
}

impl QuarterlyReport {
    pub fn rule(&self) -> &'static str {
        QUARTERLY_RULE_ID
    }
}

/// The report for `from..=to` by `by`. The groups are those that work by IPS: teams whose
/// method is IPS and whoever holds an IPS course of the window (and their teams and offices);
/// the whole country is always listed. `data` must be loaded for the same window.
pub fn quarterly(data: &OutcomeData, from: NaiveDate, to: NaiveDate, by: GroupKind) -> QuarterlyReport {
    let grouping = Grouping::new(data, &OutcomeSpec { from, to, by, split: None });
    let quarters = periods(PeriodKind::Quarter, from, to);
    let courses: Vec<(usize, &OutcomeCourse)> = data
        .courses
        .iter()
        .filter(|c| c.method == Method::Ips && c.overlaps(from, to))
        .filter_map(|c| Some((c.staff.and_then(|s| grouping.of_staff[s])?, c)))
        .collect();

    let ips_teams = data.teams.iter().enumerate().filter(|(_, t)| t.method == Method::Ips);
    let mut shown: BTreeSet<usize> = ips_teams.filter_map(|(t, _)| grouping.of_team[t]).collect();
    shown.extend(courses.iter().map(|(g, _)| *g));
    if by == GroupKind::All {
        shown.insert(0);
    }
    let group_ids: Vec<String> = shown.iter().map(|&g| grouping.ids[g].clone()).collect();

    let mut rows = Vec::with_capacity(shown.len() * quarters.len());
    for (pos, &g) in shown.iter().enumerate() {
        let mine: Vec<&OutcomeCourse> = courses.iter().filter(|(cg, _)| *cg == g).map(|(_, c)| *c).collect();
        rows.extend(quarters.iter().map(|q| quarter(pos, q, &mine)));
    }
    QuarterlyReport { group_kind: by, group_ids, rows }
}

fn quarter(group: usize, q: &Period, courses: &[&OutcomeCourse]) -> QuarterRow {
    let (mut served, mut working, mut studying) = (HashSet::new(), HashSet::new(), HashSet::new());
    let mut new_jobs = 0;
    let took_place = |s: Option<EducationStatus>| {
        matches!(s, Some(EducationStatus::Ongoing | EducationStatus::Completed | EducationStatus::Interrupted))
    };
    for c in courses.iter().filter(|c| c.overlaps(q.start, q.end)) {
        served.insert(c.participant.as_str());
        let paid = c.jobs.iter().filter(|j| j.is_paid_work());
        if paid.clone().any(|j| j.overlaps(q.start, q.end)) {
            working.insert(c.participant.as_str());
        }
        new_jobs += paid.filter(|j| q.contains(j.start)).count() as u64;
        let in_education = |e: &&super::OutcomeEducation| {
            took_place(e.status) && e.start <= q.end && e.end.is_none_or(|end| end >= q.start)
        };
        if c.educations.iter().any(|e| in_education(&e)) {
            studying.insert(c.participant.as_str());
        }
    }
    QuarterRow {
        group,
        quarter: q.label.clone(),
        served: served.len() as u64,
        working: working.len() as u64,
        new_jobs,
        education: studying.len() as u64,
    }
}

/// The report as a file for Norwegian Excel, the same from the command line and the page:
/// the JSON fields as columns, `rate` with a decimal comma and empty when there is none.
/// With `suppress` (the aggregate roles' download), counts of 1–4 read `under 5`, and a rate
/// made from such a count is left empty with its benchmark.
pub fn csv(r: &QuarterlyReport, suppress: bool) -> String {
    use crate::excel::{EXCEL_BOM, excel_cell, excel_num};
    let hide = |n: u64| suppress && super::is_small(n);
    let count = |n: u64| if hide(n) { "under 5".to_owned() } else { n.to_string() };
    let mut out =
        format!("{EXCEL_BOM}rule;group_kind;group_id;quarter;served;working;new_jobs;education;rate;benchmark\r\n");
    for row in &r.rows {
        let shown = !hide(row.served) && !hide(row.working);
        out.push_str(&format!(
            "{};{};{};{};{};{};{};{};{};{}\r\n",
            r.rule(),
            r.group_kind.code(),
            excel_cell(&r.group_ids[row.group]),
            row.quarter,
            count(row.served),
            count(row.working),
            count(row.new_jobs),
            count(row.education),
            excel_num(row.rate().filter(|_| shown)),
            row.benchmark().filter(|_| shown).map_or("", Benchmark::code),
        ));
    }
    out
}

/// How the rule reads what the issue leaves open (English, for `docs/outcomes.md`).
pub const QUARTERLY_DECISIONS: [&str; 4] = [
    "Only courses whose method is IPS count, so a mixed team's rate here can differ from its K6, which counts \
     every course.",
    "Groups listed: the whole country always; teams with the method IPS and any team (or office, or job \
     specialist) that holds an IPS course of the window, even with zeros in a quarter.",
    "`new_jobs` counts jobs, not people: a participant who starts two paid jobs in a quarter adds two.",
    "Education counts when it took place in the quarter (`pagar`, `fullfort` or `avbrutt`, dates overlapping the \
     quarter); an education with no end is taken to run on.",
];

#[cfg(test)]
#[path = "quarterly_tests.rs"]
mod tests;
