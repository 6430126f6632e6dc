//! Effect evaluation, DOMAIN.md §11: time to first paid job by Kaplan–Meier, and groups
//! compared by the log-rank test (rule `R2@1`).
//!
//! The statistics ([`kaplan_meier`], [`log_rank`]) are pure functions over plain
//! observations, kept apart from the rule that makes observations of courses
//! ([`records`]), so that each can be checked on its own: the first against textbook
//! data, the second against hand-made records.

mod chi2;
mod km;
mod logrank;
pub mod records;

#[cfg(test)]
mod records_tests;
#[cfg(test)]
mod tests;

pub use chi2::chi2_upper_tail;
pub use km::{AT_RISK_DAYS, CurveRow, KaplanMeier, Point, kaplan_meier};
pub use logrank::{LogRank, log_rank};
pub use records::{
    GroupCurve, LevelBand, StartedCourse, SurvivalBy, SurvivalData, SurvivalReport, SurvivalSpec, compute, observe,
};

/// The rule's id, printed with every report; a change to the rule gets a new version.
pub const RULE: &str = "R2@1";

/// One unit followed from day 0: either the event happened on day `days`, or the unit was
/// last seen without it on that day (censored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    pub days: u32,
    pub event: bool,
}

impl Observation {
    pub const fn event(days: u32) -> Observation {
        Observation { days, event: true }
    }

    pub const fn censored(days: u32) -> Observation {
        Observation { days, event: false }
    }
}
