//! How an activity becomes what the rules read ([`ActivityFact`]): the one place that says
//! what its stored fields mean to them. The store decodes rows and packed records into
//! [`StoredActivity`] and a bulk load hands over domain [`Activity`] values; both end here,
//! so the facts built on write, the facts rebuilt from the table and the reports agree.

use chrono::NaiveDate;

use super::data::ActivityFact;
use crate::activity::{Activity, ActivityKind, ActivityStatus, Channel, Subcategory};
use crate::time::oslo_date;

/// An activity's fields as stored, parsed but not yet read by the rules. Lengths are as the
/// database holds them, which may be absent or negative (no form writes that, an old import
/// may have).
#[derive(Debug, Clone, Copy)]
pub struct StoredActivity {
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    pub channel: Option<Channel>,
    pub decision_maker: Option<bool>,
    pub subcategory: Option<Subcategory>,
    pub out_of_office: Option<bool>,
    pub minutes: Option<i64>,
    pub travel_to: Option<i64>,
    pub travel_from: Option<i64>,
    /// Linked to a course, loaded or not.
    pub linked: bool,
}

impl StoredActivity {
    /// Only status and kind: what a load that reads no meeting or time field holds. The
    /// figures it serves look at nothing else.
    pub fn bare(kind: ActivityKind, status: ActivityStatus) -> StoredActivity {
        StoredActivity {
            kind,
            status,
            channel: None,
            decision_maker: None,
            subcategory: None,
            out_of_office: None,
            minutes: None,
            travel_to: None,
            travel_from: None,
            linked: false,
        }
    }

    /// The activity as the rules see it, placed at `staff`, `course` and `date` of a load.
    /// Out of office only when set to yes; a negative or absent length or travel counts as
    /// none; travel is to and from together.
    pub fn fact(self, staff: usize, course: Option<usize>, date: NaiveDate) -> ActivityFact {
        let minutes = |v: Option<i64>| v.and_then(|m| u32::try_from(m).ok()).unwrap_or(0);
        ActivityFact {
            staff,
            course,
            linked: self.linked,
            date,
            kind: self.kind,
            status: self.status,
            channel: self.channel,
            decision_maker: self.decision_maker,
            subcategory: self.subcategory,
            out_of_office: self.out_of_office == Some(true),
            minutes: minutes(self.minutes),
            travel: minutes(self.travel_to).saturating_add(minutes(self.travel_from)),
        }
    }
}

impl From<&Activity> for StoredActivity {
    fn from(a: &Activity) -> StoredActivity {
        StoredActivity {
            kind: a.kind,
            status: a.status,
            channel: a.channel,
            decision_maker: a.decision_maker,
            subcategory: a.subcategory,
            out_of_office: a.out_of_office,
            minutes: Some(i64::from(a.minutes)),
            travel_to: a.travel_to.map(i64::from),
            travel_from: a.travel_from.map(i64::from),
            linked: a.course.is_some(),
        }
    }
}

impl ActivityFact {
    /// A domain activity as the rules see it, on its Oslo date. Its staff and course are
    /// positions in a load, which an activity outside one has not: the first, and none.
    pub fn of(a: &Activity) -> ActivityFact {
        StoredActivity::from(a).fact(0, None, oslo_date(a.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_lengths_read_as_the_rules_count_them() {
        let s = StoredActivity {
            out_of_office: Some(true),
            minutes: Some(-5),
            travel_to: Some(10),
            travel_from: None,
            ..StoredActivity::bare(ActivityKind::EmployerMeeting, ActivityStatus::Done)
        };
        let d = NaiveDate::MIN;
        let f = s.fact(3, Some(1), d);
        assert_eq!((f.staff, f.course, f.out_of_office, f.minutes, f.travel), (3, Some(1), true, 0, 10));
        let f = StoredActivity { out_of_office: Some(false), minutes: Some(45), travel_from: Some(7), ..s }
            .fact(0, None, d);
        assert_eq!((f.out_of_office, f.minutes, f.travel), (false, 45, 17));
        assert!(!StoredActivity { out_of_office: None, ..s }.fact(0, None, d).out_of_office);
        let huge = StoredActivity { travel_to: Some(i64::from(u32::MAX)), travel_from: Some(1), ..s };
        assert_eq!(huge.fact(0, None, d).travel, u32::MAX);
    }
}
