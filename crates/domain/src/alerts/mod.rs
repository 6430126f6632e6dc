//! Alerts after hiring and along the course (issue 5): nothing falls between chairs.
//! Each rule is a pure function of the data and the day it is asked on (`as_of`).
//!
//! Where DOMAIN.md and the issue leave a boundary open, the choice is written beside the
//! rule and in `docs/alerts.md`.

#[cfg(test)]
mod tests;

use chrono::{Duration, Months, NaiveDate};

use crate::codes;
use crate::job::JobForm;
use crate::kpi::ActivityFact;
use crate::measure::MeasureStatus;

codes! {
    /// The alert kinds, with the codes of `jobbvei alerts`.
    pub enum AlertKind {
        ProbationEnds = "proveperiode_slutter",
        ContractEnds = "kontrakt_slutter",
        SubsidyEnds = "tilskudd_slutter",
        FollowUpMissing = "oppfolging_mangler",
        UnpaidTooLong = "ulonnet_lenge",
        FirstEmployerContact = "forste_arbeidsgiverkontakt",
        NoActivity = "ingen_aktivitet",
        StatusCheck = "statuskontroll",
    }
}

/// How far ahead an ending is announced, in days.
pub const PROBATION_NOTICE_DAYS: i64 = 14;
pub const CONTRACT_NOTICE_DAYS: i64 = 30;
pub const SUBSIDY_NOTICE_DAYS: i64 = 30;
/// Follow-up after hiring is expected at least every 30 days for the first 6 months.
pub const FOLLOW_UP_EVERY_DAYS: i64 = 30;
pub const FOLLOW_UP_MONTHS: u32 = 6;
/// An unpaid placement longer than this is flagged.
pub const UNPAID_MAX_DAYS: i64 = 12 * 7;
pub const FIRST_CONTACT_DAYS: i64 = 30;
pub const NO_ACTIVITY_DAYS: i64 = 14;
/// Status checks, in months after the start of work, shown from 14 days before the mark and
/// kept for a year unless done.
pub const STATUS_MARKS: [u32; 3] = [6, 12, 36];
pub const STATUS_NOTICE_DAYS: i64 = 14;
pub const STATUS_KEPT_DAYS: i64 = 365;
/// A follow-up check done from 30 days before a mark counts as that status check.
pub const STATUS_DONE_WINDOW_DAYS: i64 = 30;

#[derive(Debug, Clone, Default)]
pub struct AlertData {
    pub courses: Vec<AlertCourse>,
    pub jobs: Vec<AlertJob>,
    pub measures: Vec<AlertMeasure>,
    /// Activities of the courses (positions in `courses`); the staff field is unused here.
    /// The rules read, per course, only the latest date up to `as_of` of the done activities
    /// alike in every field a rule looks at (kind, status, channel, decision maker,
    /// subcategory), so a load may hand over just that latest one of each such group, and
    /// leave out activities not done or after `as_of` (the store does: docs/caseload.md;
    /// `tests::latest_of_each_group_gives_the_same_alerts` holds the two equal).
    pub activities: Vec<ActivityFact>,
    pub checks: Vec<AlertCheck>,
}

#[derive(Debug, Clone)]
pub struct AlertCourse {
    pub id: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub passive: Vec<(NaiveDate, Option<NaiveDate>)>,
}

#[derive(Debug, Clone)]
pub struct AlertJob {
    pub id: String,
    pub course: usize,
    pub form: JobForm,
    pub paid: Option<bool>,
    pub start: NaiveDate,
    pub probation_end: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub extensions: Option<u32>,
}

impl AlertJob {
    fn paid_work(&self) -> bool {
        !self.form.is_unpaid_placement() && self.paid == Some(true)
    }

    /// Not ended before `d`.
    fn ongoing_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| e >= d)
    }
}

#[derive(Debug, Clone)]
pub struct AlertMeasure {
    pub course: usize,
    pub job: Option<usize>,
    pub status: MeasureStatus,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct AlertCheck {
    pub job: usize,
    pub done: Option<NaiveDate>,
}

/// One alert: what, on which course (and job), and the day it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub kind: AlertKind,
    pub course: usize,
    pub job: Option<usize>,
    pub due: NaiveDate,
}

fn within(d: NaiveDate, from: NaiveDate, days: i64) -> bool {
    from <= d && d <= from + Duration::days(days)
}

fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(NaiveDate::MAX)
}

/// Every alert on `as_of`, ordered by due date, kind, course and job.
pub fn alerts(data: &AlertData, as_of: NaiveDate) -> Vec<Alert> {
    let mut out = Vec::new();
    let last = LastDates::new(data, as_of);
    for (j, job) in data.jobs.iter().enumerate() {
        let alert = |kind, due| Alert { kind, course: job.course, job: Some(j), due };
        if let Some(p) = job.probation_end
            && within(p, as_of, PROBATION_NOTICE_DAYS)
            && job.end.is_none_or(|e| e >= as_of)
        {
            out.push(alert(AlertKind::ProbationEnds, p));
        }
        if job.paid_work()
            && let Some(p) = job.planned_end
            && within(p, as_of, CONTRACT_NOTICE_DAYS)
            && job.end.is_none_or(|e| e >= as_of)
        {
            out.push(alert(AlertKind::ContractEnds, p));
        }
        // Started less than six months ago, and 30 days have passed since the start or the
        // last follow-up: nothing in the last 30 days.
        if job.paid_work() && job.ongoing_on(as_of) && as_of < add_months(job.start, FOLLOW_UP_MONTHS) {
            let since = last.followup[job.course].filter(|l| *l >= job.start).unwrap_or(job.start);
            let due = since + Duration::days(FOLLOW_UP_EVERY_DAYS);
            if due <= as_of {
                out.push(alert(AlertKind::FollowUpMissing, due));
            }
        }
        if job.form.is_unpaid_placement() && job.ongoing_on(as_of) {
            let too_long_from = job.start + Duration::days(UNPAID_MAX_DAYS);
            let planned_too_long = job.planned_end.is_some_and(|p| p > too_long_from);
            if as_of > too_long_from || planned_too_long {
                out.push(alert(AlertKind::UnpaidTooLong, too_long_from));
            } else if job.extensions.is_some_and(|n| n > 1) {
                out.push(alert(AlertKind::UnpaidTooLong, as_of));
            }
        }
    }
    for m in &data.measures {
        if m.status == MeasureStatus::Active
            && let Some(to) = m.to
            && within(to, as_of, SUBSIDY_NOTICE_DAYS)
        {
            out.push(Alert { kind: AlertKind::SubsidyEnds, course: m.course, job: m.job, due: to });
        }
    }
    for (c, course) in data.courses.iter().enumerate() {
        let open = course.start <= as_of && course.end.is_none_or(|e| e >= as_of);
        if !open {
            continue;
        }
        let first_due = course.start + Duration::days(FIRST_CONTACT_DAYS);
        if first_due <= as_of && !last.had_k1p[c] {
            out.push(Alert { kind: AlertKind::FirstEmployerContact, course: c, job: None, due: first_due });
        }
        let passive = course.passive.iter().any(|(f, t)| *f <= as_of && t.is_none_or(|t| t >= as_of));
        let since = last.activity[c].filter(|l| *l >= course.start).unwrap_or(course.start);
        let due = since + Duration::days(NO_ACTIVITY_DAYS);
        if !passive && due <= as_of {
            out.push(Alert { kind: AlertKind::NoActivity, course: c, job: None, due });
        }
    }
    status_checks(data, as_of, &mut out);
    out.sort_by_key(|a| (a.due, a.kind, a.course, a.job));
    out
}

/// The status checks after the start of work: the course's first paid job. Only the latest
/// mark that has come within notice is shown, so a job never has two at once.
fn status_checks(data: &AlertData, as_of: NaiveDate, out: &mut Vec<Alert>) {
    let mut first: Vec<Option<usize>> = vec![None; data.courses.len()];
    for (j, job) in data.jobs.iter().enumerate().filter(|(_, j)| j.paid_work()) {
        if first[job.course].is_none_or(|f| job.start < data.jobs[f].start) {
            first[job.course] = Some(j);
        }
    }
    let mut done_by_job: Vec<Vec<NaiveDate>> = vec![Vec::new(); data.jobs.len()];
    for check in &data.checks {
        if let Some(d) = check.done {
            done_by_job[check.job].push(d);
        }
    }
    for (c, j) in first.iter().enumerate() {
        let Some(j) = *j else { continue };
        let start = data.jobs[j].start;
        let notice = as_of + Duration::days(STATUS_NOTICE_DAYS);
        let Some(mark) = STATUS_MARKS.iter().rev().map(|m| add_months(start, *m)).find(|m| *m <= notice) else {
            continue;
        };
        if mark < as_of - Duration::days(STATUS_KEPT_DAYS) {
            continue;
        }
        let done = done_by_job[j].iter().any(|d| *d >= mark - Duration::days(STATUS_DONE_WINDOW_DAYS));
        if !done {
            out.push(Alert { kind: AlertKind::StatusCheck, course: c, job: Some(j), due: mark });
        }
    }
}

/// Per course: the last done activity, the last done follow-up and whether a K1p meeting
/// has happened, all up to `as_of`.
struct LastDates {
    activity: Vec<Option<NaiveDate>>,
    followup: Vec<Option<NaiveDate>>,
    had_k1p: Vec<bool>,
}

impl LastDates {
    fn new(data: &AlertData, as_of: NaiveDate) -> LastDates {
        let n = data.courses.len();
        let mut l = LastDates { activity: vec![None; n], followup: vec![None; n], had_k1p: vec![false; n] };
        for a in data.activities.iter().filter(|a| a.date <= as_of && a.is_done()) {
            let Some(c) = a.course else { continue };
            l.activity[c] = l.activity[c].max(Some(a.date));
            if a.is_followup() {
                l.followup[c] = l.followup[c].max(Some(a.date));
            }
            if a.is_k1p() && a.date >= data.courses[c].start {
                l.had_k1p[c] = true;
            }
        }
        l
    }
}
