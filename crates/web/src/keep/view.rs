//! What the participant page shows of the records kept here beside a course: its
//! educations, the outreach attempts and when the next is due, the planned end of a passive
//! period, and how to reach the participant. Loaded per course, since a participant has few.

use chrono::NaiveDate;
use jobbvei_domain::outreach::next_attempt_due;
use jobbvei_domain::{Course, ParticipantContact};
use jobbvei_store::StoreError;

use super::education::status_label;
use super::form::day;
use super::outreach::way_label;
use crate::AppState;

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

pub(crate) async fn course_extras(state: &AppState, c: &Course, today: NaiveDate) -> Result<CourseExtras, StoreError> {
    let id = c.id.as_str();
    let mut out = CourseExtras {
        educations: state
            .db
            .course_educations(id)
            .await?
            .into_iter()
            .map(|e| EducationRow {
                id: e.id.as_str().to_owned(),
                what: [Some(e.level), e.programme, e.institution].into_iter().flatten().collect::<Vec<_>>().join(", "),
                status: e.status.map_or("", status_label),
                period: format!("{} – {}", day(e.start), e.end.map(day).unwrap_or_default()),
            })
            .collect(),
        ..CourseExtras::default()
    };
    if let Some(a) = state.db.course_agreements(id).await?.first() {
        let planned = if a.meeting_date > today { " (planlagt)" } else { "" };
        out.agreement = format!("Trepartssamtale {}{planned}", day(a.meeting_date));
    }
    let notes = state.db.interval_notes(id).await?;
    let shared = |n: i64| notes.iter().any(|x| x.number == n && x.shared.is_some());
    out.reports_due =
        crate::collaboration::interval::periods(c, today).iter().filter(|p| p.complete && !shared(p.number)).count();
    let attempts = state.db.outreach_attempts(id).await?;
    out.attempts = attempts
        .iter()
        .rev()
        .take(10)
        .map(|a| (day(a.tried_on), way_label(a.way), if a.reached { "fikk kontakt" } else { "ikke nådd" }))
        .collect();
    if c.end.is_some() {
        return Ok(out);
    }
    let periods = state.db.course_passive_periods(id).await?;
    if let Some(p) = periods.iter().find(|p| p.from <= today && p.to.is_none_or(|to| to >= today)) {
        out.passive = Some(super::passive::reason_label(p.reason.as_deref().unwrap_or("")));
        let plans = state.db.passive_plans(id).await?;
        out.planned_active = plans.iter().find(|(from, _)| *from == p.from).map(|(_, to)| day(*to)).unwrap_or_default();
        let due = next_attempt_due(p.from, &attempts);
        out.next_attempt = day(due);
        out.attempt_overdue = due < today;
    }
    Ok(out)
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
