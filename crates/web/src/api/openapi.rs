//! `/api/openapi.json`: the API described as OpenAPI 3.1. Every `/api/` route in
//! `access::ROUTES` has an entry here, and a test checks that none is missing.

use axum::response::Response;
use jobbvei_domain::{ActivityKind, ActivityStatus, Channel, EmployerStage, EndCause, EndedBy, JobForm};
use jobbvei_domain::{Method, NorwegianLevel, Subcategory};
use serde_json::{Map, Value, json};

use super::json as json_response;

/// (method, path, summary, the schema a success returns and a POST or PUT takes)
pub const OPERATIONS: &[(&str, &str, &str, &str)] = &[
    ("GET", "/api/v1/meg", "The caller: id, username, name, roles, team", "Me"),
    (
        "GET",
        "/api/v1/participants",
        "Participants the caller may see (caseload and assigned), fødselsnummer masked; ?limit, ?offset",
        "Participants",
    ),
    ("GET", "/api/v1/participants/{id}", "One participant, by exchange id; audited", "Participant"),
    ("GET", "/api/v1/courses/{id}", "One course, if its participant is visible to the caller; audited", "Course"),
    ("GET", "/api/v1/jobs/{id}", "One job with its percentage history, if its participant is visible; audited", "Job"),
    ("GET", "/api/v1/activities", "The caller's own activities, newest first; ?limit, ?offset", "Activities"),
    (
        "POST",
        "/api/v1/activities",
        "Log an activity as the caller (an exchange-format activity object; id and user may be left out)",
        "Activity",
    ),
    (
        "GET",
        "/api/v1/activities/{id}",
        "One activity: the caller's own, or on a participant the caller may see",
        "Activity",
    ),
    (
        "GET",
        "/api/v1/employers",
        "Employers whose name contains ?q (any case, æøå included); ?limit, ?offset",
        "Employers",
    ),
    ("GET", "/api/v1/employers/{id}", "One employer", "Employer"),
    (
        "POST",
        "/api/v1/participants",
        "Register a participant (job specialist, metodeveileder, or a veileder naming themselves as veileder); audited",
        "Participant",
    ),
    (
        "PUT",
        "/api/v1/participants/{id}",
        "Replace a participant's fields (the owner and their metodeveileder); changed field names audited",
        "Participant",
    ),
    (
        "GET",
        "/api/v1/courses",
        "Courses of the participants the caller's participant list shows, by id; ?limit, ?offset; audited",
        "Courses",
    ),
    (
        "POST",
        "/api/v1/courses",
        "Start a course: a job specialist as themselves, a metodeveileder for anyone in the team; audited",
        "Course",
    ),
    (
        "PUT",
        "/api/v1/courses/{id}",
        "Replace a course (owner and metodeveileder; only the metodeveileder changes the job specialist)",
        "Course",
    ),
    (
        "GET",
        "/api/v1/jobs",
        "Jobs on courses of the participants the caller's participant list shows, by id; ?limit, ?offset; audited",
        "Jobs",
    ),
    ("POST", "/api/v1/jobs", "Record a job on a course the caller may change; audited", "Job"),
    ("PUT", "/api/v1/jobs/{id}", "Replace a job, percentage history included; changed field names audited", "Job"),
    ("PUT", "/api/v1/activities/{id}", "Replace one of the caller's own activities", "Activity"),
    ("POST", "/api/v1/employers", "Register an employer", "Employer"),
    ("PUT", "/api/v1/employers/{id}", "Replace an employer's fields", "Employer"),
];

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Value {
    json!({"type": "string", "enum": all.iter().map(|c| code(*c)).collect::<Vec<_>>()})
}

/// An exchange-format record: `type` fixed, `required` as the importer requires them, no
/// other fields allowed (the importer refuses unknown fields).
fn record(kind: &str, required: &[&str], props: Value) -> Value {
    let mut props = match props {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    props.insert("type".into(), json!({"const": kind, "description": "May be left out in a request body"}));
    props.insert(
        "id".into(),
        json!({"type": "string", "minLength": 1, "maxLength": 100,
               "description": "Exchange id. On POST it may be left out (one is generated); on PUT it must be the id in the path"}),
    );
    json!({"type": "object", "description": format!("An exchange-format `{kind}` record (docs/exchange-format.md)"),
           "properties": props, "required": required, "additionalProperties": false})
}

fn schemas() -> Value {
    let id = json!({"type": "string", "minLength": 1, "maxLength": 100});
    let text = json!({"type": "string"});
    let date = json!({"type": "string", "format": "date"});
    let flag = json!({"type": "boolean"});
    let count = json!({"type": "integer", "minimum": 0});
    let list = |item: &str| json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}});
    json!({
        "Problem": {"type": "object", "description": "RFC 9457 problem details, as application/problem+json", "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
            "detail": {"type": "string"}, "errors": {"type": "array", "items": {"type": "object", "properties": {
                "field": {"type": "string"}, "message": {"type": "string"}}}}}},
        "Me": {"type": "object", "properties": {"id": {"type": "string"}, "username": {"type": ["string", "null"]},
            "name": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}}, "team": {"type": ["string", "null"]}}},
        "Participant": record("participant", &["id", "name", "fnr"], json!({
            "name": text, "fnr": {"type": "string", "pattern": "^[0-9]{11}$",
                "description": "Fødselsnummer or d-nummer with valid check digits; shown masked in responses"},
            "postal_code": {"type": "string", "pattern": "^[0-9]{4}$"},
            "birth_year": {"type": "integer", "minimum": 1900, "maximum": 2100},
            "norwegian_level": codes(NorwegianLevel::ALL, NorwegianLevel::code), "interpreter": flag,
            "veileder": id, "confidential": flag})),
        "Participants": list("Participant"),
        "Course": record("course", &["id", "participant", "method", "job_specialist", "start"], json!({
            "participant": id, "method": codes(Method::ALL, Method::code), "job_specialist": id, "start": date,
            "referred": date, "end": date, "end_cause": codes(EndCause::ALL, EndCause::code), "end_cause_detail": text})),
        "Courses": list("Course"),
        "Job": record("job", &["id", "course", "employer", "form", "start"], json!({
            "course": id, "employer": id, "form": codes(JobForm::ALL, JobForm::code), "start": date, "title": text,
            "styrk": {"type": "string", "pattern": "^[0-9]{4}$", "description": "STYRK-08, from the code list"},
            "paid": flag, "ordinary_terms": flag,
            "percent": {"type": "array", "items": {"type": "object", "required": ["from", "percent"], "additionalProperties": false,
                "properties": {"from": date, "percent": {"type": "number"}}}},
            "hours_per_week": {"type": "number"}, "probation_end": date, "planned_end": date, "end": date,
            "ended_by": codes(EndedBy::ALL, EndedBy::code), "end_reason": text, "extensions": count})),
        "Jobs": list("Job"),
        "Activity": record("activity", &["id", "user", "kind", "start", "minutes", "status"], json!({
            "user": {"type": "string", "description": "Always the caller; may be left out"},
            "kind": codes(ActivityKind::ALL, ActivityKind::code),
            "start": {"type": "string", "format": "date-time", "description": "RFC 3339 with offset"},
            "minutes": count, "status": codes(ActivityStatus::ALL, ActivityStatus::code),
            "channel": codes(Channel::ALL, Channel::code), "out_of_office": flag, "travel_to": count, "travel_from": count,
            "course": id, "employer": id, "employer_contact": id, "decision_maker": flag,
            "subcategory": codes(Subcategory::ALL, Subcategory::code), "place": text, "note": text})),
        "Activities": list("Activity"),
        "Employer": record("employer", &["id", "orgnr", "name"], json!({
            "orgnr": {"type": "string", "pattern": "^[0-9]{9}$", "description": "Organisation number with a valid mod-11 check digit"},
            "name": text, "municipality": {"type": "string", "pattern": "^[0-9]{4}$"}, "industry": text,
            "stage": codes(EmployerStage::ALL, EmployerStage::code), "holder": id})),
        "Employers": list("Employer"),
    })
}

pub fn document() -> Value {
    let problem = |d: &str| json!({"description": d, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let mut paths = Map::new();
    for (method, path, summary, returns) in OPERATIONS {
        let writes = matches!(*method, "POST" | "PUT");
        let mut responses = Map::new();
        let ok = if *method == "POST" { "201" } else { "200" };
        let success = if *method == "POST" { "Created: the stored record (Location names it)" } else { "Success" };
        responses.insert(
            ok.into(),
            json!({"description": success,
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{returns}")}}}}),
        );
        responses.insert("401".into(), problem("No valid session or token"));
        responses.insert(
            "403".into(),
            problem(if writes {
                "The caller's roles, or the access rules for this participant, do not allow this change"
            } else {
                "The caller's roles do not allow this"
            }),
        );
        if path.contains("{id}") {
            responses.insert("404".into(), problem("No such record, or not visible to the caller"));
        }
        if *method == "POST" {
            responses.insert("409".into(), problem("A record with this id exists and is visible to the caller"));
        }
        if *method == "PUT" && path.starts_with("/api/v1/employers") {
            responses.insert("409".into(), problem("Someone else holds the relationship with this employer"));
        }
        if writes {
            responses.insert(
                "422".into(),
                problem("The record is not valid (a duplicate key included), refers to a record that does not exist or is not visible, or (POST) has the id of a record the caller may not see; every field error is listed"),
            );
            let limit = format!("The body is larger than {} KiB", crate::headers::MAX_BODY_BYTES / 1024);
            responses.insert("413".into(), problem(&limit));
        }
        let mut op = json!({"summary": summary, "responses": responses});
        if path.contains("{id}") {
            op["parameters"] = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Exchange id"}]);
        }
        if writes {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{returns}")}}}});
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Jobbvei API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Records in the shape of the exchange format, read and written with the importer's own rules. The same access rules as the pages; every read and change of a person's record is audited. See docs/api.md."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {"schemas": schemas(), "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token from `jobbvei token create`"},
            "session": {"type": "apiKey", "in": "cookie", "name": "jobbvei_session"}}},
    })
}

pub(crate) async fn serve() -> Response {
    json_response(document().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::ROUTES;

    #[test]
    fn every_api_route_is_documented_and_nothing_else() {
        let api: Vec<(&str, &str)> =
            ROUTES.iter().filter(|(_, p, _)| p.starts_with("/api/v1/")).map(|(m, p, _)| (*m, *p)).collect();
        let documented: Vec<(&str, &str)> = OPERATIONS.iter().map(|(m, p, _, _)| (*m, *p)).collect();
        assert_eq!(api, documented);
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/v1/activities"]["post"]["responses"]["422"].is_object());
    }

    #[test]
    fn every_write_documents_its_body_and_problems() {
        let doc = document();
        let mut writes = 0;
        for (method, path, _, returns) in OPERATIONS.iter().filter(|(m, _, _, _)| matches!(*m, "POST" | "PUT")) {
            let op = &doc["paths"][path][method.to_lowercase()];
            let body = &op["requestBody"]["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(body, &format!("#/components/schemas/{returns}"), "{method} {path}");
            assert!(doc["components"]["schemas"][returns]["properties"]["id"].is_object());
            let mut codes: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            codes.sort();
            let expected: &[&str] = if *method == "POST" {
                &["201", "401", "403", "409", "413", "422"]
            } else if path.starts_with("/api/v1/employers") {
                &["200", "401", "403", "404", "409", "413", "422"]
            } else {
                &["200", "401", "403", "404", "413", "422"]
            };
            assert_eq!(codes, expected, "{method} {path}");
            let problem = &op["responses"]["422"]["content"]["application/problem+json"]["schema"]["$ref"];
            assert_eq!(problem, "#/components/schemas/Problem");
            writes += 1;
        }
        assert_eq!(writes, 10);
        // Code lists come from the domain, so a new code shows up here by itself.
        assert_eq!(doc["components"]["schemas"]["Course"]["properties"]["method"]["enum"], json!(["SE", "UO", "IPS"]));
    }
}
