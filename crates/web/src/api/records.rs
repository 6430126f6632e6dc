//! Reading participants, courses, jobs, activities and employers.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use jobbvei_domain::Role;
use jobbvei_exchange::Record;
use serde_json::Value;

use super::{Page, internal, json, not_found, record};
use crate::AppState;
use crate::access::may_read_participant;
use crate::auth::Viewer;
use crate::workplace::{audit_read, entry};

pub(crate) fn array(values: Vec<Value>) -> Response {
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

/// The participants the lists show: those on the caller's caseload (their own, or their
/// team's for a metodeveileder) and those they are veileder of, each one the caller may read.
pub(crate) async fn listed_participants(
    state: &AppState,
    v: &Viewer,
) -> Result<Vec<String>, jobbvei_store::StoreError> {
    let mut ids = Vec::new();
    if v.has(Role::JobSpecialist) || v.has(Role::MethodSupervisor) {
        let (_, who) = crate::workplace::caseload::scope(state, v).await?;
        ids.extend(state.db.caseload(&who, state.clock.today()).await?.into_iter().map(|c| c.participant_id));
    }
    if v.has(Role::Veileder) {
        ids.extend(state.db.participants_of_veileder(v.user.id.as_str()).await?);
    }
    ids.sort();
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(access) = state.db.participant_access(&id, state.clock.today()).await? else { continue };
        if may_read_participant(v, &access) {
            out.push(id);
        }
    }
    Ok(out)
}

pub(crate) async fn participants(State(state): State<AppState>, v: Viewer, Query(page): Query<Page>) -> Response {
    let listed = async {
        let ids = listed_participants(&state, &v).await?;
        let (offset, limit) = (page.offset() as usize, page.limit() as usize);
        let shown: Vec<_> = state.db.participants(&ids).await?.into_iter().skip(offset).take(limit).collect();
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

pub(crate) async fn employers(State(state): State<AppState>, _v: Viewer, Query(page): Query<Page>) -> Response {
    let q = page.q.clone().unwrap_or_default();
    match state.db.employers_matching(q.trim(), page.limit(), page.offset()).await {
        Ok(list) => array(list.into_iter().filter_map(|e| record(&Record::Employer(e))).collect()),
        Err(e) => {
            tracing::error!(error = %e, "employer search failed");
            internal()
        }
    }
}

pub(crate) async fn employer(State(state): State<AppState>, _v: Viewer, Path(id): Path<String>) -> Response {
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
    let listed = async {
        let list = state.db.activities_of(v.user.id.as_str(), page.limit(), page.offset()).await?;
        let list = still_opened(&state, &v, list).await?;
        // Activities name participants and contact persons: reading them is audited like
        // the other lists.
        let who = v.user.id.as_str();
        audit_read(&state, entry(&state, &v, "read", ("activity_list", who), &["activities"])).await?;
        Ok::<_, jobbvei_store::StoreError>(list)
    }
    .await;
    match listed {
        Ok(list) => array(list.into_iter().filter_map(|a| record(&Record::Activity(a))).collect()),
        Err(e) => {
            tracing::error!(error = %e, "activity list failed");
            internal()
        }
    }
}

/// The caller's own activities that are still opened: those of no course, and those whose
/// participant the caller may read today (docs/access.md). A page may therefore hold fewer
/// than `limit`; `offset` counts the caller's activities, shown or not. Asked once per course.
async fn still_opened(
    state: &AppState,
    v: &Viewer,
    list: Vec<jobbvei_domain::Activity>,
) -> Result<Vec<jobbvei_domain::Activity>, jobbvei_store::StoreError> {
    let mut open: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(list.len());
    for a in list {
        let shown = match &a.course {
            None => true,
            Some(course) => match open.get(course.as_str()) {
                Some(&known) => known,
                None => {
                    let access = match state.db.course(course.as_str()).await? {
                        Some(c) => state.db.participant_access(c.participant.as_str(), state.clock.today()).await?,
                        None => None,
                    };
                    let known = access.is_some_and(|x| may_read_participant(v, &x));
                    open.insert(course.as_str().to_owned(), known);
                    known
                }
            },
        };
        if shown {
            kept.push(a);
        }
    }
    Ok(kept)
}

pub(crate) async fn activity(State(state): State<AppState>, v: Viewer, Path(id): Path<String>) -> Response {
    let found = async {
        let Some(a) = state.db.activity(&id).await? else { return Ok(None) };
        let participant = match &a.course {
            Some(course) => state.db.course(course.as_str()).await?.map(|c| c.participant),
            None => None,
        };
        // Someone else's activity only through its participant; one's own as well once it is
        // about a participant, whose record it belongs to: after the handover it is counted in
        // the figures but no longer opened (docs/access.md).
        match &participant {
            Some(p) if !readable(&state, &v, p.as_str()).await? => return Ok(None),
            None if a.user != v.user.id => return Ok(None),
            _ => {}
        }
        // Filed under the participant, like a course or job read, so that
        // `jobbvei audit --participant` lists it; an activity of no course under itself.
        let read = match &participant {
            Some(p) => entry(&state, &v, "read", ("participant", p.as_str()), &["activity"]),
            None => entry(&state, &v, "read", ("activity", &id), &["record"]),
        };
        audit_read(&state, read).await?;
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
