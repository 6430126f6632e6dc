//! The figures of SEQF's performance indicators (criterion 6.2; seed 004 L3075–3085), read
//! from the team's courses and jobs like the KPIs (issue 12 part 4): time from referral to the
//! first paid job, the share into work, and the share in work six months after the start.
//! "Paid job" is paid work in the sense of K5; a course belongs to its job specialist's team.

use chrono::{Months, NaiveDate};

use super::Figures;
use crate::kpi::CourseFact;

/// The team's courses, with their position in the data.
fn courses<'a>(f: &'a Figures) -> impl Iterator<Item = (usize, &'a CourseFact)> + 'a {
    f.data.courses.iter().enumerate().filter(|(_, c)| f.in_team(c.staff))
}

/// The start of each course's first paid job, by course position; a job recorded as starting
/// after the course ended is not the course's doing.
fn first_paid_job(f: &Figures) -> Vec<Option<NaiveDate>> {
    let mut first = vec![None; f.data.courses.len()];
    let in_course = |j: &&crate::kpi::JobFact| f.data.courses[j.course].end.is_none_or(|e| j.start <= e);
    for j in f.data.jobs.iter().filter(|j| j.paid_work).filter(in_course) {
        let slot: &mut Option<NaiveDate> = &mut first[j.course];
        if slot.is_none_or(|d| j.start < d) {
            *slot = Some(j.start);
        }
    }
    first
}

fn percent(hits: u64, of: u64) -> (Option<f64>, u64) {
    ((of > 0).then(|| hits as f64 / of as f64 * 100.0), of)
}

/// Mean weeks from referral (the course's referral date, or its start when none is recorded)
/// to the first paid job, over the courses whose first paid job started in the period (on or
/// before the course's end); a job
/// recorded before the referral counts as 0 days. The rows are those courses.
pub(super) fn weeks_to_first_job(f: &Figures) -> (Option<f64>, u64) {
    let first = first_paid_job(f);
    let (mut days, mut n) = (0i64, 0u64);
    for (i, c) in courses(f) {
        let Some(start) = first[i].filter(|d| (f.from..=f.to).contains(d)) else { continue };
        days += (start - c.referred.unwrap_or(c.start)).num_days().max(0);
        n += 1;
    }
    ((n > 0).then(|| days as f64 / 7.0 / n as f64), n)
}

/// Of the courses that ended in the period, the percent that went into work: a paid job that
/// started between the course's start and end, or the end cause `arbeid`. The rows are the
/// ended courses.
pub(super) fn into_work(f: &Figures) -> (Option<f64>, u64) {
    let (mut hits, mut n) = (0u64, 0u64);
    for (i, c) in courses(f) {
        let Some(end) = c.end.filter(|d| (f.from..=f.to).contains(d)) else { continue };
        let job = f.data.jobs.iter().any(|j| j.course == i && j.paid_work && (c.start..=end).contains(&j.start));
        n += 1;
        hits += u64::from(c.ended_to_work || job);
    }
    percent(hits, n)
}

/// Of the courses whose day six months after the start falls in the period, the percent with
/// a paid job of the course going on that day. The rows are those courses.
pub(super) fn in_work_after_six_months(f: &Figures) -> (Option<f64>, u64) {
    let (mut hits, mut n) = (0u64, 0u64);
    for (i, c) in courses(f) {
        let Some(mark) = c.start.checked_add_months(Months::new(6)) else { continue };
        if !(f.from..=f.to).contains(&mark) {
            continue;
        }
        let working = f
            .data
            .jobs
            .iter()
            .any(|j| j.course == i && j.paid_work && j.start <= mark && j.end.is_none_or(|e| e >= mark));
        n += 1;
        hits += u64::from(working);
    }
    percent(hits, n)
}

#[cfg(test)]
mod tests {
    use super::super::{find, prefill};
    use crate::fidelity::Measure;
    use crate::kpi::{CourseFact, JobFact, KpiData, StaffFact, TeamFact};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Team t1 (js1) and t2 (js2), courses c0–c7, over 2024-01-01–2024-06-30.
    fn data() -> KpiData {
        let course = |staff, start: &str, end: Option<&str>| CourseFact {
            id: String::new(),
            participant: String::new(),
            staff: Some(staff),
            start: d(start),
            end: end.map(d),
            referred: None,
            ended_to_work: false,
            passive: Vec::new(),
        };
        let mut courses = vec![
            course(0, "2023-10-01", None),               // c0: referred 3 Sep, paid job 28 Jan
            course(0, "2024-02-01", None),               // c1: jobbsmak, then a paid job 12 March
            course(0, "2023-06-01", None),               // c2: first paid job before the period
            course(1, "2024-01-01", None),               // c3: team t2
            course(0, "2023-11-01", Some("2024-03-31")), // c4: ended to work, no job recorded
            course(0, "2024-01-10", Some("2024-05-15")), // c5: paid job during the course
            course(0, "2023-12-01", Some("2024-06-30")), // c6: only an unpaid placement
            course(0, "2023-05-01", Some("2024-02-29")), // c7: paid job after the end
        ];
        courses[0].referred = Some(d("2023-09-03"));
        courses[4].ended_to_work = true;
        for (i, c) in courses.iter_mut().enumerate() {
            (c.id, c.participant) = (format!("c{i}"), format!("p{i}"));
        }
        let job = |course, start: &str, paid_work| JobFact {
            id: format!("j-{course}-{start}"),
            course,
            start: d(start),
            end: None,
            paid_work,
            subsidised: false,
            styrk: None,
            employer: "e1".into(),
        };
        let jobs = vec![
            job(0, "2024-01-28", true),
            job(1, "2024-02-10", false),
            job(1, "2024-03-12", true),
            job(2, "2023-08-01", true),
            job(2, "2024-02-01", true),
            job(3, "2024-01-15", true),
            job(5, "2024-04-01", true),
            job(6, "2024-01-15", false),
            job(7, "2024-03-05", true),
        ];
        let staff = |id: &str, team| StaffFact {
            id: id.into(),
            team: Some(team),
            fte: 1.0,
            job_specialist: true,
            member: true,
        };
        KpiData {
            offices: vec!["0314".into()],
            teams: vec![TeamFact { id: "t1".into(), office: Some(0) }, TeamFact { id: "t2".into(), office: Some(0) }],
            staff: vec![staff("js1", 0), staff("js2", 1)],
            courses,
            jobs,
            ..KpiData::default()
        }
    }

    /// (value, score, rows) of a measure of SEQF's criterion 6.2.
    fn figure(m: Measure) -> (Option<f64>, Option<u8>, u64) {
        let seqf = find("seqf-2018").unwrap();
        let items = prefill(seqf, &data(), d("2024-01-01"), d("2024-06-30"), "t1");
        let p = items.iter().find(|p| p.item == 20 && p.measure == m).unwrap();
        (p.value, p.score, p.rows)
    }

    #[test]
    fn weeks_from_referral_to_the_first_paid_job() {
        // c0: 3 Sep 2023 → 28 Jan 2024 is 147 days; c1 from its start (no referral date):
        // 1 Feb → 12 Mar is 40 days; c5: 10 Jan → 1 Apr is 82 days. c2's first paid job was
        // before the period, c7's started after the course ended, c3 is t2's.
        // (147 + 40 + 82) ÷ 3 ÷ 7 = 12.81 weeks: above 10, so no score is suggested.
        let (value, score, rows) = figure(Measure::WeeksReferralToFirstJob);
        assert!((value.unwrap() - 269.0 / 21.0).abs() < 1e-12, "{value:?}");
        assert_eq!((score, rows), (None, 3));
    }

    #[test]
    fn the_share_of_ended_courses_that_went_into_work() {
        // Ended in the period: c4 (end cause arbeid), c5 (paid job during it), c6 (unpaid
        // only), c7 (its job started after the end): 2 of 4 is 50 %, SEQF's top score.
        assert_eq!(figure(Measure::IntoWorkPercent), (Some(50.0), Some(5), 4));
    }

    #[test]
    fn the_share_in_work_six_months_after_the_start() {
        // Six-month days in the period: c0 (1 April, working), c4 (1 May, no job recorded), c6
        // (1 June, unpaid only): 1 of 3; the source gives no threshold, so no score.
        let (value, score, rows) = figure(Measure::InWorkSixMonthsPercent);
        assert!((value.unwrap() - 100.0 / 3.0).abs() < 1e-12, "{value:?}");
        assert_eq!((score, rows), (None, 3));
    }

    #[test]
    fn a_team_without_courses_gets_no_figures_not_zeros() {
        let seqf = find("seqf-2018").unwrap();
        let items = prefill(seqf, &data(), d("2024-01-01"), d("2024-06-30"), "t9");
        let of_20: Vec<_> = items.iter().filter(|p| p.item == 20).collect();
        assert_eq!(of_20.len(), 3);
        assert!(of_20.iter().all(|p| p.value.is_none() && p.rows == 0 && p.score.is_none()));
    }
}
