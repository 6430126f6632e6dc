//! One line of the exchange format, parsed: a record of one of the fifteen types of version 1.0
//! or of the types version 1.1 adds ([`CASE_TYPES`]).

use jobbvei_domain::{Activity, Course, Education, Employer, EmployerContact, FollowupCheck, Job, Measure};
use jobbvei_domain::{Office, Participant, PassivePeriod, PhaseEntry, Referral, Team, User};

use crate::casefile::{CASE_TYPES, CaseRecord, case_rank};

/// A parsed, checked record. References are not yet resolved: the importer does that.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Office(Office),
    Team(Team),
    User(User),
    Employer(Employer),
    EmployerContact(EmployerContact),
    Participant(Participant),
    Referral(Referral),
    Course(Course),
    Phase(PhaseEntry),
    Passive(PassivePeriod),
    Job(Job),
    Education(Education),
    Measure(Measure),
    Activity(Activity),
    FollowupCheck(FollowupCheck),
    /// A Jobbvei-side record of version 1.1.
    Case(CaseRecord),
}

/// The record types of version 1.0 in the order an export writes them and an import must see
/// them: every type refers only to types before it. The types of version 1.1 follow them, in
/// [`CASE_TYPES`] order.
pub const TYPES: [&str; 15] = [
    "office",
    "team",
    "user",
    "employer",
    "employer_contact",
    "participant",
    "referral",
    "course",
    "phase",
    "passive",
    "job",
    "education",
    "measure",
    "activity",
    "followup_check",
];

/// How many record types there are, 1.0 and 1.1 together.
pub const TYPE_COUNT: usize = TYPES.len() + CASE_TYPES.len();

/// Every record type, 1.0 then 1.1, in export order.
pub fn all_types() -> impl Iterator<Item = &'static str> {
    TYPES.iter().copied().chain(CASE_TYPES.iter().map(|t| t.name))
}

impl Record {
    /// The `"type"` of this record in the exchange format.
    pub fn type_name(&self) -> &'static str {
        match self {
            Record::Case(x) => x.kind.name,
            _ => TYPES[self.rank()],
        }
    }

    /// Position in [`all_types`].
    pub fn rank(&self) -> usize {
        match self {
            Record::Office(_) => 0,
            Record::Team(_) => 1,
            Record::User(_) => 2,
            Record::Employer(_) => 3,
            Record::EmployerContact(_) => 4,
            Record::Participant(_) => 5,
            Record::Referral(_) => 6,
            Record::Course(_) => 7,
            Record::Phase(_) => 8,
            Record::Passive(_) => 9,
            Record::Job(_) => 10,
            Record::Education(_) => 11,
            Record::Measure(_) => 12,
            Record::Activity(_) => 13,
            Record::FollowupCheck(_) => 14,
            Record::Case(x) => TYPES.len() + case_rank(x.kind),
        }
    }
}
