//! `/api/openapi.json`: the API described as OpenAPI 3.1. Every `/api/` route in
//! `access::ROUTES` has an entry here, and a test checks that none is missing.

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::json as json_response;

/// (method, path, summary, what a success returns)
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
];

fn schemas() -> Value {
    let record = |kind: &str, fields: &[&str]| {
        let props: Map<String, Value> = fields.iter().map(|f| ((*f).to_owned(), json!({}))).collect();
        json!({"type": "object", "description": format!("An exchange-format `{kind}` record (docs/exchange-format.md)"),
               "properties": props, "required": ["type", "id"]})
    };
    json!({
        "Problem": {"type": "object", "description": "RFC 9457 problem details", "properties": {
            "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
            "detail": {"type": "string"}, "errors": {"type": "array", "items": {"type": "object", "properties": {
                "field": {"type": "string"}, "message": {"type": "string"}}}}}},
        "Me": {"type": "object", "properties": {"id": {"type": "string"}, "username": {"type": ["string", "null"]},
            "name": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}}, "team": {"type": ["string", "null"]}}},
        "Participant": record("participant", &["type", "id", "name", "fnr", "postal_code", "birth_year", "norwegian_level", "interpreter", "veileder", "confidential"]),
        "Participants": {"type": "array", "items": {"$ref": "#/components/schemas/Participant"}},
        "Course": record("course", &["type", "id", "participant", "method", "job_specialist", "start", "referred", "end", "end_cause", "end_cause_detail"]),
        "Job": record("job", &["type", "id", "course", "employer", "form", "start", "title", "styrk", "paid", "ordinary_terms", "percent", "hours_per_week", "probation_end", "planned_end", "end", "ended_by", "end_reason", "extensions"]),
        "Activity": record("activity", &["type", "id", "user", "kind", "start", "minutes", "status", "channel", "out_of_office", "travel_to", "travel_from", "course", "employer", "employer_contact", "decision_maker", "subcategory", "place", "note"]),
        "Activities": {"type": "array", "items": {"$ref": "#/components/schemas/Activity"}},
        "Employer": record("employer", &["type", "id", "orgnr", "name", "municipality", "industry", "stage", "holder"]),
        "Employers": {"type": "array", "items": {"$ref": "#/components/schemas/Employer"}},
    })
}

pub fn document() -> Value {
    let problem = |d: &str| json!({"description": d, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let mut paths = Map::new();
    for (method, path, summary, returns) in OPERATIONS {
        let mut responses = Map::new();
        let ok = if *method == "POST" { "201" } else { "200" };
        responses.insert(
            ok.into(),
            json!({"description": "Success",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{returns}")}}}}),
        );
        responses.insert("401".into(), problem("No valid session or token"));
        responses.insert("403".into(), problem("The caller's roles do not allow this"));
        if path.contains("{id}") {
            responses.insert("404".into(), problem("No such record, or not visible to the caller"));
        }
        if *method == "POST" {
            responses.insert("422".into(), problem("The record is not valid; every field error is listed"));
        }
        let mut op = json!({"summary": summary, "responses": responses});
        if path.contains("{id}") {
            op["parameters"] = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Exchange id"}]);
        }
        if *method == "POST" {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{returns}")}}}});
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Jobbvei API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Records in the shape of the exchange format. The same access rules as the pages; every read and change of a person's record is audited."},
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
}
