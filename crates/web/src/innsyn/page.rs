//! `/deltaker/{id}/innsyn`: the team lead prints everything stored about a person of their
//! team for the person's access request. The request itself is audited before the report is
//! read, so the report lists it.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;
use crate::auth::Viewer;
use crate::course_end::{Need, load};
use crate::pages::internal_error;
use crate::workplace::{audit_read, entry};

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    // The lead of the person's team, not anyone who reads the person: a team lead who is
    // also someone's veileder does not print that person's whole record (docs/access.md).
    if let Err(answer) = load(&state, &viewer, &id, Need::Lead).await {
        return answer;
    }
    let made = state.clock.now();
    let report = async {
        audit_read(&state, entry(&state, &viewer, super::ACTION, ("participant", &id), &["innsyn"])).await?;
        state.db.person_report(&id).await
    }
    .await;
    match report {
        Ok(Some(r)) => match super::document(&r, made, true) {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "innsyn document failed");
                internal_error()
            }
        },
        Ok(None) => internal_error(),
        Err(e) => {
            tracing::error!(error = %e, "innsyn report failed");
            internal_error()
        }
    }
}
