//! `/mine-deltakere`: the veileder's own participants (DOMAIN.md §2), so that after a
//! referral the veileder can see who follows the person, in which phase, when something
//! last happened and is next planned, the jobs, the requests that wait for their decision
//! and today's alerts: the "hears nothing" the seeds report (seed 001) has a page to look at.
//! A confidential participant is only counted here; only the owner and team lead see them.
//! Nothing here touches health: the alerts are about dates, and a meeting with health
//! services shows as a network meeting.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use jobbvei_domain::JobForm;
use jobbvei_domain::alerts::alerts;
use jobbvei_store::{CurrentJob, VeilederRow};

use super::{audit_read, entry, labels};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::keep::form::day;
use crate::pages::render;
use crate::paging::{PER_PAGE, PageParam, Pager};

struct Row {
    id: String,
    name: String,
    course: String,
    job_specialist: String,
    phase: &'static str,
    last_activity: String,
    next_meeting: String,
    jobs: Vec<String>,
    awaiting: i64,
    alerts: Vec<String>,
}

#[derive(Template)]
#[template(path = "my_participants.html")]
struct MyParticipantsPage {
    rows: Vec<Row>,
    pager: Pager,
    confidential: usize,
    awaiting: i64,
    /// The veileder's referrals unanswered for 14 days or more (crate::referrals).
    overdue_referrals: usize,
}

/// "Lagermedarbeider, Bakeriet AS (fast)": paid work as it is; an unpaid placement said so.
fn job_text(j: &CurrentJob) -> String {
    let form = JobForm::parse(&j.form);
    let what = j.title.clone().unwrap_or_else(|| "Jobb".into());
    let label = labels::job_form(&j.form);
    match form {
        Some(f) if f.is_unpaid_placement() => format!("{what}, {} ({label}, ulønnet)", j.employer),
        _ if j.paid == Some(false) => format!("{what}, {} ({label}, ulønnet)", j.employer),
        _ => format!("{what}, {} ({label})", j.employer),
    }
}

fn row(r: VeilederRow, alerts: &HashMap<String, Vec<String>>) -> Row {
    let course = match (&r.method, r.course_start, r.course_end) {
        (Some(m), Some(s), None) => format!("{m} fra {}{}", day(s), if r.passive { " (passiv)" } else { "" }),
        (Some(m), Some(s), Some(e)) => format!("{m} {} – {} (avsluttet)", day(s), day(e)),
        _ => "Ikke startet".to_owned(),
    };
    Row {
        id: r.participant_id,
        name: r.participant_name,
        course,
        job_specialist: r.job_specialist_name.unwrap_or_default(),
        phase: r.phase.as_deref().map_or("", labels::phase),
        last_activity: r.last_activity.map(day).unwrap_or_else(|| "Ingen ennå".to_owned()),
        next_meeting: r
            .next_meeting
            .map(|(at, kind)| format!("{} ({})", crate::dates::moment(at), labels::kind_for(&kind, false)))
            .unwrap_or_default(),
        jobs: r.jobs.iter().map(job_text).collect(),
        awaiting: r.awaiting_decision,
        alerts: r.course_id.as_ref().and_then(|c| alerts.get(c)).cloned().unwrap_or_default(),
    }
}

/// Today's alerts on the veileder's participants' courses, by course id.
async fn alerts_by_course(state: &AppState, me: &str) -> Result<HashMap<String, Vec<String>>, PageError> {
    let today = state.clock.today();
    let data = state.db.alert_data(today, Some(me)).await?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for a in alerts(&data, today) {
        let text = format!("{} {}", labels::alert(a.kind.code()), day(a.due));
        out.entry(data.courses[a.course].id.clone()).or_default().push(text);
    }
    Ok(out)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<PageParam>,
) -> Result<Response, PageError> {
    let me = v.user.id.as_str();
    let all = state.db.veileder_participants(me, state.clock.today(), state.clock.now()).await?;
    let alerts = alerts_by_course(&state, me).await?;
    audit_read(&state, entry(&state, &v, "read", ("caseload", me), &["participants", "alerts"])).await?;
    let (confidential, open): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r.confidential);
    let rows: Vec<Row> = open.into_iter().map(|r| row(r, &alerts)).collect();
    let awaiting = rows.iter().map(|r| r.awaiting).sum();
    let overdue_referrals = crate::referrals::overdue_count_for_veileder(&state, &v).await?;
    let pager = Pager::new("Sider i deltakerlisten", rows.len(), PER_PAGE, p.side.as_deref(), "/mine-deltakere", &[]);
    let rows = pager.cut(rows, PER_PAGE);
    Ok(render(&MyParticipantsPage { rows, pager, confidential: confidential.len(), awaiting, overdue_referrals }))
}
