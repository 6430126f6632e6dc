//! Pre-filling a review (DOMAIN.md §6): for each item of an instrument that routine data can
//! score, the team's figure over the review's whole period, how many rows make it, and the score
//! the item's bands suggest. The reviewers still decide; this only saves them the counting.

use chrono::NaiveDate;

#[path = "prefill_outcome.rs"]
mod outcome;

use super::{Instrument, Measure, PrefillTarget, instrument, instruments};
use crate::kpi::{self, GroupKind, Kpi, KpiData, KpiReport, KpiRow, KpiSpec, PeriodKind};

/// One item with its routine figure.
#[derive(Debug, Clone, PartialEq)]
pub struct PrefilledItem {
    /// The item's number in its instrument.
    pub item: u32,
    pub measure: Measure,
    /// `None` when the team has no data for the figure: never a made-up zero.
    pub value: Option<f64>,
    /// The suggested item score (1–5). `None` without a value, where the bands suggest nothing,
    /// and where the figure decides only one element of an element-counting item: that 0/1 is
    /// the reviewer's input to the item, not the item's score.
    pub score: Option<u8>,
    /// How many rows make the figure; 0 when there is no value.
    pub rows: u64,
}

/// The KPIs the measures read; K8 is counted per job here instead.
const KPIS: [Kpi; 5] = [Kpi::K1p, Kpi::K2, Kpi::K3, Kpi::K4, Kpi::K9];

/// An instrument by the name a user types: its id for the newest version (`ips-25`), or
/// `<id>-<version>` as its file is named (`kvalitetsveileder-2019`).
pub fn find(name: &str) -> Option<&'static Instrument> {
    instrument(name).or_else(|| instruments().iter().find(|i| format!("{}-{}", i.id, i.version) == name))
}

/// The instruments' `<id>-<version>` names, for a message that says what [`find`] accepts.
pub fn names() -> Vec<String> {
    instruments().iter().map(|i| format!("{}-{}", i.id, i.version)).collect()
}

/// The pre-filled items of `instrument` for team `team` (its exchange id) over `from..=to` as
/// one period, in item order; items without a prefill are left out. `data` needs the team's
/// courses, jobs and the activities of `from..=to` (what `kpi_data` loads for a team).
pub fn prefill(
    instrument: &Instrument,
    data: &KpiData,
    from: NaiveDate,
    to: NaiveDate,
    team: &str,
) -> Vec<PrefilledItem> {
    let spec = KpiSpec { from, to, by: GroupKind::Team, period: PeriodKind::Range, kpis: KPIS.to_vec() };
    let figures = Figures {
        report: kpi::compute(data, &spec),
        data,
        from,
        to,
        team: data.teams.iter().position(|t| t.id == team),
        team_id: team,
    };
    instrument
        .items
        .iter()
        .flat_map(|item| item.prefill.iter().map(move |p| (item.number, p)))
        .map(|(item, p)| {
            let (value, rows) = figures.of(p.measure);
            let rows = if value.is_some() { rows } else { 0 };
            let score = match p.target {
                PrefillTarget::Item => value.and_then(|v| p.score(v)),
                PrefillTarget::Element(_) => None,
            };
            PrefilledItem { item, measure: p.measure, value, score, rows }
        })
        .collect()
}

struct Figures<'a> {
    data: &'a KpiData,
    report: KpiReport,
    from: NaiveDate,
    to: NaiveDate,
    /// Position in [`KpiData::teams`].
    team: Option<usize>,
    /// The report's name for the team's group.
    team_id: &'a str,
}

impl Figures<'_> {
    /// (value, rows) of a measure.
    fn of(&self, m: Measure) -> (Option<f64>, u64) {
        let count = |v: Option<f64>| v.map_or(0, |n| n as u64);
        let by_numerator = |r: Option<&KpiRow>| r.map_or((None, 0), |r| (r.value, count(r.numerator)));
        let by_denominator = |r: Option<&KpiRow>| r.map_or((None, 0), |r| (r.value, count(r.denominator)));
        match m {
            Measure::K3MedianDays => by_numerator(self.row(Kpi::K3, None)),
            Measure::K1pPerFteWeek => by_numerator(self.row(Kpi::K1p, None)),
            // K2's numerator is minutes; the rows are the activities that give them.
            Measure::K2Percent => (self.row(Kpi::K2, None).and_then(|r| r.value), self.out_of_office()),
            Measure::K9DistinctStyrkShare => by_denominator(self.row(Kpi::K9, Some("styrk"))),
            Measure::K9DistinctEmployerShare => by_denominator(self.row(Kpi::K9, Some("employer"))),
            Measure::CaseloadPerFte => by_numerator(self.row(Kpi::K4, None)),
            Measure::K8FollowupMonths => self.all_six_months(),
            Measure::WeeksReferralToFirstJob => outcome::weeks_to_first_job(self),
            Measure::IntoWorkPercent => outcome::into_work(self),
            Measure::InWorkSixMonthsPercent => outcome::in_work_after_six_months(self),
        }
    }

    fn row(&self, kpi: Kpi, dimension: Option<&str>) -> Option<&KpiRow> {
        let g = self.report.group_ids.iter().position(|id| id == self.team_id)?;
        self.report.rows.iter().find(|r| r.kpi == kpi && r.group == g && r.dimension == dimension)
    }

    fn in_team(&self, staff: Option<usize>) -> bool {
        self.team.is_some() && staff.and_then(|s| self.data.staff[s].team) == self.team
    }

    /// The activities K2 counts: done, out of office, by the team's job specialists, in range.
    fn out_of_office(&self) -> u64 {
        let counted = self.data.activities.iter().filter(|a| {
            self.data.staff[a.staff].job_specialist
                && self.in_team(Some(a.staff))
                && (self.from..=self.to).contains(&a.date)
                && a.k2_minutes() > 0
        });
        counted.count() as u64
    }

    /// The percent of the team's paid jobs started in range and 6 months old by `to` whose
    /// K8 count is 6 of 6; the rows are those jobs.
    fn all_six_months(&self) -> (Option<f64>, u64) {
        let (mut measured, mut all_six) = (0u64, 0u64);
        for (j, months) in self.data.jobs.iter().zip(self.data.followup_months(self.to)) {
            let Some(months) = months else { continue };
            if j.start < self.from || j.start > self.to || !self.in_team(self.data.courses[j.course].staff) {
                continue;
            }
            measured += 1;
            all_six += u64::from(months == 6);
        }
        ((measured > 0).then(|| all_six as f64 / measured as f64 * 100.0), measured)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::activity::{ActivityKind as K, ActivityStatus as S, Channel as C, Subcategory as Sub};
    use crate::kpi::{ActivityFact, CourseFact, JobFact, StaffFact, TeamFact};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 1 January (a Monday) to 28 July 2024: 31 + 29 + 31 + 30 + 31 + 30 + 28 = 210 days = 30
    /// weeks; team t1's job specialists have 1.0 + 0.5 = 1.5 FTE, so 45 FTE-weeks.
    const FROM: &str = "2024-01-01";
    const TO: &str = "2024-07-28";

    /// A done, physical K1 meeting with a decision maker, for job development.
    fn k1(staff: usize, course: Option<usize>, date: NaiveDate) -> ActivityFact {
        ActivityFact {
            staff,
            course,
            linked: course.is_some(),
            date,
            kind: K::EmployerMeeting,
            status: S::Done,
            channel: Some(C::Physical),
            decision_maker: Some(true),
            subcategory: Some(Sub::JobDevelopment),
            out_of_office: false,
            minutes: 60,
            travel: 0,
        }
    }

    fn out_of_office(staff: usize, date: NaiveDate, status: S) -> ActivityFact {
        ActivityFact {
            kind: K::NetworkMeeting,
            status,
            decision_maker: None,
            subcategory: None,
            out_of_office: true,
            minutes: 240,
            travel: 30,
            ..k1(staff, None, date)
        }
    }

    /// A participant meeting on a course: follow-up after hiring (K8).
    fn followup(course: usize, date: &str) -> ActivityFact {
        ActivityFact { kind: K::ParticipantMeeting, subcategory: None, ..k1(0, Some(course), d(date)) }
    }

    fn job(course: usize, start: &str, paid_work: bool, styrk: Option<&str>, employer: &str) -> JobFact {
        JobFact {
            id: format!("j-{course}-{start}"),
            course,
            start: d(start),
            end: None,
            paid_work,
            subsidised: false,
            styrk: styrk.map(Into::into),
            employer: employer.into(),
        }
    }

    /// Team t1: js1 (100 %), js2 (50 %), mv1 (the team lead, not a job specialist); team t2: js3.
    /// `c1_contact` is the day of course c1's first K1p meeting.
    fn team(c1_contact: &str) -> KpiData {
        let staff = |id: &str, team, fte, js| StaffFact {
            id: id.into(),
            team: Some(team),
            fte,
            job_specialist: js,
            member: true,
        };
        let course = |js, start: &str, end: Option<&str>| CourseFact {
            id: String::new(),
            participant: String::new(),
            staff: Some(js),
            start: d(start),
            end: end.map(d),
            referred: None,
            ended_to_work: false,
            passive: Vec::new(),
        };
        let mut data = KpiData {
            offices: vec!["0314".into()],
            teams: vec![TeamFact { id: "t1".into(), office: Some(0) }, TeamFact { id: "t2".into(), office: Some(0) }],
            staff: vec![
                staff("js1", 0, 1.0, true),
                staff("js2", 0, 0.5, true),
                staff("mv1", 0, 1.0, false),
                staff("js3", 1, 1.0, true),
            ],
            ..KpiData::default()
        };
        data.courses = vec![
            course(0, "2023-06-01", None),               // c0
            course(0, "2024-02-01", None),               // c1
            course(1, "2024-02-10", None),               // c2
            course(0, "2024-03-01", None),               // c3
            course(0, "2024-04-01", None),               // c4: no employer contact yet
            course(1, "2023-11-01", None),               // c5
            course(1, "2023-09-01", None),               // c6: passive from 1 July
            course(3, "2024-02-01", None),               // c7: team t2
            course(0, "2024-01-15", Some("2024-05-31")), // c8: ended, no employer contact
        ];
        for (i, c) in data.courses.iter_mut().enumerate() {
            (c.id, c.participant) = (format!("c{i}"), format!("p{i}"));
        }
        data.courses[6].passive.push((d("2024-07-01"), None));
        let from = d(FROM);
        let mut a = vec![
            k1(0, Some(1), d(c1_contact)),
            k1(0, Some(1), d("2024-04-10")),
            ActivityFact { channel: Some(C::Digital), ..k1(0, Some(1), d("2024-02-15")) }, // not K1
            k1(1, Some(2), d("2024-02-20")),
            k1(2, Some(3), d("2024-06-09")), // the team lead's: K3 yes, K1p per FTE no
            k1(3, Some(7), d("2024-02-02")), // team t2
            ActivityFact { status: S::ParticipantNoShow, ..k1(0, None, d("2024-03-05")) }, // K1, no course
            k1(0, Some(0), d("2023-12-20")), // before the range
        ];
        a.extend((0..87).map(|i| k1(i % 2, Some(0), from + Duration::days(2 * i as i64))));
        // The first is a no-show: still done, the job specialist was there.
        let status = |i| if i == 0 { S::ParticipantNoShow } else { S::Done };
        a.extend((0..150).map(|i| out_of_office(i % 2, from + Duration::days(i as i64), status(i))));
        a.extend([
            out_of_office(0, d("2024-03-06"), S::Cancelled),
            ActivityFact { out_of_office: false, minutes: 600, ..out_of_office(0, d("2024-03-06"), S::Done) },
            out_of_office(2, d("2024-03-06"), S::Done), // the team lead
            out_of_office(3, d("2024-03-06"), S::Done), // team t2
            out_of_office(0, d("2024-07-29"), S::Done), // after the range
        ]);
        // Follow-up of the first three jobs: j1 (c0) and j3 (c6) in all 6 months, j2 (c5) in 5.
        for date in ["2024-01-15", "2024-04-12", "2024-05-12", "2024-06-12"] {
            a.push(followup(0, date));
        }
        a.push(ActivityFact { kind: K::PhoneSmsEmail, subcategory: Some(Sub::FollowUp), ..followup(0, "2024-02-12") });
        a.push(ActivityFact {
            kind: K::EmployerMeeting,
            subcategory: Some(Sub::JobSupport),
            ..followup(0, "2024-03-12")
        });
        for date in ["2024-01-25", "2024-02-25", "2024-03-25", "2024-04-25", "2024-05-25"] {
            a.push(followup(5, date));
        }
        a.push(ActivityFact { status: S::Cancelled, ..followup(5, "2024-06-25") });
        a.push(ActivityFact { channel: Some(C::Digital), ..k1(0, Some(5), d("2024-06-26")) }); // not follow-up
        for date in ["2024-02-27", "2024-02-28", "2024-03-28", "2024-04-28", "2024-05-28", "2024-06-28"] {
            a.push(followup(6, date));
        }
        data.activities = a;
        data.jobs = vec![
            job(0, "2024-01-10", true, Some("5120"), "e1"), // j1
            job(5, "2024-01-20", true, Some("9112"), "e4"), // j2
            job(6, "2024-01-28", true, Some("5120"), "e1"), // j3: 6 months end on 28 July
            job(1, "2024-03-15", true, Some("4110"), "e2"),
            job(2, "2024-04-01", true, Some("4110"), "e2"),
            job(3, "2024-06-20", true, Some("7512"), "e3"),
            job(0, "2024-07-01", true, None, "e1"),
            job(4, "2024-05-02", true, Some("9112"), "e4"),
            job(4, "2024-04-10", false, Some("9333"), "e5"), // jobbsmak: never work
            job(0, "2023-10-01", true, Some("9333"), "e5"),  // before the range
            job(7, "2024-03-01", true, Some("5223"), "e6"),  // team t2
        ];
        data
    }

    type Row = (u32, &'static str, Option<f64>, Option<u8>, u64);

    fn run(id: &str, data: &KpiData, from: &str, to: &str, team: &str) -> Vec<Row> {
        let items = prefill(find(id).unwrap(), data, d(from), d(to), team);
        let round = |v: Option<f64>| v.map(|v| (v * 1e6).round() / 1e6);
        items.iter().map(|i| (i.item, i.measure.code(), round(i.value), i.score, i.rows)).collect()
    }

    #[test]
    fn followup_months_per_job() {
        // j1: 15 Jan, 12 Feb, 12 Mar, 12 Apr, 12 May, 12 Jun, one in each month from the 10th.
        // j2: the June follow-up was cancelled. j3 from 28 Jan: 27 Feb closes month 1 and
        // 28 Feb opens month 2; its 6 months end on 28 July, the last day. The job of
        // 1 Oct 2023 (c0) has follow-up in months 4–6 only (15 Jan, 12 Feb, 12 Mar).
        let months = team("2024-03-02").followup_months(d(TO));
        let six = Some(6);
        assert_eq!(months, [six, Some(5), six, None, None, None, None, None, None, Some(3), None]);
    }

    #[test]
    fn kvalitetsveileder_2019() {
        let data = team("2024-03-02");
        // 1 K4 on 28 July: c0–c5 open, c6 passive, c8 ended: 6 ÷ 1.5 FTE = 4. It decides only
        //   element 1 (12–20 per job specialist), so no item score.
        // 9 K3: started in range c1, c2, c3, c4, c8; measured c1 1 Feb → 2 Mar = 30 days, c2
        //   10 Feb → 20 Feb = 10, c3 1 Mar → 9 Jun = 100: median of [10, 30, 100] = 30 → 5 (≤ 30).
        // 11 K1p: c1 2 + c2 1 + 87 on c0 = 90 by t1's job specialists; 90 ÷ 45 = 2 → 2 (2–3).
        // 13 K9: 8 paid jobs started, STYRK 5120, 9112, 4110, 7512 (one has none): 4 ÷ 8 = 50 %
        //   → 2 (50–59).
        // 15 K8: j1, j2 and j3 are 6 months old; j1 and j3 have 6 of 6: 2 ÷ 3 = 66.67 %
        //   (element 2 only, no item score).
        // 16 K2: 150 × (240 + 30) = 40,500 minutes ÷ (2,250 × 1.5 × 30 = 101,250) = 40 % → 4
        //   (31–40; 5 is above 40).
        assert_eq!(
            run("kvalitetsveileder-2019", &data, FROM, TO, "t1"),
            [
                (1, "caseload_per_fte", Some(4.0), None, 6),
                (9, "k3_median_days", Some(30.0), Some(5), 3),
                (11, "k1p_per_fte_week", Some(2.0), Some(2), 90),
                (13, "k9_distinct_styrk_share", Some(50.0), Some(2), 8),
                (15, "k8_followup_months", Some(66.666667), None, 3),
                (16, "k2_percent", Some(40.0), Some(4), 150),
            ]
        );
        // The element bands, for the reviewer: 4 per FTE is not 12–20; 66.67 % is "most".
        let kv = find("kvalitetsveileder").unwrap();
        let element = |n: u32, v| kv.item(n).unwrap().prefill.first().unwrap().score(v);
        assert_eq!((element(1, 4.0), element(15, 200.0 / 3.0)), (Some(0), Some(1)));

        // c1's contact one day later: 31 days, the median of [10, 31, 100] is 31 → 4 (31–60).
        let later = run("kvalitetsveileder-2019", &team("2024-03-03"), FROM, TO, "t1");
        assert_eq!(later[1], (9, "k3_median_days", Some(31.0), Some(4), 3));
    }

    #[test]
    fn ips_25() {
        let data = team("2024-03-02");
        // The same figures; IPS-25's bands: caseload ≤ 20 → 5, K3 ≤ 30 → 5; K1p 2 and K2 40 %
        // are below the only verified levels (6 and 65 %), and T8/T9 suggest nothing.
        assert_eq!(
            run("ips-25", &data, FROM, TO, "t1"),
            [
                (1, "caseload_per_fte", Some(4.0), Some(5), 6),
                (15, "k3_median_days", Some(30.0), Some(5), 3),
                (17, "k1p_per_fte_week", Some(2.0), None, 90),
                (19, "k9_distinct_styrk_share", Some(50.0), None, 8),
                (20, "k9_distinct_employer_share", Some(50.0), None, 8),
                (24, "k2_percent", Some(40.0), None, 150),
            ]
        );
        // 31 days is over IPS-25's verified level 5: no suggestion.
        let later = run("ips-25", &team("2024-03-03"), FROM, TO, "t1");
        assert_eq!(later[1], (15, "k3_median_days", Some(31.0), None, 3));
    }

    #[test]
    fn no_data_is_null_with_no_rows() {
        let data = team("2024-03-02");
        // January 2025: nothing started, logged or hired; on 31 January c0–c5 are still open
        // and c6 still passive: 6 ÷ 1.5 = 4.
        let rows = run("ips-25", &data, "2025-01-01", "2025-01-31", "t1");
        assert_eq!(rows[0], (1, "caseload_per_fte", Some(4.0), Some(5), 6));
        assert!(rows[1..].iter().all(|r| (r.2, r.3, r.4) == (None, None, 0)), "{rows:?}");
        // A team the data does not hold has no figures at all.
        let rows = run("kvalitetsveileder-2019", &data, FROM, TO, "t9");
        assert!(rows.iter().all(|r| (r.2, r.3, r.4) == (None, None, 0)), "{rows:?}");
        assert_eq!(rows.len(), 6);
    }

    #[test]
    fn instruments_by_name() {
        assert_eq!(find("kvalitetsveileder-2019").unwrap().key(), "kvalitetsveileder@2019");
        assert_eq!(find("kvalitetsveileder").unwrap().key(), "kvalitetsveileder@2019");
        assert_eq!(find("ips-25").unwrap().key(), "ips-25@2019");
        assert_eq!(find("ips-25-2019").unwrap().key(), "ips-25@2019");
        assert!(find("ips-25-2018").is_none() && find("kvalitetsveileder-2019 ").is_none());
        assert_eq!(names(), ["kvalitetsveileder-2019", "ips-25-2019", "seqf-2018"]);
    }
}
