//! Unpaid placements (jobbsmak, arbeidstrening) from the participant page: recording why a
//! placement was set up (`POST /jobb/{id}/formal`) and extending it (`POST /jobb/{id}/forleng`),
//! which counts one more extension and moves the planned end. Only the owner and the team
//! lead may do either; each change is audited in its transaction, and bad input leaves the
//! stored data as it was and comes back beside the field with what was typed.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jobbvei_domain::Job;

use super::job_chain::PlacementInput;
use super::{audit_read, entry, participant};
use crate::AppState;
use crate::access::may_write_participant;
use crate::auth::Viewer;
use crate::dates::day as date;
use crate::forms::message;
use crate::pages::internal_error;

/// Longest purpose, in characters.
pub(crate) const MAX_PURPOSE: usize = 500;

pub(crate) type Errors = HashMap<&'static str, String>;

/// The purpose as typed, trimmed, with Windows line ends made plain.
pub(crate) fn parse_purpose(form: &HashMap<String, String>) -> Result<String, Errors> {
    let text = form.get("purpose").map(|s| s.replace("\r\n", "\n").trim().to_owned()).unwrap_or_default();
    let problem = if text.is_empty() {
        Some("Skriv hva utplasseringen skal gi deltakeren, for eksempel «prøve ut miljøarbeid i en bolig».".to_owned())
    } else if text.chars().count() > MAX_PURPOSE {
        Some(format!("Formålet kan ha høyst {MAX_PURPOSE} tegn (nå {}).", text.chars().count()))
    } else if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        Some("Formålet kan bare inneholde vanlig tekst.".to_owned())
    } else {
        None
    };
    match problem {
        Some(p) => Err(HashMap::from([("purpose", p)])),
        None => Ok(text),
    }
}

/// The new planned end of an extension: a date after the current planned end, on a
/// placement that has not ended. Returns (current, new).
pub(crate) fn parse_extension(form: &HashMap<String, String>, job: &Job) -> Result<(NaiveDate, NaiveDate), Errors> {
    let err = |m: String| Err(HashMap::from([("planned_end", m)]));
    if let Some(end) = job.end {
        return err(format!("Utplasseringen ble avsluttet {} og kan ikke forlenges.", date(end)));
    }
    let Some(current) = job.planned_end else {
        return err("Utplasseringen har ingen planlagt slutt å forlenge fra.".into());
    };
    let text = form.get("planned_end").map(|s| s.trim()).unwrap_or_default();
    if text.is_empty() {
        return err("Skriv ny planlagt slutt.".into());
    }
    let Some(new) = crate::dates::typed_iso(text) else {
        return err("Skriv datoen som åååå-mm-dd, for eksempel 2025-10-17.".into());
    };
    if new <= current {
        return err(format!("Ny planlagt slutt må være etter den nåværende ({}).", date(current)));
    }
    Ok((current, new))
}

fn fail(e: &jobbvei_store::StoreError) -> Response {
    tracing::error!(error = %e, "placement change failed");
    internal_error()
}

/// The placement, its participant, and whether the viewer may change it; or the answer.
async fn placement(state: &AppState, v: &Viewer, job_id: &str, action: &str) -> Result<(Job, String), Response> {
    let not_found = || message(StatusCode::NOT_FOUND, "Fant ikke siden", "Fant ikke utplasseringen.");
    let job = match state.db.job(job_id).await {
        Ok(Some(j)) => j,
        Ok(None) => return Err(not_found()),
        Err(e) => return Err(fail(&e)),
    };
    let pid = match state.db.course(job.course.as_str()).await {
        Ok(Some(c)) => c.participant.to_string(),
        Ok(None) => return Err(not_found()),
        Err(e) => return Err(fail(&e)),
    };
    let access = match state.db.participant_access(&pid, state.clock.today()).await {
        Ok(Some(a)) => a,
        Ok(None) => return Err(not_found()),
        Err(e) => return Err(fail(&e)),
    };
    if !may_write_participant(v, &access) {
        let mut e = entry(state, v, action, ("participant", &pid), &["job"]);
        e.outcome = "denied".into();
        if let Err(err) = audit_read(state, e).await {
            tracing::error!(error = %err, "could not audit a denial");
        }
        return Err(message(
            StatusCode::FORBIDDEN,
            "Ingen tilgang",
            "Bare deltakerens jobbspesialist og teamleder kan endre utplasseringen.",
        ));
    }
    if !job.form.is_unpaid_placement() {
        return Err(message(
            StatusCode::CONFLICT,
            "Ikke en utplassering",
            "Bare ulønnede utplasseringer (jobbsmak og arbeidstrening) har formål og forlengelser.",
        ));
    }
    Ok((job, pid))
}

/// The participant page again, with the messages beside the placement's fields.
async fn again(
    state: AppState,
    v: Viewer,
    pid: String,
    job: &Job,
    form: HashMap<String, String>,
    e: Errors,
) -> Response {
    let input = PlacementInput { job: job.id.to_string(), form, errors: e };
    let mut res = participant::page(&state, &v, &pid, Some(input), participant::TIMELINE_SHORT).await;
    if res.status() == StatusCode::OK {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

fn back(pid: &str, job: &Job) -> Response {
    Redirect::to(&format!("/deltaker/{pid}#utplassering-{}", job.id)).into_response()
}

/// `POST /jobb/{id}/formal`: records why the placement was set up.
pub(crate) async fn purpose(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    let (job, pid) = match placement(&state, &viewer, &id, "placement_purpose").await {
        Ok(x) => x,
        Err(answer) => return answer,
    };
    let text = match parse_purpose(&form) {
        Ok(t) => t,
        Err(errors) => return again(state, viewer, pid, &job, form, errors).await,
    };
    let saved = async {
        let mut tx = state.db.begin().await?;
        tx.set_placement_purpose(job.id.as_str(), &text, state.clock.now(), viewer.user.id.as_str()).await?;
        tx.audit(&entry(&state, &viewer, "placement_purpose", ("participant", &pid), &["job", "purpose"])).await?;
        tx.commit().await
    }
    .await;
    match saved {
        Ok(()) => back(&pid, &job),
        Err(e) => fail(&e),
    }
}

/// `POST /jobb/{id}/forleng`: one more extension, to the new planned end.
pub(crate) async fn extend(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    let (job, pid) = match placement(&state, &viewer, &id, "placement_extend").await {
        Ok(x) => x,
        Err(answer) => return answer,
    };
    let (current, new) = match parse_extension(&form, &job) {
        Ok(x) => x,
        Err(errors) => return again(state, viewer, pid, &job, form, errors).await,
    };
    let fields = ["job", "planned_end", "extensions"];
    let done = async {
        let mut tx = state.db.begin().await?;
        if !tx.extend_placement(job.id.as_str(), current, new).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.audit(&entry(&state, &viewer, "placement_extend", ("participant", &pid), &fields)).await?;
        tx.commit().await?;
        Ok::<_, jobbvei_store::StoreError>(true)
    }
    .await;
    match done {
        Ok(true) => back(&pid, &job),
        Ok(false) => message(
            StatusCode::CONFLICT,
            "Allerede endret",
            "Utplasseringen ble endret av noen andre i mellomtiden. Last siden på nytt.",
        ),
        Err(e) => fail(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn placement(planned: Option<&str>, end: Option<&str>) -> Job {
        Job {
            id: jobbvei_domain::ExtId::parse("j9").unwrap(),
            course: jobbvei_domain::ExtId::parse("c1").unwrap(),
            employer: jobbvei_domain::ExtId::parse("e1").unwrap(),
            form: jobbvei_domain::JobForm::Taster,
            start: "2025-10-06".parse().unwrap(),
            title: None,
            styrk: None,
            paid: Some(false),
            ordinary_terms: None,
            percent: Vec::new(),
            hours_per_week: None,
            probation_end: None,
            planned_end: planned.map(|d| d.parse().unwrap()),
            end: end.map(|d| d.parse().unwrap()),
            ended_by: None,
            end_reason: None,
            extensions: None,
        }
    }

    #[test]
    fn a_purpose_is_required_plain_and_short() {
        assert_eq!(
            parse_purpose(&form(&[("purpose", "  Prøve miljøarbeid\r\ni bolig ")])).unwrap(),
            "Prøve miljøarbeid\ni bolig"
        );
        assert!(parse_purpose(&form(&[("purpose", "   ")])).unwrap_err()["purpose"].starts_with("Skriv hva"));
        assert!(parse_purpose(&form(&[])).is_err());
        let long = "å".repeat(MAX_PURPOSE + 1);
        assert_eq!(
            parse_purpose(&form(&[("purpose", &long)])).unwrap_err()["purpose"],
            "Formålet kan ha høyst 500 tegn (nå 501)."
        );
        assert!(parse_purpose(&form(&[("purpose", &"å".repeat(MAX_PURPOSE))])).is_ok());
        assert!(parse_purpose(&form(&[("purpose", "a\u{7}b")])).is_err());
    }

    #[test]
    fn an_extension_moves_the_planned_end_forward_only() {
        let open = placement(Some("2025-10-08"), None);
        let ok = parse_extension(&form(&[("planned_end", "2025-10-10")]), &open).unwrap();
        assert_eq!(ok, ("2025-10-08".parse().unwrap(), "2025-10-10".parse().unwrap()));
        let same = parse_extension(&form(&[("planned_end", "2025-10-08")]), &open).unwrap_err();
        assert_eq!(same["planned_end"], "Ny planlagt slutt må være etter den nåværende (08.10.2025).");
        let bad = parse_extension(&form(&[("planned_end", "10.10.2025")]), &open).unwrap_err();
        assert!(bad["planned_end"].starts_with("Skriv datoen som åååå-mm-dd"));
        assert_eq!(parse_extension(&form(&[]), &open).unwrap_err()["planned_end"], "Skriv ny planlagt slutt.");
        let ended = placement(Some("2025-10-08"), Some("2025-10-07"));
        let e = parse_extension(&form(&[("planned_end", "2025-10-20")]), &ended).unwrap_err();
        assert_eq!(e["planned_end"], "Utplasseringen ble avsluttet 07.10.2025 og kan ikke forlenges.");
        assert!(parse_extension(&form(&[("planned_end", "2025-10-20")]), &placement(None, None)).is_err());
    }
}
