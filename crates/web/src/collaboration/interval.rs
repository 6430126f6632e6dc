//! The interval report (intervallrapport, DOMAIN.md §4 "Reports"): every three months of a
//! course, a report drafted from the records of those months (activities, the employer
//! contacts made for the participant, jobs, measures, phases) and what comes next (planned
//! activities, the open goals of the plan), with the job specialist's own words on top.
//! The data part is drafted whenever the report is read, like the end report, whose job and
//! measure lines it reuses; only the words are stored.

use std::collections::BTreeMap;

use chrono::{Duration, Months, NaiveDate};
use jobbvei_domain::profile::{PlanKind, PlanStatus};
use jobbvei_domain::time::oslo_date;
use jobbvei_domain::{ActivityKind, ActivityStatus, Course};
use jobbvei_store::NameKind;

use crate::AppState;
use crate::course_end::report::{JobLine, MeasureLine, job_line, measure_line};
use crate::dates::day;
use crate::keep::CourseCase;
use crate::names::Names;
use crate::workplace::labels;

/// A report covers this many months of the course.
pub(crate) const MONTHS: u32 = 3;

/// One three-month period of a course: number 1 starts on the course's first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    pub number: i64,
    pub from: NaiveDate,
    /// The last day: three months on, or the course's end when it ended within.
    pub to: NaiveDate,
    /// The last day has passed, so the report can be written in full.
    pub complete: bool,
}

impl Period {
    pub(crate) fn text(&self) -> String {
        format!("{} – {}", day(self.from), day(self.to))
    }
}

/// The periods of the course that have begun by `today`, and not after its end.
pub(crate) fn periods(course: &Course, today: NaiveDate) -> Vec<Period> {
    let last = course.end.map_or(today, |e| e.min(today));
    let mut out = Vec::new();
    for n in 1u32.. {
        let (Some(from), Some(next)) = (
            course.start.checked_add_months(Months::new(MONTHS * (n - 1))),
            course.start.checked_add_months(Months::new(MONTHS * n)),
        ) else {
            break;
        };
        if from > last {
            break;
        }
        let to = (next - Duration::days(1)).min(course.end.unwrap_or(NaiveDate::MAX));
        out.push(Period { number: i64::from(n), from, to, complete: to < today });
    }
    out
}

/// An employer contact made for the participant: when, with whom, what kind.
pub(crate) struct ContactLine {
    pub when: String,
    pub employer: String,
    pub what: String,
}

/// What the records say about one period, in words for the page.
pub(crate) struct Draft {
    /// Done activities by kind, with how many; and the meetings the participant missed.
    pub activities: Vec<(&'static str, usize)>,
    pub missed: usize,
    pub contacts: Vec<ContactLine>,
    pub jobs: Vec<JobLine>,
    pub measures: Vec<MeasureLine>,
    /// The phase at the start and each change within the period.
    pub phases: Vec<(String, &'static str)>,
    /// Planned activities in the three months after the period: when and what.
    pub planned: Vec<(String, &'static str)>,
    /// The plan's goals and activities not done or cancelled.
    pub goals: Vec<String>,
}

/// Drafts the period's report from the records. `sees_health` as on the participant page:
/// a meeting with health services is a network meeting to a veileder.
pub(crate) async fn draft(
    state: &AppState,
    case: &CourseCase,
    p: &Period,
    sees_health: bool,
) -> Result<Draft, jobbvei_store::StoreError> {
    let id = case.course.id.as_str();
    let after = p.to + Duration::days(1);
    let acts = state.db.course_activities_between(id, p.from, p.to + Duration::days(92)).await?;
    let (within, later): (Vec<_>, Vec<_>) = acts.into_iter().partition(|a| oslo_date(a.start) <= p.to);
    let done = |s: ActivityStatus| s.is_done();
    let mut by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    for a in within.iter().filter(|a| done(a.status)) {
        *by_kind.entry(labels::kind_for(a.kind.code(), sees_health)).or_default() += 1;
    }
    let employers = Names::load(state, NameKind::Employer, within.iter().filter_map(|a| a.employer.as_ref())).await?;
    let contacts = within
        .iter()
        .filter(|a| done(a.status) && a.employer.is_some())
        .map(|a| ContactLine {
            when: day(oslo_date(a.start)),
            employer: a.employer.as_ref().map(|e| employers.of(e.as_str())).unwrap_or_default(),
            what: [Some(labels::kind(a.kind.code())), a.subcategory.map(|s| labels::subcategory(s.code()))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let overlaps = |start: Option<NaiveDate>, end: Option<NaiveDate>| {
        start.is_none_or(|s| s <= p.to) && end.is_none_or(|e| e >= p.from)
    };
    let measures = state.db.course_measures(id).await?;
    let mut phases: Vec<_> = case.phases.iter().filter(|ph| ph.from <= p.to).collect();
    phases.sort_by_key(|ph| ph.from);
    let first_within = phases.iter().rposition(|ph| ph.from <= p.from).unwrap_or(0);
    let goals = state.db.plan_items(&case.participant).await?;
    Ok(Draft {
        activities: by_kind.into_iter().collect(),
        missed: within
            .iter()
            .filter(|a| a.status == ActivityStatus::ParticipantNoShow && a.kind == ActivityKind::ParticipantMeeting)
            .count(),
        contacts,
        jobs: case.jobs.iter().filter(|j| overlaps(Some(j.start), j.end)).map(job_line).collect(),
        measures: measures.iter().filter(|m| overlaps(m.from, m.to)).map(measure_line).collect(),
        phases: phases
            .get(first_within..)
            .unwrap_or_default()
            .iter()
            .map(|ph| (day(ph.from.max(p.from)), labels::phase(ph.phase.code())))
            .collect(),
        planned: later
            .iter()
            .filter(|a| a.status == ActivityStatus::Planned && oslo_date(a.start) >= after)
            .map(|a| (day(oslo_date(a.start)), labels::kind_for(a.kind.code(), sees_health)))
            .collect(),
        goals: goals
            .iter()
            .filter(|g| matches!(PlanStatus::parse(&g.status), Some(PlanStatus::Planned | PlanStatus::InProgress)))
            .map(|g| {
                let kind = PlanKind::parse(&g.kind).map_or("Mål", PlanKind::label);
                let by = g.deadline.map(|d| format!(" (innen {})", day(d))).unwrap_or_default();
                format!("{kind}: {}{by}", g.text)
            })
            .collect(),
    })
}

/// A first text for the job specialist to edit, in plain words from the draft.
pub(crate) fn summary_suggestion(d: &Draft) -> String {
    let meetings: usize = d.activities.iter().map(|(_, n)| n).sum();
    let mut s = format!(
        "I perioden hadde vi {meetings} {} og {} {} med arbeidsgivere for deg.",
        if meetings == 1 { "aktivitet" } else { "aktiviteter" },
        d.contacts.len(),
        if d.contacts.len() == 1 { "kontakt" } else { "kontakter" },
    );
    if !d.jobs.is_empty() {
        let jobs = d.jobs.iter().map(|j| format!("{} ({})", j.title, j.form.to_lowercase())).collect::<Vec<_>>();
        s.push_str(&format!(" Jobber i perioden: {}.", jobs.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course(start: &str, end: Option<&str>) -> Course {
        let id = |x: &str| jobbvei_domain::ExtId::parse(x).unwrap();
        Course {
            id: id("c1"),
            participant: id("p1"),
            method: jobbvei_domain::Method::Se,
            job_specialist: id("js"),
            start: start.parse().unwrap(),
            referred: None,
            end: end.map(|e| e.parse().unwrap()),
            end_cause: None,
            end_cause_detail: None,
        }
    }

    #[test]
    fn a_course_has_a_period_every_three_months_up_to_today_or_its_end() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let ps = periods(&course("2024-01-31", None), d("2024-11-19"));
        let spans: Vec<_> = ps.iter().map(|p| (p.from, p.to, p.complete)).collect();
        assert_eq!(
            spans,
            [
                (d("2024-01-31"), d("2024-04-29"), true),
                (d("2024-04-30"), d("2024-07-30"), true),
                (d("2024-07-31"), d("2024-10-30"), true),
                (d("2024-10-31"), d("2025-01-30"), false),
            ]
        );
        let ended = periods(&course("2024-01-01", Some("2024-05-10")), d("2024-11-19"));
        assert_eq!(
            ended.iter().map(|p| (p.number, p.to)).collect::<Vec<_>>(),
            [(1, d("2024-03-31")), (2, d("2024-05-10"))]
        );
        assert!(ended[1].complete);
        assert!(periods(&course("2024-12-01", None), d("2024-11-19")).is_empty());
    }
}
