//! `/henvisning/{id}`: one referral as the veileder wrote it, where it stands, and the answer
//! with its reason and the team lead's text. The team lead answers from here; the veileder
//! changes or sends a draft. Every reading is audited.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use jobbvei_domain::Role;

use super::{Seen, case, status_words};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::render;
use crate::workplace::{audit_read, entry};

#[derive(Template)]
#[template(path = "referral.html")]
struct ReferralPage {
    id: String,
    participant_id: String,
    participant_name: String,
    /// The participant page is open to the viewer: the veileder's own, or a course they follow.
    participant_link: bool,
    team: String,
    veileder: String,
    status: String,
    sent: bool,
    /// (label, text) of what the veileder wrote; blank ones are left out.
    texts: Vec<(&'static str, String)>,
    consulted: String,
    decision_text: String,
    course: String,
    can_edit: bool,
    can_answer: bool,
}

fn method_label(m: jobbvei_domain::Method) -> &'static str {
    match m {
        jobbvei_domain::Method::Se => "Supported Employment",
        jobbvei_domain::Method::Ips => "IPS",
        jobbvei_domain::Method::Uo => "Utvidet oppfølging",
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (line, seen) = case(&state, &v, &id).await?;
    let detail = state.db.referral_detail(&id).await?.unwrap_or_default();
    audit_read(&state, entry(&state, &v, "read", ("participant", &line.participant_id), &["referral"])).await?;
    let today = state.clock.today();
    let mut texts = Vec::new();
    for (label, text) in [
        ("Hvorfor nå", detail.why_now.clone()),
        ("Deltakerens eget ønske om arbeid", detail.wish.clone()),
        ("Det veilederen vet om behov for bistand", detail.support_needs.clone()),
        ("Foretrukket metode", detail.preferred_method.map(|m| method_label(m).to_owned())),
    ] {
        if let Some(t) = text {
            texts.push((label, t));
        }
    }
    let course = match (&line.course_start, &line.job_specialist_name) {
        (Some(start), Some(js)) => format!("Forløp hos {js} fra {} (trekantsamtale)", crate::dates::day(*start)),
        _ => String::new(),
    };
    let participant_link = match seen {
        Seen::Owner => !line.confidential,
        Seen::Lead | Seen::Team => line.course_id.is_some(),
    };
    let page = ReferralPage {
        participant_link,
        team: line.team_name.clone(),
        veileder: line.veileder_name.clone(),
        status: status_words(&line, today),
        sent: line.sent.is_some(),
        texts,
        consulted: line.consulted_at.map(crate::dates::moment).unwrap_or_default(),
        decision_text: detail.decision_text.clone().unwrap_or_default(),
        course,
        can_edit: seen == Seen::Owner && line.sent.is_none(),
        can_answer: seen == Seen::Lead
            && line.sent.is_some()
            && line.decision.is_none()
            && v.has(Role::MethodSupervisor),
        id: line.id,
        participant_id: line.participant_id,
        participant_name: line.participant_name,
    };
    Ok(render(&page))
}
