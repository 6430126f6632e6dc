//! Creating and replacing records: `POST /api/v1/{things}` and `PUT /api/v1/{things}/{id}`.
//!
//! The body is one exchange-format record, read by the importer's own parser, so the API and
//! `jobbvei import` accept and refuse exactly the same values (a duplicate key included).
//! Then, in this order: on create, 409 for an id of a record the caller sees and 422 on
//! `id` for one they do not; on update, 404 for a record that does not exist or that the
//! caller may not see, alike; the record's access and reference rules (`rules`); and one
//! transaction that writes the record together with its audit entry. Nothing is written
//! unless every check has passed. A body over the size limit is 413.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jobbvei_exchange::Record;
use jobbvei_store::{RecordKind, StoreError, Tx};
use serde_json::{Map, Value};

use super::rules::{self, Refusal};
use super::{internal, invalid, not_found, record};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::new_id;
use crate::problem::Problem;
use crate::workplace::entry;

/// The record types the API writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Participant,
    Course,
    Job,
    Employer,
    Activity,
}

impl Kind {
    /// The exchange `type`.
    fn name(self) -> &'static str {
        match self {
            Kind::Participant => "participant",
            Kind::Course => "course",
            Kind::Job => "job",
            Kind::Employer => "employer",
            Kind::Activity => "activity",
        }
    }

    /// The path segment of the collection.
    fn collection(self) -> &'static str {
        match self {
            Kind::Participant => "participants",
            Kind::Course => "courses",
            Kind::Job => "jobs",
            Kind::Employer => "employers",
            Kind::Activity => "activities",
        }
    }

    /// The start of a generated id, as the pages generate them (`forms::new_id`).
    fn prefix(self) -> &'static str {
        match self {
            Kind::Participant => "p",
            Kind::Course => "c",
            Kind::Job => "j",
            Kind::Employer => "e",
            Kind::Activity => "a",
        }
    }

    fn store(self) -> RecordKind {
        match self {
            Kind::Participant => RecordKind::Participant,
            Kind::Course => RecordKind::Course,
            Kind::Job => RecordKind::Job,
            Kind::Employer => RecordKind::Employer,
            Kind::Activity => RecordKind::Activity,
        }
    }
}

pub(crate) enum Mode {
    Create,
    /// Replace the record with this id (from the path).
    Update(String),
}

type Body = Result<Bytes, BytesRejection>;

macro_rules! handlers {
    ($create:ident, $update:ident, $kind:expr) => {
        pub(crate) async fn $create(
            State(state): State<AppState>,
            v: Viewer,
            headers: HeaderMap,
            body: Body,
        ) -> Response {
            save(&state, &v, $kind, Mode::Create, &headers, body).await
        }

        pub(crate) async fn $update(
            State(state): State<AppState>,
            v: Viewer,
            Path(id): Path<String>,
            headers: HeaderMap,
            body: Body,
        ) -> Response {
            save(&state, &v, $kind, Mode::Update(id), &headers, body).await
        }
    };
}

handlers!(create_participant, update_participant, Kind::Participant);
handlers!(create_course, update_course, Kind::Course);
handlers!(create_job, update_job, Kind::Job);
handlers!(create_employer, update_employer, Kind::Employer);
handlers!(create_activity, update_activity, Kind::Activity);

async fn save(state: &AppState, v: &Viewer, kind: Kind, mode: Mode, headers: &HeaderMap, body: Body) -> Response {
    let (new, holder_given) = match parse_body(v, kind, &mode, headers, body) {
        Ok(r) => r,
        Err(refused) => return *refused,
    };
    match decide(state, v, kind, &mode, new, holder_given).await {
        Ok(response) => response,
        Err(e) => {
            tracing::error!(error = %e, kind = kind.name(), "API write failed");
            internal()
        }
    }
}

/// The body as an exchange record of `kind`: `type` may be left out, `id` too (generated on
/// create, taken from the path on update), and an activity's `user` defaults to the caller.
/// Also whether the body named an employer's `holder` at all (`null` included): a `PUT`
/// that leaves it out keeps the holder, since who holds a relationship is moved on purpose.
fn parse_body(
    v: &Viewer,
    kind: Kind,
    mode: &Mode,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Record, bool), Box<Response>> {
    let one = |field: &str, message: String| Box::new(invalid(vec![(field.to_owned(), message)]));
    let not_object = || one("body", "must be a JSON object (Content-Type: application/json)".into());
    let bytes = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(Box::new(too_large())),
        Err(_) => return Err(not_object()),
    };
    if !is_json(headers) {
        return Err(not_object());
    }
    let Ok(text) = std::str::from_utf8(&bytes) else { return Err(one("body", "must be UTF-8".into())) };
    let mut obj = match jobbvei_exchange::strict::parse(text) {
        Ok(Value::Object(obj)) => obj,
        Ok(_) => return Err(not_object()),
        Err(message) => return Err(one("body", message)),
    };
    let holder_given = obj.contains_key("holder");
    match obj.get("type") {
        None => _ = obj.insert("type".into(), Value::from(kind.name())),
        Some(t) if t.as_str() == Some(kind.name()) => {}
        Some(_) => return Err(one("type", format!("must be \"{}\" here", kind.name()))),
    }
    if kind == Kind::Activity && !obj.contains_key("user") {
        obj.insert("user".into(), Value::from(v.user.id.as_str()));
    }
    match mode {
        Mode::Create if !obj.contains_key("id") => {
            let Some(id) = new_id(kind.prefix()) else { return Err(Box::new(internal())) };
            obj.insert("id".into(), Value::from(id));
        }
        Mode::Create => {}
        Mode::Update(path) => match obj.get("id") {
            None => _ = obj.insert("id".into(), Value::from(path.as_str())),
            Some(id) if id.as_str() == Some(path.as_str()) => {}
            Some(_) => return Err(one("id", "must be the id in the path".into())),
        },
    }
    match jobbvei_exchange::parse::parse_line(&Value::Object(obj).to_string()) {
        Ok(Some(r)) if r.type_name() == kind.name() => Ok((r, holder_given)),
        Ok(_) => Err(Box::new(internal())),
        Err(errors) => Err(Box::new(invalid(errors.into_iter().map(|e| (e.field, e.message)).collect()))),
    }
}

async fn decide(
    state: &AppState,
    v: &Viewer,
    kind: Kind,
    mode: &Mode,
    mut new: Record,
    holder_given: bool,
) -> Result<Response, StoreError> {
    let Some(id) = rules::own_id(&new).map(str::to_owned) else { return Ok(internal()) };
    let old = load(state, kind, &id).await?;
    let action = if old.is_some() { "update" } else { "create" };
    let hidden = match &old {
        Some(o) => !rules::visible(state, v, o).await?,
        None => false,
    };
    if hidden {
        // Tried, and refused, as if there were nothing: the log says what really happened.
        deny(state, v, action, kind, &id).await?;
    }
    match (mode, &old) {
        (Mode::Create, Some(_)) if hidden => return Ok(invalid(vec![("id".into(), ID_TAKEN.into())])),
        (Mode::Create, Some(_)) => return Ok(conflict(kind)),
        (Mode::Update(_), None) => return Ok(not_found(kind.name())),
        (Mode::Update(_), Some(_)) if hidden => return Ok(not_found(kind.name())),
        _ => {}
    }
    if let (Record::Employer(e), Some(Record::Employer(o)), false) = (&mut new, &old, holder_given) {
        e.holder = o.holder.clone();
    }
    let filed = match rules::check(state, v, &new, old.as_ref()).await? {
        Ok(filed) => filed,
        Err(Refusal::Invalid(errors)) => return Ok(invalid(errors)),
        Err(Refusal::Conflict(detail)) => {
            return Ok(
                Problem { status: StatusCode::CONFLICT, title: "Conflict", detail: detail.into() }.into_response()
            );
        }
        Err(Refusal::Forbidden(detail)) => {
            deny(state, v, action, kind, &id).await?;
            return Ok(
                Problem { status: StatusCode::FORBIDDEN, title: "Forbidden", detail: detail.into() }.into_response()
            );
        }
    };
    let changed = changed_fields(old.as_ref(), &new);
    if old.is_some() && changed.is_empty() {
        return Ok(respond(StatusCode::OK, kind, &new));
    }
    // Read before the write: the participant the record leaves, when it moves to another.
    let moved_from = match &old {
        Some(o) => {
            rules::participant_of(state, o).await?.filter(|p| filed.record.0 == "participant" && *p != filed.record.1)
        }
        None => None,
    };
    let mut fields: Vec<String> = filed.part.into_iter().collect();
    fields.extend(changed);
    let names: Vec<&str> = fields.iter().map(String::as_str).collect();
    let mut tx = state.db.begin().await?;
    if old.is_none() && !tx.id_is_free(kind.store(), &id).await? {
        // Someone created it since the check above; the transaction rolls back on drop.
        return Ok(conflict(kind));
    }
    if let Record::Participant(p) = &new
        && tx.fnr_holder(p.fnr.as_str(), &id).await?.is_some()
    {
        return Ok(invalid(vec![("fnr".into(), rules::FNR_TAKEN.into())]));
    }
    write(&mut tx, &new).await?;
    if kind == Kind::Participant && old.is_none() {
        // Registering a person is one of the claims on taking them on (docs/access.md).
        tx.record_registration(&id, v.user.id.as_str(), state.clock.now()).await?;
    }
    tx.audit(&entry(state, v, action, (filed.record.0, &filed.record.1), &names)).await?;
    if let Some(before) = &moved_from {
        tx.audit(&entry(state, v, action, ("participant", before), &names)).await?;
    }
    tx.commit().await?;
    let status = if old.is_some() { StatusCode::OK } else { StatusCode::CREATED };
    Ok(respond(status, kind, &new))
}

async fn load(state: &AppState, kind: Kind, id: &str) -> Result<Option<Record>, StoreError> {
    Ok(match kind {
        Kind::Participant => state.db.participants(&[id.to_owned()]).await?.into_iter().next().map(Record::Participant),
        Kind::Course => state.db.course(id).await?.map(Record::Course),
        Kind::Job => state.db.job(id).await?.map(Record::Job),
        Kind::Employer => state.db.employer(id).await?.map(Record::Employer),
        Kind::Activity => state.db.activity(id).await?.map(Record::Activity),
    })
}

async fn write(tx: &mut Tx, r: &Record) -> Result<(), StoreError> {
    match r {
        Record::Participant(x) => tx.upsert_participants(std::slice::from_ref(x)).await,
        Record::Course(x) => tx.upsert_courses(std::slice::from_ref(x)).await,
        Record::Job(x) => tx.upsert_jobs(std::slice::from_ref(x)).await,
        Record::Employer(x) => tx.upsert_employers(std::slice::from_ref(x)).await,
        Record::Activity(x) => tx.upsert_activities(std::slice::from_ref(x)).await,
        _ => Ok(()),
    }
}

fn fields_of(r: &Record) -> Map<String, Value> {
    match jobbvei_exchange::record_json(r).and_then(|s| serde_json::from_str(&s).ok()) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// The exchange fields whose value differs between `old` and `new`, by name; on create,
/// every field the new record sets. Only names: the audit log never holds values.
pub(crate) fn changed_fields(old: Option<&Record>, new: &Record) -> Vec<String> {
    let before = old.map(fields_of).unwrap_or_default();
    let after = fields_of(new);
    let mut names: Vec<String> =
        before.keys().chain(after.keys()).filter(|k| *k != "type" && *k != "id").cloned().collect();
    names.sort();
    names.dedup();
    names.retain(|k| before.get(k) != after.get(k));
    names
}

/// On create, an id taken by a record the caller may not see: refused without saying what
/// holds it, so that the answer is the same for every kind of hidden record.
const ID_TAKEN: &str = "is not available: choose another id, or leave it out to have one generated";

async fn deny(state: &AppState, v: &Viewer, action: &str, kind: Kind, id: &str) -> Result<(), StoreError> {
    let mut denial = entry(state, v, action, (kind.name(), id), &[]);
    denial.outcome = "denied".into();
    let mut tx = state.db.begin().await?;
    tx.audit(&denial).await?;
    tx.commit().await
}

/// Whether the body is declared as JSON (`application/json`, or `application/…+json`).
fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// 413, as problem+json like every other API error.
fn too_large() -> Response {
    let limit = crate::headers::MAX_BODY_BYTES / 1024;
    Problem {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        title: "Content Too Large",
        detail: format!("The body is larger than the {limit} KiB a record may take."),
    }
    .into_response()
}

fn conflict(kind: Kind) -> Response {
    Problem {
        status: StatusCode::CONFLICT,
        title: "Conflict",
        detail: format!("A {} with this id exists; use PUT to change it.", kind.name()),
    }
    .into_response()
}

fn respond(status: StatusCode, kind: Kind, r: &Record) -> Response {
    let (Some(body), Some(id)) = (record(r), rules::own_id(r)) else { return internal() };
    let location = format!("/api/v1/{}/{id}", kind.collection());
    (status, [(CONTENT_TYPE, "application/json".to_owned()), (LOCATION, location)], body.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Record {
        jobbvei_exchange::parse::parse_line(line).unwrap().unwrap()
    }

    #[test]
    fn changed_fields_name_what_differs_and_never_type_or_id() {
        let old = parse(r#"{"type":"employer","id":"e1","orgnr":"912345688","name":"Bakeriet AS","industry":"Mat"}"#);
        let new = parse(r#"{"type":"employer","id":"e1","orgnr":"912345688","name":"Bakeriet","stage":"bli_kjent"}"#);
        assert_eq!(changed_fields(Some(&old), &new), ["industry", "name", "stage"]);
        assert_eq!(changed_fields(Some(&old), &old), Vec::<String>::new());
        assert_eq!(changed_fields(None, &old), ["industry", "name", "orgnr"]);
    }
}
