//! What needs attention on a course: the alert engine's alerts (`domain::alerts`) and a
//! passive course's due outreach attempt, each with how far it is from its deadline. Min dag
//! lists them and the caseload's "Merknader" shows them per course: one function computes
//! them for both, so the two pages never disagree.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::alerts::{AlertData, alerts};
use jobbvei_store::{CaseRow, StoreError};

use super::labels;
use crate::AppState;

/// Whose courses: the viewer's own, or (a team lead's day) those of the team's job specialists.
#[derive(Clone, Copy)]
pub(crate) enum Whose<'a> {
    Own(&'a str),
    Team(&'a str),
}

/// One thing to do on one course.
#[derive(Debug, Clone)]
pub(crate) struct Flag {
    pub course_id: String,
    /// The alert kind's code, or [`OUTREACH_CODE`]: what the caseload filters on.
    pub code: &'static str,
    pub what: &'static str,
    pub due: NaiveDate,
    pub participant_id: String,
    pub participant_name: String,
    /// The course's job specialist (id), when the course is open; named by the page.
    pub job_specialist: String,
}

impl Flag {
    /// Days past the deadline; negative when the deadline is ahead.
    pub fn days_over(&self, today: NaiveDate) -> i64 {
        (today - self.due).num_days()
    }

    /// "3 dager over fristen", "frist i dag", "frist om 5 dager".
    pub fn late(&self, today: NaiveDate) -> String {
        late_text(self.days_over(today))
    }
}

pub(crate) fn late_text(days_over: i64) -> String {
    match days_over {
        0 => "frist i dag".into(),
        1 => "1 dag over fristen".into(),
        d if d > 1 => format!("{d} dager over fristen"),
        -1 => "frist i morgen".into(),
        d => format!("frist om {} dager", -d),
    }
}

/// Every flag on `whose` courses today, by deadline (the most overdue first). `cases` are the
/// open courses of the same `whose` ([`cases`]): they name the participants and give the
/// passive ones; a flag on a course that is not among them (ended, or the viewer's as
/// veileder) is named from the alert load, which reads each course's participant.
pub(crate) async fn flags(state: &AppState, whose: Whose<'_>, cases: &[CaseRow]) -> Result<Vec<Flag>, StoreError> {
    let today = state.clock.today();
    let named = match whose {
        Whose::Own(me) => state.db.named_alert_data(today, me).await?,
        Whose::Team(team) => state.db.named_team_alert_data(today, team).await?,
    };
    let data = &named.data;
    let listed: HashMap<&str, &CaseRow> = cases.iter().map(|c| (c.course_id.as_str(), c)).collect();
    let mut out: Vec<Flag> = alerts(data, today)
        .into_iter()
        .map(|a| {
            let course_id = data.courses[a.course].id.clone();
            let (participant_id, participant_name, job_specialist) = match listed.get(course_id.as_str()) {
                Some(c) => (c.participant_id.clone(), c.participant_name.clone(), c.job_specialist_id.clone()),
                None => {
                    let (id, name) = named.participants.get(a.course).cloned().unwrap_or_default();
                    (id, name, String::new())
                }
            };
            Flag {
                course_id,
                code: a.kind.code(),
                what: labels::alert(a.kind.code()),
                due: a.due,
                participant_id,
                participant_name,
                job_specialist,
            }
        })
        .collect();
    out.extend(outreach_due(state, data, cases, today).await?);
    out.sort_by(|a, b| (a.due, &a.participant_name, &a.course_id).cmp(&(b.due, &b.participant_name, &b.course_id)));
    Ok(out)
}

/// Passive courses whose next outreach attempt is due (`domain::outreach`): kept beside the
/// alert engine's kinds rather than among them, since it reads Jobbvei's own records. The
/// passive periods come with the alert load (`data`, whose courses include every one of
/// `cases`), so only the attempts are read: one statement for all the passive courses.
async fn outreach_due(
    state: &AppState,
    data: &AlertData,
    cases: &[CaseRow],
    today: NaiveDate,
) -> Result<Vec<Flag>, StoreError> {
    let periods: HashMap<&str, &[(NaiveDate, Option<NaiveDate>)]> =
        data.courses.iter().map(|c| (c.id.as_str(), c.passive.as_slice())).collect();
    // A course's first period that covers today, as the caseload's `passive` counts it.
    let covering = |c: &CaseRow| {
        periods
            .get(c.course_id.as_str())
            .and_then(|ps| ps.iter().find(|(from, to)| *from <= today && to.is_none_or(|to| to >= today)))
            .map(|(from, _)| *from)
    };
    let passive: Vec<String> = cases.iter().filter(|c| c.passive).map(|c| c.course_id.clone()).collect();
    let attempts = state.db.attempts_of(&passive).await?;
    let mut out = Vec::new();
    for c in cases.iter().filter(|c| c.passive) {
        let Some(from) = covering(c) else { continue };
        let attempts: Vec<jobbvei_domain::OutreachAttempt> =
            attempts.iter().filter(|a| a.course.as_str() == c.course_id).cloned().collect();
        let due = jobbvei_domain::outreach::next_attempt_due(from, &attempts);
        if due <= today {
            out.push(Flag {
                course_id: c.course_id.clone(),
                code: OUTREACH_CODE,
                what: OUTREACH,
                due,
                participant_id: c.participant_id.clone(),
                participant_name: c.participant_name.clone(),
                job_specialist: c.job_specialist_id.clone(),
            });
        }
    }
    Ok(out)
}

pub(crate) const OUTREACH: &str = "Logg et kontaktforsøk (passivt forløp)";
pub(crate) const OUTREACH_CODE: &str = "kontaktforsok";

/// The flags of each course, in deadline order, for the caseload's column.
pub(crate) fn by_course(flags: &[Flag]) -> HashMap<String, Vec<Flag>> {
    let mut out: HashMap<String, Vec<Flag>> = HashMap::new();
    for f in flags {
        out.entry(f.course_id.clone()).or_default().push(f.clone());
    }
    out
}
