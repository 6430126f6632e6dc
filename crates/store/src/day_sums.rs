//! Day facts summed while a bulk load writes its activities, so that the load need not read
//! every activity back at the end to build them (docs/facts.md). At national scale that
//! read-back was the longest single step after the rows were in.
//!
//! The course and job facts are gathered the same way: each course's K1p and follow-up dates
//! ([`LinkedDates`]), decided against the courses' and jobs' starts once all are written.
//!
//! Only rows declared new are summed: a row that may overwrite one written before would be
//! counted twice, so the first such batch turns the load back to a rebuild at commit.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::Activity;
use jobbvei_domain::kpi::marks::LinkedDates;
use jobbvei_domain::kpi::{ActivityFact, DayCounts};

use crate::facts_scan::UserDays;

/// Each (user, Oslo day)'s counts of the activities seen so far.
#[derive(Debug, Default)]
pub(crate) struct DaySums {
    /// Users by position: a day is keyed by its user's position, not by a copy of the id,
    /// which keeps each of the national load's million-odd days to a few dozen bytes.
    users: Vec<String>,
    positions: HashMap<String, u32>,
    days: HashMap<(u32, NaiveDate), DayCounts>,
    /// What the course and job facts need of each course's activities, by course id: only
    /// courses with an activity that counts for either.
    linked: HashMap<String, LinkedDates>,
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
        // The rules' view of the activity through `StoredActivity`, as `facts::activity!`
        // decodes its row, so summing here and rebuilding from the table agree (tested by
        // `facts check` after every bulk import in the exchange tests).
        let fact = ActivityFact::of(a);
        self.days.entry((user, fact.date)).or_default().add(&fact);
        if let Some(course) = &a.course {
            match self.linked.get_mut(course.as_str()) {
                Some(dates) => dates.add(&fact),
                None => {
                    let mut dates = LinkedDates::default();
                    dates.add(&fact);
                    if !dates.is_empty() {
                        self.linked.insert(course.as_str().to_owned(), dates);
                    }
                }
            }
        }
    }

    /// Each user's days in order, users in order of id (the order of `activity_day`'s key),
    /// and what each course's facts need of its activities.
    pub fn into_parts(self) -> (Vec<(String, UserDays)>, HashMap<String, LinkedDates>) {
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
        (out, self.linked)
    }
}
