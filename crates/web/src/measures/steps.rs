//! The steps on a request after drafting, taken from the participant's measures page:
//! sending to the veileder (allowed over the quota, and marked so), and recording that a
//! granted measure started or ended. Deciding is on `/vedtak` (see `decisions`).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::measure_flow::{Refusal, Step, transition};

use super::{action, actor, denied, event, message, not_found, office_of, quota_now};
use crate::AppState;
use crate::access::may_read_participant;
use crate::auth::Viewer;
use crate::notify::notices::{self, By};
use crate::pages::internal_error;
use crate::workplace::entry;

fn fail(e: &jobbvei_store::StoreError) -> Response {
    tracing::error!(error = %e, "measure step failed");
    internal_error()
}

/// `POST /tiltak/{id}/send`: sends a draft to the veileder, even over the quota.
pub(crate) async fn send(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    step(&state, &viewer, &id, &form, Step::Send).await
}

/// `POST /tiltak/{id}/status`: records that a granted measure started (`step=aktiv`) or ended (`step=avsluttet`).
pub(crate) async fn advance(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    let step_taken = match form.get("step").map(String::as_str) {
        Some("aktiv") => Step::Activate,
        Some("avsluttet") => Step::End,
        _ => return message(StatusCode::UNPROCESSABLE_ENTITY, "Ukjent steg", "Velg aktiv eller avsluttet."),
    };
    step(&state, &viewer, &id, &form, step_taken).await
}

async fn step(state: &AppState, viewer: &Viewer, id: &str, _form: &HashMap<String, String>, s: Step) -> Response {
    let record = match state.db.measure_record(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return fail(&e),
    };
    let pid = record.participant_id.clone();
    let access = match state.db.participant_access(&pid, state.clock.today()).await {
        Ok(Some(a)) => a,
        Ok(None) => return not_found(),
        Err(e) => return fail(&e),
    };
    if !may_read_participant(viewer, &access) {
        return denied(state, viewer, &action(record.measure.status), &pid).await;
    }
    let to = match transition(Some(record.measure.status), s, actor(viewer, &access), None) {
        Ok(to) => to,
        Err(Refusal::NotAllowed) => {
            return denied(state, viewer, &action(record.measure.status), &pid).await;
        }
        Err(_) => {
            return message(
                StatusCode::CONFLICT,
                "Allerede endret",
                "Tiltaket har fått en annen status. Last siden på nytt.",
            );
        }
    };
    let over_quota = if s == Step::Send {
        let office = match office_of(state, &access).await {
            Ok(o) => o,
            Err(e) => return fail(&e),
        };
        match quota_now(state, office.as_deref(), record.measure.kind).await {
            Ok(u) => u.plus_one().exceeded(),
            Err(e) => return fail(&e),
        }
    } else {
        false
    };
    let done = async {
        let mut tx = state.db.begin().await?;
        if !tx.move_measure(id, record.measure.status, to, None, None).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.add_measure_event(&event(state, viewer, &record, to, None, over_quota)).await?;
        tx.audit(&entry(state, viewer, &action(to), ("participant", &pid), &["measure", "status"])).await?;
        if s == Step::Send {
            let by = By { user: viewer.user.id.as_str(), at: state.clock.now() };
            notices::measure_sent(&mut tx, &by, &record, access.veileder.as_deref()).await?;
        }
        tx.commit().await?;
        Ok::<_, jobbvei_store::StoreError>(true)
    }
    .await;
    match done {
        Ok(true) => Redirect::to(&format!("/deltaker/{pid}/tiltak")).into_response(),
        Ok(false) => {
            message(StatusCode::CONFLICT, "Allerede endret", "Tiltaket har fått en annen status. Last siden på nytt.")
        }
        Err(e) => fail(&e),
    }
}
