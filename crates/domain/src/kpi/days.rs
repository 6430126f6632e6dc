//! Day facts: what one user's activities of one day give K1, K1p and K2, kept by the store
//! beside the activities and updated on every write (docs/facts.md). A figure summed from
//! day facts equals the figure computed from the activities themselves, as both read the
//! per-activity rules of `rules.rs` and nothing else: [`DayCounts::add`] is the only place
//! that turns an activity into counts.

use chrono::NaiveDate;

use super::data::{ActivityFact, KpiData};
use super::rules::Kpi;

/// The figures that day facts hold, whose rule versions the stored facts are tagged with.
pub const DAY_KPIS: [Kpi; 3] = [Kpi::K1, Kpi::K1p, Kpi::K2];

/// The rule versions the day facts are built with, `K1@1,K1p@1,K2@1`. Stored with the facts:
/// when a rule gets a new version this tag changes and the store rebuilds them.
pub fn day_rules() -> String {
    DAY_KPIS.iter().map(|k| k.rule().id()).collect::<Vec<_>>().join(",")
}

/// What one user's activities of one day give the activity figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Every activity of the day, counted or not: a job specialist with any activity in a
    /// period has data there (a value, even if zero), one with none has no value.
    pub activities: u32,
    /// K1 meetings.
    pub k1: u32,
    /// K1p meetings: K1 meetings linked to a course.
    pub k1p: u32,
    /// K2's minutes out of office, travel included.
    pub k2_minutes: u64,
}

impl DayCounts {
    /// Adds one activity by the rules' own predicates.
    pub fn add(&mut self, a: &ActivityFact) {
        self.activities += 1;
        self.k1 += u32::from(a.is_k1());
        self.k1p += u32::from(a.is_k1p());
        self.k2_minutes += u64::from(a.k2_minutes());
    }

    pub fn of<'a>(activities: impl IntoIterator<Item = &'a ActivityFact>) -> DayCounts {
        let mut c = DayCounts::default();
        for a in activities {
            c.add(a);
        }
        c
    }

    /// What the day gives `kpi`'s numerator (a count, or K2's minutes).
    pub fn numerator(&self, kpi: Kpi) -> f64 {
        match kpi {
            Kpi::K1 => f64::from(self.k1),
            Kpi::K1p => f64::from(self.k1p),
            _ => self.k2_minutes as f64,
        }
    }
}

/// One user's facts of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFact {
    /// Position in [`KpiData::staff`].
    pub staff: usize,
    pub date: NaiveDate,
    pub counts: DayCounts,
}

impl KpiData {
    /// The day facts of [`KpiData::activities`], by staff and date: what the store keeps, as
    /// the tests build it from the same activities.
    pub fn day_facts(&self) -> Vec<DayFact> {
        let mut keyed: Vec<(usize, NaiveDate, &ActivityFact)> =
            self.activities.iter().map(|a| (a.staff, a.date, a)).collect();
        keyed.sort_by_key(|(s, d, _)| (*s, *d));
        let mut out: Vec<DayFact> = Vec::new();
        for (staff, date, a) in keyed {
            match out.last_mut() {
                Some(f) if f.staff == staff && f.date == date => f.counts.add(a),
                _ => out.push(DayFact { staff, date, counts: DayCounts::of([a]) }),
            }
        }
        out
    }
}
