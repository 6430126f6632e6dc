//! Day facts summed while a bulk load writes its activities, so that the load need not read
//! every activity back at the end to build them (docs/facts.md). At national scale that
//! read-back was the longest single step after the rows were in.
//!
//! Only rows declared new are summed: a row that may overwrite one written before would be
//! counted twice, so the first such batch turns the load back to a rebuild at commit.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::Activity;
use jobbvei_domain::kpi::{ActivityFact, DayCounts};
use jobbvei_domain::time::oslo_date;

/// Each (user, Oslo day)'s counts of the activities seen so far.
#[derive(Debug, Default)]
pub(crate) struct DaySums {
    /// Users by position: a day is keyed by its user's position, not by a copy of the id,
    /// which keeps each of the national load's million-odd days to a few dozen bytes.
    users: Vec<String>,
    positions: HashMap<String, u32>,
    days: HashMap<(u32, NaiveDate), DayCounts>,
}

impl DaySums {
    pub fn add(&mut self, a: &Activity) {
        let user = match self.positions.get(a.user.as_str()) {
            Some(at) => *at,
            None => {
                let at = u32::try_from(self.users.len()).unwrap_or(u32::MAX);
                self.users.push(a.user.as_str().to_owned());
                self.positions.insert(a.user.as_str().to_owned(), at);
                at
            }
        };
        self.days.entry((user, oslo_date(a.start))).or_default().add(&fact_of(a));
    }

    /// Each user's days in order, users in order of id: the order of `activity_day`'s key.
    pub fn into_users(self) -> Vec<(String, Vec<(NaiveDate, DayCounts)>)> {
        let mut by_user: Vec<Vec<(NaiveDate, DayCounts)>> = vec![Vec::new(); self.users.len()];
        for ((user, day), counts) in self.days {
            if let Some(days) = by_user.get_mut(user as usize) {
                days.push((day, counts));
            }
        }
        let mut out: Vec<_> = self.users.into_iter().zip(by_user).collect();
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, days) in &mut out {
            days.sort_unstable_by_key(|(day, _)| *day);
        }
        out
    }
}

/// An activity as the rules see it: the same values `facts::activity!` decodes from the
/// activity's stored row, so summing here and rebuilding from the table agree (tested by
/// `facts check` after every bulk import in the exchange tests).
pub(crate) fn fact_of(a: &Activity) -> ActivityFact {
    ActivityFact {
        staff: 0,
        course: None,
        linked: a.course.is_some(),
        date: NaiveDate::MIN,
        kind: a.kind,
        status: a.status,
        channel: a.channel,
        decision_maker: a.decision_maker,
        subcategory: a.subcategory,
        out_of_office: a.out_of_office == Some(true),
        minutes: a.minutes,
        travel: a.travel_to.unwrap_or(0) + a.travel_from.unwrap_or(0),
    }
}
