//! The activity log: meetings, calls and other work, the raw material of K1, K1p and K2.

use chrono::{DateTime, Utc};

use crate::codes;
use crate::id::ExtId;
use crate::problem::Problem;

codes! {
    pub enum ActivityKind {
        ParticipantMeeting = "deltakermote",
        EmployerMeeting = "arbeidsgivermote",
        ThreePartyMeeting = "trekantsamtale",
        NetworkMeeting = "nettverksmote",
        PhoneSmsEmail = "telefon_sms_epost",
        TeamMeeting = "teammote",
        Other = "annet",
    }
}

codes! {
    pub enum ActivityStatus {
        Planned = "planlagt",
        Done = "gjennomfort",
        ParticipantNoShow = "deltaker_uteble",
        Cancelled = "avlyst",
    }
}

impl ActivityStatus {
    /// "Done" in DOMAIN.md §5: the job specialist was there, even if the participant was not.
    pub fn is_done(self) -> bool {
        matches!(self, ActivityStatus::Done | ActivityStatus::ParticipantNoShow)
    }
}

codes! {
    pub enum Channel { Physical = "fysisk", Digital = "digital", Phone = "telefon" }
}

codes! {
    /// What employer work was for. Only the first two develop jobs (K1).
    pub enum Subcategory {
        JobDevelopment = "jobbutvikling",
        RelationshipBuilding = "relasjonsbygging",
        JobSupport = "jobbstotte",
        FollowUp = "oppfolging",
    }
}

/// Longest duration or travel leg accepted for one activity, in minutes (a whole day).
pub const MAX_MINUTES: u32 = 24 * 60;

#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: ExtId,
    pub user: ExtId,
    pub kind: ActivityKind,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub status: ActivityStatus,
    pub channel: Option<Channel>,
    pub out_of_office: Option<bool>,
    pub travel_to: Option<u32>,
    pub travel_from: Option<u32>,
    pub course: Option<ExtId>,
    pub employer: Option<ExtId>,
    pub employer_contact: Option<ExtId>,
    pub decision_maker: Option<bool>,
    pub subcategory: Option<Subcategory>,
    pub place: Option<String>,
    pub note: Option<String>,
}

impl Activity {
    pub fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        for (field, v) in
            [("minutes", Some(self.minutes)), ("travel_to", self.travel_to), ("travel_from", self.travel_from)]
        {
            if v.is_some_and(|m| m > MAX_MINUTES) {
                out.push(Problem::new(field, format!("must be at most {MAX_MINUTES} minutes")));
            }
        }
        out
    }
}
