//! Effect evaluation beyond the curves of [`crate::survival`] (DOMAIN.md §11): two groups
//! compared after exact matching on the participants' background (rule `R4@1`), and the
//! pseudonymised research extract with its k-anonymity.
//!
//! Both read the outcome rule's projection of the records ([`crate::outcomes::OutcomeData`]),
//! so a course's status is §10's and its time to first paid job is §11's
//! ([`crate::survival::observe`]); nothing here counts either again.

mod compare;
mod county;
mod extract;
mod matching;
mod pseudonym;

#[cfg(test)]
mod compare_tests;
#[cfg(test)]
mod extract_tests;

pub use compare::{CompareKind, CompareReport, CompareSpec, GroupRef, Side, StatusShare, compare, known};
pub use county::{Region, county_of, region_of};
pub use extract::{
    COLUMNS, Extract, ExtractRow, ExtractSpec, Generalisation, Identity, MAX_SUPPRESSED_PERCENT, extract,
};
pub use matching::exact_match;
pub use pseudonym::{KeyTooShort, PseudonymKey};

use crate::kpi::GroupKind;
use crate::outcomes::{Background, OutcomeCourse, OutcomeData, Split, split_value};

/// The rule id of the matched comparison, printed with every comparison.
pub const RULE: &str = "R4@1";

/// The participant's birth-year band (ten years, `ukjent` when unknown), Norwegian level
/// band and interpreter need, written as the outcome report's splits write them.
fn background_codes(background: &Background, course: &OutcomeCourse) -> [String; 3] {
    [Split::BirthYear, Split::NorwegianLevel, Split::Interpreter].map(|s| split_value(s, background, course.method))
}

/// The team or office a course belongs to through its job specialist, as the outcome
/// report groups it; `None` for a job specialist without a team.
fn place_of<'a>(data: &'a OutcomeData, course: &OutcomeCourse, kind: GroupKind) -> Option<&'a str> {
    let team = course.staff.and_then(|s| data.staff[s].team)?;
    match kind {
        GroupKind::Team => Some(data.teams[team].id.as_str()),
        GroupKind::Office => data.teams[team].office.map(|o| data.offices[o].as_str()),
        GroupKind::JobSpecialist | GroupKind::All => None,
    }
}
