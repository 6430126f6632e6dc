//! `/mine-deltakere`: the veileder's own participants (DOMAIN.md §2), so that after a
//! referral the veileder can see who follows the person, in which phase, and when something
//! last happened: the "hears nothing" the seeds report (seed 001) has a page to look at.
//! A confidential participant is only counted here; only the owner and team lead see them.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jobbvei_store::VeilederRow;

use super::{audit_read, entry, labels};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::keep::form::day;
use crate::pages::render;

struct Row {
    id: String,
    name: String,
    course: String,
    job_specialist: String,
    phase: &'static str,
    last_activity: String,
}

#[derive(Template)]
#[template(path = "my_participants.html")]
struct MyParticipantsPage {
    rows: Vec<Row>,
    confidential: usize,
    /// The veileder's referrals unanswered for 14 days or more (crate::referrals).
    overdue_referrals: usize,
}

fn row(r: VeilederRow) -> Row {
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
    }
}

pub(crate) async fn show(State(state): State<AppState>, v: Viewer) -> Result<Response, PageError> {
    let all = state.db.veileder_participants(v.user.id.as_str(), state.clock.today()).await?;
    audit_read(&state, entry(&state, &v, "read", ("caseload", v.user.id.as_str()), &["participants"])).await?;
    let (confidential, open): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r.confidential);
    let overdue_referrals = crate::referrals::overdue_count_for_veileder(&state, &v).await?;
    Ok(render(&MyParticipantsPage {
        rows: open.into_iter().map(row).collect(),
        confidential: confidential.len(),
        overdue_referrals,
    }))
}
