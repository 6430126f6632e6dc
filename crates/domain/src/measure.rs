//! Measures (virkemidler): drafted by the job specialist, decided by the veileder.

use chrono::NaiveDate;

use crate::codes;
use crate::id::ExtId;
use crate::problem::{Problem, not_before};

codes! {
    pub enum MeasureKind {
        TemporaryWageSubsidy = "lonnstilskudd_midlertidig",
        PermanentWageSubsidy = "lonnstilskudd_varig",
        MentorGrant = "mentortilskudd",
        InclusionGrant = "inkluderingstilskudd",
        WorkTraining = "arbeidstrening",
        Course = "kurs_opplaering",
    }
}

codes! {
    pub enum MeasureStatus {
        Draft = "utkast",
        SentToVeileder = "sendt_veileder",
        Granted = "innvilget",
        Declined = "avslatt",
        Active = "aktiv",
        Ended = "avsluttet",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: ExtId,
    pub course: ExtId,
    pub kind: MeasureKind,
    pub status: MeasureStatus,
    pub job: Option<ExtId>,
    pub percent: Option<f64>,
    pub hours: Option<f64>,
    pub amount_nok: Option<f64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub decided_by: Option<ExtId>,
    pub reason: Option<String>,
}

impl Measure {
    pub fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.status == MeasureStatus::Declined && crate::course::blank(&self.reason) {
            out.push(Problem::new("reason", "required when status is avslatt"));
        }
        if let Some(from) = self.from {
            not_before(&mut out, "to", self.to, "from", from);
        }
        if self.percent.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
            out.push(Problem::new("percent", "must be between 0 and 100"));
        }
        for (field, v) in [("hours", self.hours), ("amount_nok", self.amount_nok)] {
            if v.is_some_and(|v| v < 0.0) {
                out.push(Problem::new(field, "must not be negative"));
            }
        }
        out
    }
}
