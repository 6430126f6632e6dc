//! Follow-up after hiring (etteroppfølging): planned checks on a job, with the areas looked at.

use chrono::NaiveDate;

use crate::codes;
use crate::id::ExtId;

codes! {
    /// The areas of a follow-up plan (DOMAIN.md §4).
    pub enum FollowupArea {
        JobPercentage = "stillingsprosent",
        Tasks = "arbeidsoppgaver",
        Training = "opplaering",
        Colleagues = "kolleger_mentor",
        Language = "sprak",
        Health = "helse",
        Family = "familie",
        Housing = "bolig",
        Economy = "okonomi",
        Career = "karriere",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowupCheck {
    pub id: ExtId,
    pub course: ExtId,
    pub job: ExtId,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
    pub areas: Vec<FollowupArea>,
    pub note: Option<String>,
}
