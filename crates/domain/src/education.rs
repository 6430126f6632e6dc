//! Supported education: a positive outcome of its own, apart from work.

use chrono::NaiveDate;

use crate::codes;
use crate::id::ExtId;
use crate::problem::{Problem, not_before};

codes! {
    pub enum EducationStatus {
        Planned = "planlagt",
        Ongoing = "pagar",
        Completed = "fullfort",
        Interrupted = "avbrutt",
        Applied = "sokt",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Education {
    pub id: ExtId,
    pub course: ExtId,
    pub level: String,
    pub start: NaiveDate,
    pub status: Option<EducationStatus>,
    pub programme: Option<String>,
    pub institution: Option<String>,
    pub end: Option<NaiveDate>,
}

impl Education {
    pub fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        not_before(&mut out, "end", self.end, "start", self.start);
        out
    }
}
