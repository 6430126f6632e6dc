//! The courses, passive periods, jobs, subsidies and facts of a KPI load as SQLite packs
//! them (see [`crate::packed`]), read back into the rows PostgreSQL hands over one by one, in
//! the same order. A national K5 load is some 24,000 courses and 22,000 jobs: row by row through the
//! driver that was most of its time, packed it is one row each.
//!
//! Each query packs all its rows into one text (no `GROUP BY`): one row to hand over, and
//! the engine's plan stays that of the row query. The records come in no set order, so they
//! are sorted by id here, as the row queries' `ORDER BY` does (SQLite compares text byte by
//! byte, as Rust does).

use chrono::NaiveDate;
use jobbvei_domain::EndCause;

use super::{CourseRow, JobRow};
use crate::StoreError;
use crate::mapping::corrupt;
use crate::packed::{date, flag, number, records};

/// What a course row holds, in the order [`courses`] reads it. The end cause is read as
/// "ended to work" (a flag), never as its text.
pub(super) fn course_fields() -> Vec<String> {
    let mut fields: Vec<String> =
        ["c.id", "c.participant_id", "c.job_specialist_id", "c.start_date", "c.end_date", "c.referred"]
            .map(str::to_owned)
            .into();
    fields.push(ended_to_work());
    fields
}

/// Whether the course ended in work: true, false, or NULL while it has no end cause.
pub(super) fn ended_to_work() -> String {
    format!("(c.end_cause = '{}')", EndCause::Work.code())
}

/// What a job row holds, in the order [`jobs`] reads it.
pub(super) const JOB_FIELDS: [&str; 8] =
    ["j.id", "j.course_id", "j.start_date", "j.end_date", "j.form", "j.paid", "j.styrk", "j.employer_id"];

/// Every record of `packed` (NULL when the query matched no row), each read by `read`.
fn each<T>(
    packed: Option<&str>,
    mut read: impl FnMut(&mut dyn FnMut() -> String) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let Some(packed) = packed else { return Ok(Vec::new()) };
    records(packed)
        .map(|mut f| {
            let mut next = || f.next().unwrap_or_default().to_owned();
            read(&mut next)
        })
        .collect()
}

fn required(table: &'static str, field: &'static str, s: &str) -> Result<NaiveDate, StoreError> {
    date(table, field, s)?.ok_or_else(|| corrupt(table, field, s))
}

fn not_empty(table: &'static str, field: &'static str, s: String) -> Result<String, StoreError> {
    if s.is_empty() { Err(corrupt(table, field, &s)) } else { Ok(s) }
}

/// The courses of [`course_fields`], by id.
pub(super) fn courses(packed: Option<&str>) -> Result<Vec<CourseRow>, StoreError> {
    let mut rows = each(packed, |next| {
        let (id, participant, staff) = (next(), next(), next());
        let (start, end, referred, work) = (next(), next(), next(), next());
        Ok((
            not_empty("course", "id", id)?,
            not_empty("course", "participant_id", participant)?,
            not_empty("course", "job_specialist_id", staff)?,
            required("course", "start_date", &start)?,
            date("course", "end_date", &end)?,
            date("course", "referred", &referred)?,
            flag("course", "end_cause", &work)?,
        ))
    })?;
    rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(rows)
}

/// The jobs of [`JOB_FIELDS`], by id.
pub(super) fn jobs(packed: Option<&str>) -> Result<Vec<JobRow>, StoreError> {
    let mut rows = each(packed, |next| {
        let (id, course, start, end) = (next(), next(), next(), next());
        let (form, paid, styrk, employer) = (next(), next(), next(), next());
        Ok((
            not_empty("job", "id", id)?,
            not_empty("job", "course_id", course)?,
            required("job", "start_date", &start)?,
            date("job", "end_date", &end)?,
            form,
            flag("job", "paid", &paid)?,
            Some(styrk).filter(|s| !s.is_empty()),
            not_empty("job", "employer_id", employer)?,
        ))
    })?;
    rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(rows)
}

/// The passive periods of the loaded courses: (course, from, to).
pub(super) fn passive_periods(packed: Option<&str>) -> Result<Vec<(String, NaiveDate, Option<NaiveDate>)>, StoreError> {
    each(packed, |next| {
        let (course, from, to) = (next(), next(), next());
        Ok((course, required("passive_period", "from_date", &from)?, date("passive_period", "to_date", &to)?))
    })
}

/// Packed ids, one a record (the subsidised jobs).
pub(super) fn ids(packed: Option<&str>) -> Result<Vec<String>, StoreError> {
    each(packed, |next| Ok(next()))
}

/// Each course's first K1p meeting (`course_fact`).
pub(super) fn first_meetings(packed: Option<&str>) -> Result<Vec<(String, NaiveDate)>, StoreError> {
    each(packed, |next| {
        let (course, first) = (next(), next());
        Ok((course, required("course_fact", "first_k1p", &first)?))
    })
}

/// Each job's follow-up months (`job_fact`).
pub(super) fn followup_months(packed: Option<&str>) -> Result<Vec<(String, i64)>, StoreError> {
    each(packed, |next| {
        let (job, months) = (next(), next());
        let bits = number("job_fact", "followup_months", &months)?;
        Ok((job, bits.ok_or_else(|| corrupt("job_fact", "followup_months", &months))?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const US: &str = "\u{1f}";
    const RS: &str = "\u{1e}";

    #[test]
    fn courses_and_jobs_read_back_by_id() {
        let packed = [
            ["c2", "p1", "u1", "2025-02-01", "", "2025-01-20", ""].join(US),
            ["c1", "p2", "u2", "2024-05-01", "2025-03-01", "", "1"].join(US),
        ]
        .join(RS);
        let rows = courses(Some(packed.as_str())).ok().unwrap_or_default();
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].0.as_str(), rows[0].4, rows[0].5, rows[0].6), ("c1", d("2025-03-01"), None, Some(true)));
        assert_eq!((rows[1].0.as_str(), rows[1].2.as_str(), rows[1].4, rows[1].6), ("c2", "u1", None, None));
        assert!(courses(None).is_ok_and(|r| r.is_empty()));
        assert!(courses(Some(["c1", "p1", "u1", "", "", "", ""].join(US).as_str())).is_err());

        let packed = [
            ["j2", "c1", "2025-02-01", "", "ordinary", "true", "", "e1"].join(US),
            ["j1", "c1", "2025-01-01", "2025-01-31", "ordinary", "0", "2512", "e2"].join(US),
        ]
        .join(RS);
        let rows = jobs(Some(packed.as_str())).ok().unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].0.as_str(), rows[0].5, rows[0].6.as_deref()), ("j1", Some(false), Some("2512")));
        assert_eq!((rows[1].0.as_str(), rows[1].3, rows[1].5, rows[1].6.as_deref()), ("j2", None, Some(true), None));
        assert!(jobs(Some(["j1", "c1", "2025-01-01", "", "x", "maybe", "", "e"].join(US).as_str())).is_err());

        assert_eq!(ids(Some(["j1", "j2"].join(RS).as_str())).ok(), Some(vec!["j1".to_owned(), "j2".to_owned()]));
        let months = followup_months(Some(["j1", "5"].join(US).as_str())).ok();
        assert_eq!(months, Some(vec![("j1".to_owned(), 5)]));
        assert!(first_meetings(Some(["c1", ""].join(US).as_str())).is_err());
        let passive = passive_periods(Some(["c1", "2024-02-01", ""].join(US).as_str())).ok();
        assert_eq!(
            passive,
            Some(vec![("c1".to_owned(), NaiveDate::from_ymd_opt(2024, 2, 1).unwrap_or_default(), None)])
        );
    }
}
