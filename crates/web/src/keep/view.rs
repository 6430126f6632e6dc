//! What the participant page shows of the records kept here beside a course: its
//! educations, the outreach attempts and when the next is due, the planned end of a passive
//! period, and how to reach the participant. Read once for all the participant's courses.

use chrono::NaiveDate;
use jobbvei_domain::outreach::next_attempt_due;
use jobbvei_domain::{Course, OutreachAttempt, ParticipantContact};
use jobbvei_store::CourseRecords;

use super::education::status_label;
use super::form::day;
use super::outreach::way_label;

pub(crate) struct EducationRow {
    pub id: String,
    pub what: String,
    pub status: &'static str,
    pub period: String,
}

/// The page's view of one course's own records.
#[derive(Default)]
pub(crate) struct CourseExtras {
    /// Passive now: the reason.
    pub passive: Option<&'static str>,
    /// Passive now: when it is planned to be active again, if said.
    pub planned_active: String,
    /// Passive now: when the next outreach attempt is due, and whether that day has passed.
    pub next_attempt: String,
    pub attempt_overdue: bool,
    /// Newest first: date, how, reached.
    pub attempts: Vec<(String, &'static str, &'static str)>,
    pub educations: Vec<EducationRow>,
    /// The latest three-party meeting, in words; empty when none is recorded.
    pub agreement: String,
    /// Interval reports whose period is over and that are not shared yet.
    pub reports_due: usize,
}

/// The page's view of course `c` from the records of all the participant's courses
/// (`Db::participant_course_records`, read once for the page).
pub(crate) fn course_extras(c: &Course, records: &CourseRecords, today: NaiveDate) -> CourseExtras {
    let id = c.id.as_str();
    let mut out = CourseExtras {
        educations: records
            .educations
            .iter()
            .filter(|e| e.course.as_str() == id)
            .map(|e| EducationRow {
                id: e.id.as_str().to_owned(),
                what: [Some(e.level.as_str()), e.programme.as_deref(), e.institution.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", "),
                status: e.status.map_or("", status_label),
                period: format!("{} – {}", day(e.start), e.end.map(day).unwrap_or_default()),
            })
            .collect(),
        ..CourseExtras::default()
    };
    if let Some((_, meeting)) = records.meetings.iter().find(|(course, _)| course == id) {
        let planned = if *meeting > today { " (planlagt)" } else { "" };
        out.agreement = format!("Trepartssamtale {}{planned}", day(*meeting));
    }
    let shared = |n: i64| records.shared_reports.iter().any(|(course, number)| course == id && *number == n);
    out.reports_due =
        crate::collaboration::interval::periods(c, today).iter().filter(|p| p.complete && !shared(p.number)).count();
    let attempts: Vec<OutreachAttempt> = records.attempts.iter().filter(|a| a.course.as_str() == id).cloned().collect();
    out.attempts = attempts
        .iter()
        .rev()
        .take(10)
        .map(|a| (day(a.tried_on), way_label(a.way), if a.reached { "fikk kontakt" } else { "ikke nådd" }))
        .collect();
    if c.end.is_some() {
        return out;
    }
    let now = records
        .passive
        .iter()
        .find(|p| p.period.course.as_str() == id && p.period.from <= today && p.period.to.is_none_or(|to| to >= today));
    if let Some(p) = now {
        out.passive = Some(super::passive::reason_label(p.period.reason.as_deref().unwrap_or("")));
        out.planned_active = p.planned_to.map(day).unwrap_or_default();
        let due = next_attempt_due(p.period.from, &attempts);
        out.next_attempt = day(due);
        out.attempt_overdue = due < today;
    }
    out
}

/// The contact lines: a phone number as a `tel:` link target, an e-mail as `mailto:`.
pub(crate) struct ContactView {
    pub phone: String,
    pub phone_link: String,
    pub email: String,
    pub interpreter_language: String,
}

impl ContactView {
    pub(crate) fn of(c: ParticipantContact) -> ContactView {
        let phone = c.phone.unwrap_or_default();
        ContactView {
            phone_link: phone.chars().filter(|ch| ch.is_ascii_digit() || *ch == '+').collect(),
            phone,
            email: c.email.unwrap_or_default(),
            interpreter_language: c.interpreter_language.unwrap_or_default(),
        }
    }
}
