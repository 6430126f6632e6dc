//! `/deltaker/{id}/oppfolgingsplan`: the follow-up plan after hiring, printable for the
//! participant and the employer: per paid job the areas agreed on, the monthly checks of the
//! first six months and the status checks after 6 months, 1 year and 3 years, each marked
//! done or not from the recorded follow-up checks. The status checks stay in the plan after
//! the course has ended (issue 5, part 3).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{Duration, Months, NaiveDate};
use jobbvei_domain::alerts::{FOLLOW_UP_MONTHS, STATUS_DONE_WINDOW_DAYS, STATUS_MARKS};
use jobbvei_domain::{FollowupArea, FollowupCheck, Job};

use super::{Need, area_label, audit_page, date, load};
use crate::AppState;
use crate::auth::Viewer;
use crate::pages::{internal_error, render};
use crate::workplace::labels;

pub(crate) struct Point {
    what: String,
    when: String,
    state: String,
}

pub(crate) struct JobPlan {
    title: String,
    form: &'static str,
    employer: String,
    start: String,
    /// True when no check has areas yet and the whole list is offered to agree on.
    areas_proposed: bool,
    areas: Vec<&'static str>,
    points: Vec<Point>,
}

#[derive(Template)]
#[template(path = "course_end_plan.html")]
struct PlanPage {
    participant_id: String,
    name: String,
    today: String,
    jobs: Vec<JobPlan>,
}

fn add_months(d: NaiveDate, m: u32) -> NaiveDate {
    d.checked_add_months(Months::new(m)).unwrap_or(NaiveDate::MAX)
}

fn state_of(done: Option<NaiveDate>, when: NaiveDate, today: NaiveDate) -> String {
    match done {
        Some(d) => format!("Gjennomført {}", date(d)),
        None if when > today => "Planlagt".into(),
        None => "Ikke gjennomført".into(),
    }
}

/// The schedule of one job. A monthly check counts as done when a check due or done in its
/// month (after the previous mark, up to this one) is done; a status check as in the alert
/// rule: done from 30 days before its mark, and before the window of the next mark.
fn schedule(job: &Job, checks: &[&FollowupCheck], today: NaiveDate) -> Vec<Point> {
    let mut out = Vec::new();
    let mut previous = job.start;
    for k in 1..=FOLLOW_UP_MONTHS {
        let mark = add_months(job.start, k);
        let inside = |d: NaiveDate| previous < d && d <= mark;
        let done = checks.iter().filter_map(|c| c.done.filter(|d| inside(*d) || inside(c.due))).min();
        out.push(Point {
            what: format!("Oppfølging måned {k}"), when: date(mark), state: state_of(done, mark, today)
        });
        previous = mark;
    }
    let window = Duration::days(STATUS_DONE_WINDOW_DAYS);
    for (i, m) in STATUS_MARKS.iter().enumerate() {
        let mark = add_months(job.start, *m);
        let until = STATUS_MARKS.get(i + 1).map(|n| add_months(job.start, *n) - window);
        let done =
            checks.iter().filter_map(|c| c.done).filter(|d| *d >= mark - window && until.is_none_or(|u| *d < u)).min();
        let what = match m {
            12 => "Statuskontroll etter 1 år".to_owned(),
            36 => "Statuskontroll etter 3 år".to_owned(),
            m => format!("Statuskontroll etter {m} måneder"),
        };
        out.push(Point { what, when: date(mark), state: state_of(done, mark, today) });
    }
    out
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let record = match load(&state, &viewer, &id, Need::Read).await {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if let Err(answer) = audit_page(&state, &viewer, &id, "followup_plan").await {
        return answer;
    }
    let loaded = async {
        let mut checks = Vec::new();
        let mut employers = Vec::new();
        for c in &record.courses {
            checks.extend(state.db.course_followup_checks(c.id.as_str()).await?);
        }
        for j in record.jobs.iter().filter(|j| j.is_paid_work()) {
            let name = state.db.employer(j.employer.as_str()).await?.map(|e| e.name).unwrap_or_default();
            employers.push((j.id.clone(), name));
        }
        Ok::<_, jobbvei_store::StoreError>((checks, employers))
    }
    .await;
    let (checks, employers) = match loaded {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "follow-up plan failed");
            return internal_error();
        }
    };
    let today = state.clock.today();
    let sees_health = crate::access::sees_health(&viewer);
    let jobs = record
        .jobs
        .iter()
        .filter(|j| j.is_paid_work())
        .map(|j| {
            let mine: Vec<&FollowupCheck> = checks.iter().filter(|c| c.job == j.id).collect();
            // That health was chosen as an area is for the case roles only (DOMAIN.md §2).
            let chosen: Vec<FollowupArea> = FollowupArea::ALL
                .iter()
                .copied()
                .filter(|a| mine.iter().any(|c| c.areas.contains(a)))
                .filter(|a| sees_health || *a != FollowupArea::Health)
                .collect();
            let areas_proposed = chosen.is_empty();
            let areas = if areas_proposed { FollowupArea::ALL.to_vec() } else { chosen };
            JobPlan {
                title: j.title.clone().unwrap_or_else(|| "Uten tittel".into()),
                form: labels::job_form(j.form.code()),
                employer: employers.iter().find(|(id, _)| *id == j.id).map(|(_, n)| n.clone()).unwrap_or_default(),
                start: date(j.start),
                areas_proposed,
                areas: areas.into_iter().map(area_label).collect(),
                points: schedule(j, &mine, today),
            }
        })
        .collect();
    render(&PlanPage { participant_id: id.clone(), name: record.participant.name.clone(), today: date(today), jobs })
}
