//! Jobs (arbeidsforhold): one per link in a chain, with a dated job-percentage history.
//! Unpaid placements are recorded here too, and are never work.

use chrono::NaiveDate;

use crate::codelist::StyrkCode;
use crate::codes;
use crate::id::ExtId;
use crate::problem::{Problem, not_before};

codes! {
    pub enum JobForm {
        Taster = "jobbsmak",
        WorkTraining = "arbeidstrening",
        OnCall = "tilkalling",
        FixedTerm = "tidsbegrenset",
        Permanent = "fast",
        Apprentice = "laerling",
        SelfEmployed = "selvstendig",
    }
}

impl JobForm {
    /// Jobbsmak and arbeidstrening are placements, not employment.
    pub fn is_unpaid_placement(self) -> bool {
        matches!(self, JobForm::Taster | JobForm::WorkTraining)
    }
}

codes! {
    pub enum EndedBy {
        Employee = "arbeidstaker",
        Employer = "arbeidsgiver",
        Mutual = "gjensidig",
        Expired = "utlopt",
    }
}

/// From `from`, the job is at `percent` of full time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PercentStep {
    pub from: NaiveDate,
    pub percent: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: ExtId,
    pub course: ExtId,
    pub employer: ExtId,
    pub form: JobForm,
    pub start: NaiveDate,
    pub title: Option<String>,
    pub styrk: Option<StyrkCode>,
    pub paid: Option<bool>,
    pub ordinary_terms: Option<bool>,
    /// Sorted by `from`, no two steps on the same day.
    pub percent: Vec<PercentStep>,
    pub hours_per_week: Option<f64>,
    pub probation_end: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub ended_by: Option<EndedBy>,
    pub end_reason: Option<String>,
    pub extensions: Option<u32>,
}

impl Job {
    /// Paid work in the sense of K5: a paid job of a working form.
    pub fn is_paid_work(&self) -> bool {
        !self.form.is_unpaid_placement() && self.paid == Some(true)
    }

    pub fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.form.is_unpaid_placement() && self.paid == Some(true) {
            out.push(Problem::new("paid", format!("{} is an unpaid placement", self.form)));
        }
        for (field, d) in [("probation_end", self.probation_end), ("planned_end", self.planned_end), ("end", self.end)]
        {
            not_before(&mut out, field, d, "start", self.start);
        }
        if self.ended_by.is_some() && self.end.is_none() {
            out.push(Problem::new("ended_by", "given for a job without end"));
        }
        if self.hours_per_week.is_some_and(|h| !(0.0..=100.0).contains(&h)) {
            out.push(Problem::new("hours_per_week", "must be between 0 and 100"));
        }
        let mut previous: Option<NaiveDate> = None;
        for step in &self.percent {
            if !(0.0..=100.0).contains(&step.percent) {
                out.push(Problem::new("percent", "each percent must be between 0 and 100"));
            }
            if previous.is_some_and(|p| step.from <= p) {
                out.push(Problem::new("percent", "steps must be in date order, one per date"));
            }
            previous = Some(step.from);
        }
        out
    }

    /// The job percentage on `day`, from the dated history.
    pub fn percent_on(&self, day: NaiveDate) -> Option<f64> {
        self.percent.iter().rev().find(|s| s.from <= day).map(|s| s.percent)
    }
}
