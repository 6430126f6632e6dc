//! `/vedtak`: the requests waiting for the signed-in veileder, each with its decision form.
//! Only the participant's assigned veileder may decide; a decline needs a reason, and
//! without one the form comes back with the message beside the field and nothing stored.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::MeasureStatus;
use jobbvei_domain::measure_flow::{Refusal, Step, transition};

use super::{action, actor, denied, event, kind_label, message, not_found};
use crate::AppState;
use crate::access::may_read_participant;
use crate::auth::Viewer;
use crate::dates::day as date;
use crate::notify::notices::{self, By};
use crate::pages::{internal_error, render};
use crate::workplace::{audit_read, entry};

struct WaitingView {
    id: String,
    participant_id: String,
    participant_name: String,
    kind: &'static str,
    details: String,
    note: String,
    sent: String,
    over_quota: bool,
    /// What was typed when the form came back with an error.
    decision: String,
    reason: String,
    reason_error: String,
}

#[derive(Template)]
#[template(path = "measure_decisions.html")]
struct DecisionsPage {
    csrf: String,
    waiting: Vec<WaitingView>,
    /// Requests on confidential participants, which only the owner and team lead may see.
    hidden: usize,
}

fn num(v: f64) -> String {
    v.to_string().replace('.', ",")
}

/// The list, with `typed` (measure id, decision, reason, error) put back into its form.
async fn page(state: &AppState, v: &Viewer, typed: Option<(&str, &str, &str, &str)>) -> Response {
    let me = v.user.id.as_str();
    let loaded = async {
        let rows = state.db.measures_awaiting(me).await?;
        audit_read(state, entry(state, v, "read", ("measure_decisions", me), &["measures"])).await?;
        Ok::<_, jobbvei_store::StoreError>(rows)
    }
    .await;
    let rows = match loaded {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "decision list failed");
            return internal_error();
        }
    };
    // DOMAIN.md §2: a confidential participant is visible only to the owner and the team
    // lead, so the veileder is told only that such requests exist.
    let (hidden, rows): (Vec<_>, Vec<_>) = rows.into_iter().partition(|w| w.record.confidential);
    let hidden = hidden.len();
    let waiting = rows
        .into_iter()
        .map(|w| {
            let m = &w.record.measure;
            let mine = typed.filter(|t| t.0 == m.id.as_str());
            let details = [
                m.percent.map(|p| format!("{} %", num(p))),
                m.hours.map(|h| format!("{} timer", num(h))),
                m.amount_nok.map(|a| format!("{} kr", num(a))),
                (m.from.is_some() || m.to.is_some()).then(|| {
                    format!("{} – {}", m.from.map(date).unwrap_or_default(), m.to.map(date).unwrap_or_default())
                }),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            WaitingView {
                id: m.id.to_string(),
                participant_id: w.record.participant_id.clone(),
                participant_name: w.record.participant_name.clone(),
                kind: kind_label(m.kind),
                details,
                note: w.record.note.clone().unwrap_or_default(),
                sent: crate::dates::day_of(w.event.at),
                over_quota: w.event.over_quota,
                decision: mine.map(|t| t.1.to_owned()).unwrap_or_default(),
                reason: mine.map(|t| t.2.to_owned()).unwrap_or_default(),
                reason_error: mine.map(|t| t.3.to_owned()).unwrap_or_default(),
            }
        })
        .collect();
    let status = if typed.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let mut res = render(&DecisionsPage { csrf: v.csrf.clone().unwrap_or_default(), waiting, hidden });
    *res.status_mut() = status;
    res
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer) -> Response {
    page(&state, &viewer, None).await
}

const MAX_REASON: usize = 1000;

/// `POST /vedtak/{id}`: `decision` is `innvilget` or `avslatt`, `reason` required for the latter.
pub(crate) async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    let record = match state.db.measure_record(&id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "measure lookup failed");
            return internal_error();
        }
    };
    let pid = record.participant_id.clone();
    let access = match state.db.participant_access(&pid, state.clock.today()).await {
        Ok(Some(a)) => a,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "access lookup failed");
            return internal_error();
        }
    };
    // Access first: a message about the form would tell that the measure exists.
    if !may_read_participant(&viewer, &access) {
        return denied(&state, &viewer, &action(record.measure.status), &pid).await;
    }
    let decision = form.get("decision").map(|s| s.trim()).unwrap_or_default();
    // A text area sends line breaks as \r\n; stored text keeps \n only (bounds::plain_text).
    let reason = form.get("reason").map(|s| s.replace("\r\n", "\n")).unwrap_or_default();
    let reason = reason.trim();
    let step = match decision {
        "innvilget" => Step::Grant,
        "avslatt" => Step::Decline,
        _ => return page(&state, &viewer, Some((&id, decision, reason, "Velg innvilget eller avslått."))).await,
    };
    if reason.chars().count() > MAX_REASON {
        let text = format!("Begrunnelsen kan ha høyst {MAX_REASON} tegn.");
        return page(&state, &viewer, Some((&id, decision, reason, &text))).await;
    }
    if !jobbvei_domain::bounds::plain_text(reason) {
        return page(&state, &viewer, Some((&id, decision, reason, crate::profile::PLAIN_TEXT))).await;
    }
    let reason = (!reason.is_empty()).then(|| reason.to_owned());
    let to = match transition(Some(record.measure.status), step, actor(&viewer, &access), reason.as_deref()) {
        Ok(to) => to,
        Err(Refusal::NotAllowed) => return denied(&state, &viewer, &action(record.measure.status), &pid).await,
        Err(Refusal::ReasonRequired) => {
            let text = "Skriv en begrunnelse for avslaget.";
            return page(&state, &viewer, Some((&id, decision, "", text))).await;
        }
        Err(Refusal::WrongStatus) => {
            return message(StatusCode::CONFLICT, "Allerede avgjort", "Tiltaket er ikke lenger til vurdering.");
        }
    };
    let me = viewer.user.id.as_str();
    let done = async {
        let mut tx = state.db.begin().await?;
        let stored_reason = if to == MeasureStatus::Declined { reason.as_deref() } else { None };
        if !tx.move_measure(&id, record.measure.status, to, Some(me), stored_reason).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.add_measure_event(&event(&state, &viewer, &record, to, reason.clone(), false)).await?;
        tx.audit(&entry(&state, &viewer, &action(to), ("participant", &pid), &["measure", "status", "reason"])).await?;
        notices::measure_decided(&mut tx, &By { user: me, at: state.clock.now() }, &record, to).await?;
        tx.commit().await?;
        Ok::<_, jobbvei_store::StoreError>(true)
    }
    .await;
    match done {
        Ok(true) => Redirect::to("/vedtak").into_response(),
        Ok(false) => message(StatusCode::CONFLICT, "Allerede avgjort", "Tiltaket er ikke lenger til vurdering."),
        Err(e) => {
            tracing::error!(error = %e, "could not store a decision");
            internal_error()
        }
    }
}
