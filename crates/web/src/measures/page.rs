//! `/deltaker/{id}/tiltak`: a participant's measure requests with their history, the draft
//! form with the office's quotas, and the steps the viewer may take on each request.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::measure_flow::{Month, Step, quota_use, steps_from, transition};
use jobbvei_domain::{ExtId, Measure, MeasureKind, MeasureStatus};
use jobbvei_store::{MeasureHistoryLine, MeasureRecord, ParticipantAccess, ParticipantRecord};

use super::form::{self, Errors};
use super::{
    action, actor, denied, kind_label, message, not_found, office_of, office_quotas, quota_text, status_label,
};
use crate::AppState;
use crate::access::may_read_participant;
use crate::auth::Viewer;
use crate::auth::secret::new_token;
use crate::dates::day as date;
use crate::pages::{internal_error, render};
use crate::workplace::{audit_read, entry};

struct HistoryView {
    when: String,
    who: String,
    what: String,
    reason: String,
    over_quota: bool,
}

struct MeasureView {
    id: String,
    kind: &'static str,
    status: &'static str,
    details: String,
    note: String,
    reason: String,
    history: Vec<HistoryView>,
    can_edit: bool,
    can_send: bool,
    can_activate: bool,
    can_end: bool,
    /// The viewer is the veileder who decides it.
    can_decide: bool,
    /// For a draft: how its kind's quota stands this month.
    quota: String,
    quota_full: bool,
}

#[derive(Template)]
#[template(path = "measures.html")]
struct MeasuresPage {
    participant_id: String,
    name: String,
    measures: Vec<MeasureView>,
    can_draft: bool,
    no_open_course: bool,
    form: HashMap<String, String>,
    errors: Errors,
    kinds: Vec<(&'static str, &'static str)>,
    jobs: Vec<(String, String)>,
    quotas: Vec<(&'static str, String, bool)>,
}

impl MeasuresPage {
    fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }

    fn sel(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "selected" } else { "" }
    }
}

fn num(v: f64) -> String {
    v.to_string().replace('.', ",")
}

fn details(m: &Measure, jobs: &[(String, String)]) -> String {
    let mut parts = Vec::new();
    if let Some(p) = m.percent {
        parts.push(format!("{} %", num(p)));
    }
    if let Some(h) = m.hours {
        parts.push(format!("{} timer", num(h)));
    }
    if let Some(a) = m.amount_nok {
        parts.push(format!("{} kr", num(a)));
    }
    if m.from.is_some() || m.to.is_some() {
        parts.push(format!("{} – {}", m.from.map(date).unwrap_or_default(), m.to.map(date).unwrap_or_default()));
    }
    if let Some(j) = &m.job {
        let title = jobs.iter().find(|(id, _)| id == j.as_str()).map_or(j.as_str(), |(_, t)| t.as_str());
        parts.push(format!("jobb: {title}"));
    }
    parts.join(" · ")
}

/// Everything the page needs from the store, loaded once per request.
struct Loaded {
    access: ParticipantAccess,
    record: ParticipantRecord,
    measures: Vec<MeasureRecord>,
    history: Vec<MeasureHistoryLine>,
    office: Option<String>,
}

async fn load(state: &AppState, id: &str) -> Result<Option<Loaded>, jobbvei_store::StoreError> {
    let Some(access) = state.db.participant_access(id, state.clock.today()).await? else { return Ok(None) };
    let Some(record) = state.db.participant_record(id, 0).await? else { return Ok(None) };
    let measures = state.db.participant_measures(id).await?;
    let history = state.db.measure_history(id).await?;
    let office = office_of(state, &access).await?;
    Ok(Some(Loaded { access, record, measures, history, office }))
}

async fn page(state: &AppState, v: &Viewer, d: Loaded, form: HashMap<String, String>, errors: Errors) -> Response {
    let who = actor(v, &d.access);
    let month = Month::of(state.clock.today());
    let (quotas, counted) = match office_quotas(state, d.office.as_deref(), month).await {
        Ok(x) => x,
        Err(e) => return fail(&e),
    };
    let jobs: Vec<(String, String)> = d
        .record
        .jobs
        .iter()
        .map(|j| {
            (
                j.id.to_string(),
                format!("{} ({})", j.title.clone().unwrap_or_else(|| "Uten tittel".into()), date(j.start)),
            )
        })
        .collect();
    let measures = d
        .measures
        .iter()
        .map(|r| {
            let m = &r.measure;
            let steps = steps_from(m.status, who);
            let usage = quota_use(&quotas, &counted, m.kind, month);
            MeasureView {
                id: m.id.to_string(),
                kind: kind_label(m.kind),
                status: status_label(m.status),
                details: details(m, &jobs),
                note: r.note.clone().unwrap_or_default(),
                reason: m.reason.clone().unwrap_or_default(),
                history: d
                    .history
                    .iter()
                    .filter(|h| h.event.measure == m.id.as_str())
                    .map(|h| HistoryView {
                        when: crate::dates::moment(h.event.at),
                        who: h.user_name.clone(),
                        what: status_label(h.event.to).to_owned(),
                        reason: h.event.reason.clone().unwrap_or_default(),
                        over_quota: h.event.over_quota,
                    })
                    .collect(),
                can_edit: steps.contains(&Step::Edit),
                can_send: steps.contains(&Step::Send),
                can_activate: steps.contains(&Step::Activate),
                can_end: steps.contains(&Step::End),
                can_decide: steps.contains(&Step::Grant),
                quota: if m.status == MeasureStatus::Draft {
                    quota_text(usage, "denne måneden")
                } else {
                    String::new()
                },
                quota_full: m.status == MeasureStatus::Draft && usage.full(),
            }
        })
        .collect();
    let quota_lines = MeasureKind::ALL
        .iter()
        .map(|k| (*k, quota_use(&quotas, &counted, *k, month)))
        .filter(|(_, u)| u.max.is_some())
        .map(|(k, u)| (kind_label(k), quota_text(u, "denne måneden"), u.full()))
        .collect();
    let today = state.clock.today();
    let open_course = d.record.courses.iter().any(|c| c.is_open_on(today));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut form = form;
    form.insert("csrf".into(), v.csrf.clone().unwrap_or_default());
    let mut res = render(&MeasuresPage {
        participant_id: d.record.participant.id.to_string(),
        name: d.record.participant.name.clone(),
        measures,
        can_draft: who.case_worker && open_course,
        no_open_course: who.case_worker && !open_course,
        form,
        errors,
        kinds: MeasureKind::ALL.iter().map(|k| (k.code(), kind_label(*k))).collect(),
        jobs,
        quotas: quota_lines,
    });
    *res.status_mut() = status;
    res
}

fn fail(e: &jobbvei_store::StoreError) -> Response {
    tracing::error!(error = %e, "measures page failed");
    internal_error()
}

/// `GET /deltaker/{id}/tiltak`; `?utkast=ID` opens that draft in the form.
pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let d = match load(&state, &id).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => return fail(&e),
    };
    if !may_read_participant(&viewer, &d.access) {
        return denied(&state, &viewer, "read", &id).await;
    }
    if let Err(e) = audit_read(&state, entry(&state, &viewer, "read", ("participant", &id), &["measures"])).await {
        return fail(&e);
    }
    let editing = q.get("utkast").and_then(|m| {
        d.measures.iter().find(|r| r.measure.id.as_str() == m && r.measure.status == MeasureStatus::Draft)
    });
    let form = match editing {
        Some(r) if actor(&viewer, &d.access).case_worker => form::filled(r),
        _ => HashMap::new(),
    };
    page(&state, &viewer, d, form, Errors::new()).await
}

/// `POST /deltaker/{id}/tiltak`: saves a new draft, or changes the draft named in `measure`.
pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    let d = match load(&state, &id).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => return fail(&e),
    };
    let who = actor(&viewer, &d.access);
    let editing = form.get("measure").filter(|m| !m.is_empty()).cloned();
    let existing = editing.as_ref().and_then(|m| d.measures.iter().find(|r| r.measure.id.as_str() == m.as_str()));
    if editing.is_some() && existing.is_none() {
        return not_found();
    }
    let (from, step) = match existing {
        Some(r) => (Some(r.measure.status), Step::Edit),
        None => (None, Step::Draft),
    };
    match transition(from, step, who, None) {
        Ok(_) => {}
        Err(jobbvei_domain::measure_flow::Refusal::NotAllowed) => return denied(&state, &viewer, "update", &id).await,
        Err(_) => {
            return message(StatusCode::CONFLICT, "Ikke et utkast", "Tiltaket er allerede sendt og kan ikke endres.");
        }
    }
    let today = state.clock.today();
    let Some(course) = d.record.courses.iter().find(|c| c.is_open_on(today)).map(|c| c.id.clone()) else {
        return message(StatusCode::CONFLICT, "Ingen åpent forløp", "Deltakeren har ikke et åpent forløp.");
    };
    let jobs: Vec<String> = d.record.jobs.iter().map(|j| j.id.to_string()).collect();
    let draft = match form::parse(&form, &jobs) {
        Ok(x) => x,
        Err(errors) => {
            // Shown again with every measure on it: a read like the page's own.
            if let Err(e) =
                audit_read(&state, entry(&state, &viewer, "read", ("participant", &id), &["measures"])).await
            {
                return fail(&e);
            }
            return page(&state, &viewer, d, form, errors).await;
        }
    };
    let mut measure = match existing {
        Some(r) => r.measure.clone(),
        None => {
            let Ok(mid) = new_token().map(|t| format!("m-{}", &t[..16])) else { return internal_error() };
            let Ok(mid) = ExtId::parse(&mid) else { return internal_error() };
            Measure {
                id: mid,
                course,
                kind: draft.kind,
                status: MeasureStatus::Draft,
                job: None,
                percent: None,
                hours: None,
                amount_nok: None,
                from: None,
                to: None,
                decided_by: None,
                reason: None,
            }
        }
    };
    draft.apply(&mut measure);
    let fields = ["measure", "kind", "job", "percent", "hours", "amount_nok", "from", "to", "note"];
    let saved = async {
        let mut tx = state.db.begin().await?;
        let ok = if existing.is_some() {
            tx.update_draft(&measure, draft.note.as_deref()).await?
        } else {
            tx.create_measure(&measure, draft.note.as_deref()).await?;
            let first = jobbvei_store::MeasureEvent {
                measure: measure.id.to_string(),
                at: state.clock.now(),
                user: viewer.user.id.to_string(),
                from: None,
                to: MeasureStatus::Draft,
                reason: None,
                over_quota: false,
            };
            tx.add_measure_event(&first).await?;
            true
        };
        let act = if existing.is_some() { "measure_edit".to_owned() } else { action(MeasureStatus::Draft) };
        tx.audit(&entry(&state, &viewer, &act, ("participant", &id), &fields)).await?;
        if ok {
            tx.commit().await?
        } else {
            tx.rollback().await?
        }
        Ok::<_, jobbvei_store::StoreError>(ok)
    }
    .await;
    match saved {
        Ok(true) => Redirect::to(&format!("/deltaker/{id}/tiltak")).into_response(),
        Ok(false) => message(StatusCode::CONFLICT, "Ikke et utkast", "Tiltaket er allerede sendt og kan ikke endres."),
        Err(e) => fail(&e),
    }
}
