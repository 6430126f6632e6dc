//! The numbers behind the chart as the tables give them: S with its 95 % interval on the
//! at-risk days, and each drawn curve day by day, so that what the bands show can be read
//! without seeing them.

use jobbvei_domain::survival::{AT_RISK_DAYS, KaplanMeier};

/// S on one at-risk day, written out.
pub(crate) struct SurvivalAt {
    pub day: u32,
    pub survival: String,
    pub interval: String,
}

pub(crate) struct DayRow {
    pub day: u32,
    pub at_risk: usize,
    pub events: usize,
    pub censored: usize,
    pub survival: String,
    pub lower: String,
    pub upper: String,
}

/// One drawn curve, day by day.
pub(crate) struct DayTable {
    pub name: String,
    pub rows: Vec<DayRow>,
}

/// A share of 1 as the pages write percentages: one decimal and a comma.
pub(crate) fn percent(v: f64) -> String {
    format!("{:.1} %", v * 100.0).replace('.', ",")
}

fn bound(v: Option<f64>) -> String {
    v.map(percent).unwrap_or_default()
}

/// S and its interval on each at-risk day after day 0 (where S is 1); blank for a hidden
/// group and after the last day followed.
pub(crate) fn survival_at(curve: &KaplanMeier, hidden: bool) -> Vec<SurvivalAt> {
    AT_RISK_DAYS[1..]
        .iter()
        .map(|&day| match curve.at(day).filter(|_| !hidden) {
            None => SurvivalAt { day, survival: String::new(), interval: String::new() },
            Some(p) => SurvivalAt {
                day,
                survival: percent(p.survival),
                interval: match (p.lower, p.upper) {
                    (Some(l), Some(u)) => format!("{}–{}", percent(l), percent(u)),
                    _ => String::new(),
                },
            },
        })
        .collect()
}

pub(crate) fn days(name: &str, curve: &KaplanMeier) -> DayTable {
    let rows = curve
        .rows
        .iter()
        .map(|r| DayRow {
            day: r.day,
            at_risk: r.at_risk,
            events: r.events,
            censored: r.censored,
            survival: percent(r.survival),
            lower: bound(r.lower),
            upper: bound(r.upper),
        })
        .collect();
    DayTable { name: name.to_owned(), rows }
}

#[cfg(test)]
mod tests {
    use jobbvei_domain::survival::{Observation, kaplan_meier};

    use super::*;

    #[test]
    fn survival_on_the_at_risk_days_with_its_interval() {
        // Day 50: 4 at risk, 1 event: S = 75 %; day 100: 3 at risk, 1 event: S = 50 %;
        // followed to day 400.
        let km = kaplan_meier(&[
            Observation::event(50),
            Observation::event(100),
            Observation::censored(200),
            Observation::censored(400),
        ]);
        let at = survival_at(&km, false);
        let s: Vec<&str> = at.iter().map(|a| a.survival.as_str()).collect();
        assert_eq!(s, ["75,0 %", "50,0 %", "50,0 %", ""]);
        let row = &km.rows[1];
        assert_eq!(at[1].interval, format!("{}–{}", percent(row.lower.unwrap()), percent(row.upper.unwrap())));
        assert!(survival_at(&km, true).iter().all(|a| a.survival.is_empty() && a.interval.is_empty()));
        let t = days("SE", &km);
        assert_eq!(
            t.rows.iter().map(|r| (r.day, r.at_risk, r.events)).collect::<Vec<_>>(),
            [(50, 4, 1), (100, 3, 1), (200, 2, 0), (400, 1, 0)]
        );
        assert_eq!(t.rows[0].survival, "75,0 %");
        assert_eq!(t.rows[3].lower, percent(km.rows[3].lower.unwrap()));
        // All at risk have the event: S = 0 and no interval.
        let t = days("IPS", &kaplan_meier(&[Observation::event(3)]));
        assert_eq!(
            (t.rows[0].survival.as_str(), t.rows[0].lower.as_str(), t.rows[0].upper.as_str()),
            ("0,0 %", "", "")
        );
    }
}
