//! Outcomes (resultater) of DOMAIN.md §10, rule `R1@1`: what became of the participants of
//! a window, counted by the same rule for every group, as pure functions of the data.
//!
//! A report is a list of rows, one per (group, split value, table, category), each a count
//! with its denominator and share. The order is fixed so that a report is byte-identical
//! whatever order the records were read in: groups by id, split values in [`split_values`]
//! order, tables in [`Table`] order, categories in the table's fixed order or, for the
//! tables of free values (phases, end causes, industries, reasons), by code with `ukjent`
//! last. Every group lists the same categories and split values (those of the whole
//! report), so groups can be laid side by side.

pub mod data;
pub mod quarterly;
mod rules;
mod tally;
pub mod text;

#[cfg(test)]
mod seed_tests;
#[cfg(test)]
pub(crate) mod tests;

use chrono::NaiveDate;

pub use data::{
    Background, OutcomeCourse, OutcomeData, OutcomeEducation, OutcomeJob, OutcomeReferral, OutcomeStaff, OutcomeTeam,
    Subsidy,
};
pub use rules::{PercentBand, PlacementCell, ReferralState, Status, UNKNOWN, band};
pub use text::{RULE_ID, markdown};

use crate::codes;
use crate::kpi::GroupKind;

codes! {
    /// The report's tables, in output order.
    pub enum Table {
        Population = "population",
        Status = "status",
        Phase = "fase",
        EndCause = "sluttarsak",
        Placement = "praksis",
        JobForm = "jobbform",
        Percent = "stillingsandel",
        Subsidy = "tilskudd",
        Industry = "bransje",
        Referrals = "henvisninger",
        RejectionReason = "avvisningsgrunn",
        Employers = "arbeidsgivere",
    }
}

codes! {
    /// What the tables can be split by: the participant's background, or the method.
    pub enum Split {
        NorwegianLevel = "norwegian_level",
        Interpreter = "interpreter",
        BirthYear = "birth_year",
        Method = "method",
    }
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct OutcomeSpec {
    pub from: NaiveDate,
    /// The day the status is read on.
    pub to: NaiveDate,
    pub by: GroupKind,
    pub split: Option<Split>,
}

/// One count of one category of one table, for one group (and split value).
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    /// Position in [`OutcomeReport::group_ids`].
    pub group: usize,
    /// `None` unless the report is split.
    pub split_value: Option<String>,
    pub table: Table,
    pub category: String,
    pub count: u64,
    /// `None` for a table that is a count, not a share (`arbeidsgivere`).
    pub denominator: Option<u64>,
    /// `count ÷ denominator × 100`, unrounded; `None` when the denominator is 0 or none.
    pub share: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct OutcomeReport {
    pub group_kind: GroupKind,
    pub group_ids: Vec<String>,
    pub split: Option<Split>,
    pub rows: Vec<OutcomeRow>,
}

impl OutcomeReport {
    pub fn rule(&self) -> &'static str {
        RULE_ID
    }
}

/// The tables a grouping has: referrals go to a team, not to a job specialist, so job
/// specialists' groups have no referral tables.
pub fn tables(by: GroupKind) -> Vec<Table> {
    let referrals = |t: &Table| !matches!(t, Table::Referrals | Table::RejectionReason);
    Table::ALL.iter().copied().filter(|t| by != GroupKind::JobSpecialist || referrals(t)).collect()
}

/// The split value of a background (and method) under `split`.
pub fn split_value(split: Split, background: &Background, method: crate::organisation::Method) -> String {
    use crate::participant::NorwegianLevel as L;
    match split {
        Split::NorwegianLevel => match background.norwegian_level {
            None => UNKNOWN,
            Some(L::None) => "ingen",
            Some(L::A1 | L::A1Plus | L::A2 | L::A2Plus) => "A",
            Some(L::B1 | L::B2Plus) => "B",
        }
        .to_owned(),
        Split::Interpreter => match background.interpreter {
            Some(true) => "ja",
            Some(false) => "nei",
            None => UNKNOWN,
        }
        .to_owned(),
        Split::BirthYear => match background.birth_year {
            Some(y) => {
                let start = y.div_euclid(10) * 10;
                format!("{start}-{}", start + 9)
            }
            None => UNKNOWN.to_owned(),
        },
        Split::Method => method.code().to_owned(),
    }
}

/// The split values every group lists: the fixed ones, or for birth years the bands that
/// occur in the data, by year with `ukjent` last.
pub fn split_values(split: Split, found: impl IntoIterator<Item = String>) -> Vec<String> {
    let fixed: &[&str] = match split {
        Split::NorwegianLevel => &["ingen", "A", "B", UNKNOWN],
        Split::Interpreter => &["ja", "nei", UNKNOWN],
        Split::Method => &["SE", "UO", "IPS"],
        Split::BirthYear => &[],
    };
    if !fixed.is_empty() {
        return fixed.iter().map(|s| (*s).to_owned()).collect();
    }
    let mut v: Vec<String> = found.into_iter().collect();
    v.sort_by(|a, b| (a == UNKNOWN, a).cmp(&(b == UNKNOWN, b)));
    v.dedup();
    v
}

/// The small-number rule of DOMAIN.md §10: a count of 1–4 could point to a person, so the
/// aggregate roles see it only as "under 5".
pub fn is_small(count: u64) -> bool {
    (1..=4).contains(&count)
}

/// Computes the report of `spec` over `data`.
pub fn compute(data: &OutcomeData, spec: &OutcomeSpec) -> OutcomeReport {
    tally::compute(data, spec)
}
