//! One line of the exchange format, parsed: a record of one of the fifteen types.

use jobbvei_domain::{Activity, Course, Education, Employer, EmployerContact, FollowupCheck, Job, Measure};
use jobbvei_domain::{Office, Participant, PassivePeriod, PhaseEntry, Referral, Team, User};

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
}

/// The record types in the order an export writes them and an import must see them:
/// every type refers only to types before it.
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

impl Record {
    /// The `"type"` of this record in the exchange format.
    pub fn type_name(&self) -> &'static str {
        TYPES[self.rank()]
    }

    /// Position in [`TYPES`].
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
        }
    }
}
