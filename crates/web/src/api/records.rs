//! Reading participants, courses, jobs, activities and employers, and logging activities.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jobbvei_domain::{ExtId, Role};
use jobbvei_exchange::Record;
use serde_json::Value;

use super::{Page, internal, json, not_found, record};
use crate::AppState;
use crate::access::{may_read_participant, may_write_participant, require};
use crate::auth::Viewer;
use crate::forms::new_id;
use crate::problem::Problem;
use crate::workplace::{audit_read, entry};

fn array(values: Vec<Value>) -> Response {
    json(Value::Array(values).to_string())
}

/// Whether the viewer may read participant `id`; a denial is audited.
async fn readable(state: &AppState, v: &Viewer, id: &str) -> Result<bool, jobbvei_store::StoreError> {
    let Some(access) = state.db.participant_access(id, state.clock.today()).await? else { return Ok(false) };
    if may_read_participant(v, &access) {
        return Ok(true);
    }
    let mut denial = entry(state, v, "read", ("participant", id), &[]);
    denial.outcome = "denied".into();
    audit_read(state, denial).await?;
    Ok(false)
}

pub(crate) async fn participants(State(state): State<AppState>, v: Viewer, Query(page): Query<Page>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/participants").await {
        return denied;
    }
    let listed = async {
        let mut ids = Vec::new();
        if v.has(Role::JobSpecialist) || v.has(Role::MethodSupervisor) {
            let (_, who) = crate::workplace::caseload::scope(&state, &v).await?;
            ids.extend(state.db.caseload(&who, state.clock.today()).await?.into_iter().map(|c| c.participant_id));
        }
        if v.has(Role::Veileder) {
            ids.extend(state.db.participants_of_veileder(v.user.id.as_str()).await?);
        }
        ids.sort();
        ids.dedup();
        let mut out = Vec::new();
        for p in state.db.participants(&ids).await? {
            let Some(access) = state.db.participant_access(p.id.as_str(), state.clock.today()).await? else { continue };
            if may_read_participant(&v, &access) {
                out.push(p);
            }
        }
        let (offset, limit) = (page.offset() as usize, page.limit() as usize);
        let shown: Vec<_> = out.into_iter().skip(offset).take(limit).collect();
        let who = v.user.id.as_str().to_owned();
        audit_read(&state, entry(&state, &v, "read", ("participant_list", &who), &["participants"])).await?;
        Ok::<_, jobbvei_store::StoreError>(shown)
    }
    .await;
    match listed {
        Ok(list) => array(list.into_iter().filter_map(|p| record(&Record::Participant(p))).collect()),
        Err(e) => {
            tracing::error!(error = %e, "participant list failed");
            internal()
        }
    }
}

pub(crate) async fn participant(State(state): State<AppState>, v: Viewer, Path(id): Path<String>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/participants/{id}").await {
        return denied;
    }
    let found = async {
        if !readable(&state, &v, &id).await? {
            return Ok(None);
        }
        let rec = state.db.participant_record(&id, 0).await?;
        audit_read(&state, entry(&state, &v, "read", ("participant", &id), &["record"])).await?;
        Ok::<_, jobbvei_store::StoreError>(rec)
    }
    .await;
    match found {
        Ok(Some(r)) => record(&Record::Participant(r.participant)).map_or_else(internal, |v| json(v.to_string())),
        Ok(None) => not_found("participant"),
        Err(e) => {
            tracing::error!(error = %e, "participant read failed");
            internal()
        }
    }
}

pub(crate) async fn course(State(state): State<AppState>, v: Viewer, Path(id): Path<String>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/courses/{id}").await {
        return denied;
    }
    let found = async {
        let Some(c) = state.db.course(&id).await? else { return Ok(None) };
        if !readable(&state, &v, c.participant.as_str()).await? {
            return Ok(None);
        }
        audit_read(&state, entry(&state, &v, "read", ("participant", c.participant.as_str()), &["course"])).await?;
        Ok::<_, jobbvei_store::StoreError>(Some(c))
    }
    .await;
    match found {
        Ok(Some(c)) => record(&Record::Course(c)).map_or_else(internal, |v| json(v.to_string())),
        Ok(None) => not_found("course"),
        Err(e) => {
            tracing::error!(error = %e, "course read failed");
            internal()
        }
    }
}

pub(crate) async fn job(State(state): State<AppState>, v: Viewer, Path(id): Path<String>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/jobs/{id}").await {
        return denied;
    }
    let found = async {
        let Some(j) = state.db.job(&id).await? else { return Ok(None) };
        let Some(c) = state.db.course(j.course.as_str()).await? else { return Ok(None) };
        if !readable(&state, &v, c.participant.as_str()).await? {
            return Ok(None);
        }
        audit_read(&state, entry(&state, &v, "read", ("participant", c.participant.as_str()), &["job"])).await?;
        Ok::<_, jobbvei_store::StoreError>(Some(j))
    }
    .await;
    match found {
        Ok(Some(j)) => record(&Record::Job(j)).map_or_else(internal, |v| json(v.to_string())),
        Ok(None) => not_found("job"),
        Err(e) => {
            tracing::error!(error = %e, "job read failed");
            internal()
        }
    }
}

pub(crate) async fn employers(State(state): State<AppState>, v: Viewer, Query(page): Query<Page>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/employers").await {
        return denied;
    }
    let q = page.q.clone().unwrap_or_default();
    match state.db.employers_matching(q.trim(), page.limit(), page.offset()).await {
        Ok(list) => array(list.into_iter().filter_map(|e| record(&Record::Employer(e))).collect()),
        Err(e) => {
            tracing::error!(error = %e, "employer search failed");
            internal()
        }
    }
}

pub(crate) async fn employer(State(state): State<AppState>, v: Viewer, Path(id): Path<String>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/employers/{id}").await {
        return denied;
    }
    match state.db.employer(&id).await {
        Ok(Some(e)) => record(&Record::Employer(e)).map_or_else(internal, |v| json(v.to_string())),
        Ok(None) => not_found("employer"),
        Err(e) => {
            tracing::error!(error = %e, "employer read failed");
            internal()
        }
    }
}

pub(crate) async fn activities(State(state): State<AppState>, v: Viewer, Query(page): Query<Page>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/activities").await {
        return denied;
    }
    match state.db.activities_of(v.user.id.as_str(), page.limit(), page.offset()).await {
        Ok(list) => array(list.into_iter().filter_map(|a| record(&Record::Activity(a))).collect()),
        Err(e) => {
            tracing::error!(error = %e, "activity list failed");
            internal()
        }
    }
}

pub(crate) async fn activity(State(state): State<AppState>, v: Viewer, Path(id): Path<String>) -> Response {
    if let Err(denied) = require(&state, &v, "GET", "/api/v1/activities/{id}").await {
        return denied;
    }
    let found = async {
        let Some(a) = state.db.activity(&id).await? else { return Ok(None) };
        if a.user != v.user.id {
            let Some(course) = &a.course else { return Ok(None) };
            let Some(c) = state.db.course(course.as_str()).await? else { return Ok(None) };
            if !readable(&state, &v, c.participant.as_str()).await? {
                return Ok(None);
            }
        }
        Ok::<_, jobbvei_store::StoreError>(Some(a))
    }
    .await;
    match found {
        Ok(Some(a)) => record(&Record::Activity(a)).map_or_else(internal, |v| json(v.to_string())),
        Ok(None) => not_found("activity"),
        Err(e) => {
            tracing::error!(error = %e, "activity read failed");
            internal()
        }
    }
}

fn invalid(errors: Vec<(String, String)>) -> Response {
    let detail = errors.iter().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join("; ");
    let body = serde_json::json!({
        "type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": detail,
        "errors": errors.iter().map(|(f, m)| serde_json::json!({"field": f, "message": m})).collect::<Vec<_>>(),
    });
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        [(axum::http::header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// `POST /api/v1/activities`: log an activity as the caller. The body is an exchange-format
/// `activity` object; `type` and `user` may be left out, `id` too (one is generated).
pub(crate) async fn create_activity(
    State(state): State<AppState>,
    v: Viewer,
    body: Result<Json<Value>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(denied) = require(&state, &v, "POST", "/api/v1/activities").await {
        return denied;
    }
    let Ok(Json(Value::Object(mut obj))) = body else {
        return invalid(vec![("body".into(), "must be a JSON object".into())]);
    };
    obj.insert("type".into(), Value::from("activity"));
    match obj.get("user") {
        None => _ = obj.insert("user".into(), Value::from(v.user.id.as_str())),
        Some(u) if u.as_str() == Some(v.user.id.as_str()) => {}
        Some(_) => {
            return invalid(vec![(
                "user".into(),
                "must be the caller: activities are logged by their own user".into(),
            )]);
        }
    }
    if !obj.contains_key("id") {
        let Some(id) = new_id("a") else { return internal() };
        obj.insert("id".into(), Value::from(id));
    }
    let line = Value::Object(obj).to_string();
    let activity = match jobbvei_exchange::parse::parse_line(&line) {
        Ok(Some(Record::Activity(a))) => a,
        Ok(_) => return internal(),
        Err(errors) => return invalid(errors.into_iter().map(|e| (e.field, e.message)).collect()),
    };
    let saved = async {
        let mut errors = Vec::new();
        if state.db.activity(activity.id.as_str()).await?.is_some() {
            errors.push(("id".to_owned(), "an activity with this id exists".to_owned()));
        }
        let mut participant: Option<ExtId> = None;
        if let Some(c) = &activity.course {
            match state.db.course(c.as_str()).await? {
                None => errors.push(("course".into(), format!("no course \"{c}\""))),
                Some(course) => {
                    let access = state.db.participant_access(course.participant.as_str(), state.clock.today()).await?;
                    if !access.is_some_and(|a| may_write_participant(&v, &a)) {
                        errors.push(("course".into(), "you may not log work on this course".into()));
                    }
                    participant = Some(course.participant);
                }
            }
        }
        if let Some(e) = &activity.employer
            && !state.db.exists_employer(e.as_str()).await?
        {
            errors.push(("employer".into(), format!("no employer \"{e}\"")));
        }
        if activity.employer_contact.is_some() {
            errors.push(("employer_contact".into(), "not accepted through the API yet".into()));
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let mut tx = state.db.begin().await?;
        tx.upsert_activities(std::slice::from_ref(&activity)).await?;
        let rec = participant.as_ref().map_or(("activity", activity.id.as_str()), |p| ("participant", p.as_str()));
        tx.audit(&entry(&state, &v, "create", rec, &["activity"])).await?;
        tx.commit().await?;
        Ok::<_, jobbvei_store::StoreError>(Ok(()))
    }
    .await;
    match saved {
        Ok(Ok(())) => {
            let body = record(&Record::Activity(activity)).map(|v| v.to_string()).unwrap_or_default();
            (StatusCode::CREATED, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Ok(Err(errors)) => invalid(errors),
        Err(e) => {
            tracing::error!(error = %e, "activity create failed");
            Problem {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                title: "Internal Server Error",
                detail: "Something went wrong.".into(),
            }
            .into_response()
        }
    }
}
