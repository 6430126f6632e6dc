//! `/deltaker/{id}/sluttrapport`: the end report, drafted from what is recorded on the
//! course (phases, jobs, measures, follow-up checks, the handover), to print and share with
//! the participant and the veileder. Also readable before the end, as a draft.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::{Need, area_label, audit_page, date, end_cause_label, load, report_course};
use crate::AppState;
use crate::auth::Viewer;
use crate::measures::{kind_label, status_label};
use crate::pages::{internal_error, render};
use crate::workplace::labels;

pub(crate) struct JobLine {
    pub title: String,
    pub form: &'static str,
    pub paid: &'static str,
    pub period: String,
    pub percent: String,
}

pub(crate) struct MeasureLine {
    pub kind: &'static str,
    pub status: &'static str,
    pub period: String,
    pub amount: String,
}

pub(crate) struct CheckLine {
    due: String,
    done: String,
    areas: String,
}

pub(crate) struct HandoverView {
    follow_up_by: String,
    agreed: String,
    veileder_told: &'static str,
    written: String,
}

#[derive(Template)]
#[template(path = "course_end_report.html")]
struct ReportPage {
    participant_id: String,
    name: String,
    today: String,
    /// False when the participant has no course at all.
    has_course: bool,
    method: &'static str,
    start: String,
    end: String,
    cause: String,
    phases: Vec<(String, &'static str)>,
    jobs: Vec<JobLine>,
    measures: Vec<MeasureLine>,
    checks: Vec<CheckLine>,
    handover: Option<HandoverView>,
}

pub(crate) fn job_line(j: &jobbvei_domain::Job) -> JobLine {
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "Lønnet",
        Some(false) => "Ulønnet",
        None => "Ikke oppgitt",
    };
    JobLine {
        title: j.title.clone().unwrap_or_else(|| "Uten tittel".into()),
        form: labels::job_form(j.form.code()),
        // An unpaid placement is never work, whatever `paid` says.
        paid: if j.form.is_unpaid_placement() { "Ulønnet" } else { yes_no(j.paid) },
        period: format!("{} – {}", date(j.start), j.end.map(date).unwrap_or_else(|| "pågår".into())),
        percent: j
            .percent
            .iter()
            .map(|s| format!("{} % fra {}", s.percent, date(s.from)))
            .collect::<Vec<_>>()
            .join(" → "),
    }
}

/// One measure request as the reports show it (the end report and the interval reports).
pub(crate) fn measure_line(m: &jobbvei_domain::Measure) -> MeasureLine {
    MeasureLine {
        kind: kind_label(m.kind),
        status: status_label(m.status),
        period: match (m.from, m.to) {
            (None, None) => String::new(),
            (f, t) => format!("{} – {}", f.map(date).unwrap_or_default(), t.map(date).unwrap_or_default()),
        },
        amount: [
            m.percent.map(|p| format!("{p} %")),
            m.hours.map(|h| format!("{h} timer")),
            m.amount_nok.map(|a| format!("{a} kr")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", "),
    }
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let record = match load(&state, &viewer, &id, Need::Read).await {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if let Err(answer) = audit_page(&state, &viewer, &id, "end_report").await {
        return answer;
    }
    let sees_health = crate::access::sees_health(&viewer);
    let mut page = ReportPage {
        participant_id: id.clone(),
        name: record.participant.name.clone(),
        today: date(state.clock.today()),
        has_course: false,
        method: "",
        start: String::new(),
        end: String::new(),
        cause: String::new(),
        phases: Vec::new(),
        jobs: Vec::new(),
        measures: Vec::new(),
        checks: Vec::new(),
        handover: None,
    };
    let Some(course) = report_course(&record) else { return render(&page) };
    let c = course.id.as_str();
    let loaded = async {
        let jobs = state.db.course_jobs(c).await?;
        let measures = state.db.course_measures(c).await?;
        let checks = state.db.course_followup_checks(c).await?;
        let handover = state.db.handover(c).await?;
        Ok::<_, jobbvei_store::StoreError>((jobs, measures, checks, handover))
    }
    .await;
    let (jobs, measures, checks, handover) = match loaded {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "end report failed");
            return internal_error();
        }
    };
    let mut phases: Vec<_> = record.phases.iter().filter(|p| p.course == course.id).collect();
    phases.sort_by_key(|p| p.from);
    page.has_course = true;
    page.method = course.method.code();
    page.start = date(course.start);
    page.end = course.end.map(date).unwrap_or_else(|| "ikke avsluttet (utkast)".into());
    page.cause = match (course.end_cause, &course.end_cause_detail) {
        (Some(c), Some(d)) => format!("{}: {d}", end_cause_label(c)),
        (Some(c), None) => end_cause_label(c).to_owned(),
        (None, _) => "Ikke satt".into(),
    };
    page.phases = phases.iter().map(|p| (date(p.from), labels::phase(p.phase.code()))).collect();
    page.jobs = jobs.iter().map(job_line).collect();
    page.measures = measures.iter().map(measure_line).collect();
    page.checks = checks
        .iter()
        .filter(|k| k.done.is_some())
        .map(|k| CheckLine {
            due: date(k.due),
            done: k.done.map(date).unwrap_or_default(),
            // The area "Helse" is for the case roles only (DOMAIN.md §2).
            areas: k
                .areas
                .iter()
                .filter(|a| sees_health || **a != jobbvei_domain::FollowupArea::Health)
                .map(|a| area_label(*a))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    page.handover = handover.map(|h| HandoverView {
        follow_up_by: h.follow_up_by,
        agreed: h.agreed,
        veileder_told: if h.veileder_told { "Ja" } else { "Nei" },
        written: crate::dates::day_of(h.created_at),
    });
    render(&page)
}
