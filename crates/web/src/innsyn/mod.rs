//! Innsyn: everything stored about one person and who has read or changed it, for the
//! person's access request (GDPR art. 15). One store function (`Db::person_report`) feeds
//! both the team lead's page `/deltaker/{id}/innsyn` and `jobbvei person report`; both print
//! the same self-contained HTML document (Norwegian, no external assets) or JSON.

mod labels;
pub(crate) mod page;

use askama::Template;
use chrono::{DateTime, Utc};
use jobbvei_store::{PersonReport, USER_COLUMNS, Value};
use serde_json::{Map, Value as Json, json};

use crate::dates;

/// The audit action of an innsyn report, on the page and on the command line.
pub const ACTION: &str = "person_report";

/// How a section of the document shows one table's rows.
struct SectionView {
    title: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

struct AuditView {
    at: String,
    who: String,
    what: &'static str,
    record: String,
    fields: String,
}

#[derive(Template)]
#[template(path = "innsyn.html")]
struct Document<'a> {
    name: String,
    participant_id: &'a str,
    made: String,
    sections: Vec<SectionView>,
    /// Kinds of records of which nothing is stored about the person.
    empty: Vec<&'static str>,
    audit: Vec<AuditView>,
    /// A link back to the participant's page (the web page only; not printed).
    back: bool,
}

fn shown(v: &Value) -> String {
    match v {
        Value::Text(Some(t)) => t.clone(),
        Value::Date(Some(d)) => dates::day(*d),
        Value::Instant(Some(t)) => dates::moment(*t),
        Value::Bool(Some(b)) => if *b { "Ja" } else { "Nei" }.into(),
        Value::Int(Some(n)) => n.to_string(),
        Value::Float(Some(f)) => f.to_string(),
        _ => "–".into(),
    }
}

fn person_name(report: &PersonReport) -> String {
    let Some(s) = report.sections.iter().find(|s| s.table == "participant") else { return String::new() };
    let Some(i) = s.columns.iter().position(|c| *c == "name") else { return String::new() };
    s.rows.first().map(|r| shown(&r[i])).unwrap_or_default()
}

/// The printable HTML document: every kind of record with its rows, then the audit log.
pub fn document(report: &PersonReport, made: DateTime<Utc>, back: bool) -> Result<String, askama::Error> {
    let mut sections = Vec::new();
    let mut empty = Vec::new();
    for s in &report.sections {
        let title = labels::table(s.table);
        if s.rows.is_empty() {
            empty.push(title);
            continue;
        }
        let rows = s
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&s.columns)
                    .map(|(v, c)| match v {
                        Value::Text(Some(id)) if USER_COLUMNS.contains(c) => match report.users.get(id) {
                            Some(name) => format!("{name} ({id})"),
                            None => id.clone(),
                        },
                        v => shown(v),
                    })
                    .collect()
            })
            .collect();
        sections.push(SectionView { title, columns: s.columns.iter().map(|c| labels::column(c)).collect(), rows });
    }
    let audit = report
        .audit
        .iter()
        .map(|a| {
            let e = &a.entry;
            let who = match (&a.user_name, &e.user_id, &e.username) {
                (Some(name), Some(id), _) => format!("{name} ({id})"),
                (None, Some(id), _) => id.clone(),
                (None, None, Some(u)) if u.starts_with("cli") => format!("Kommandolinjen ({u})"),
                _ => "Ukjent".into(),
            };
            AuditView {
                at: dates::moment(e.at),
                who,
                what: crate::workplace::labels::audit(&e.action, &e.outcome),
                record: format!(
                    "{} {}",
                    labels::record_type(e.record_type.as_deref().unwrap_or("")),
                    e.record_id.as_deref().unwrap_or("")
                ),
                fields: e.fields.join(", "),
            }
        })
        .collect();
    Document {
        name: person_name(report),
        participant_id: &report.participant_id,
        made: dates::moment(made),
        sections,
        empty,
        audit,
        back,
    }
    .render()
}

fn json_value(v: &Value) -> Json {
    match v {
        Value::Text(Some(t)) => Json::String(t.clone()),
        Value::Date(Some(d)) => Json::String(d.format("%Y-%m-%d").to_string()),
        Value::Instant(Some(t)) => Json::String(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        Value::Bool(Some(b)) => Json::Bool(*b),
        Value::Int(Some(n)) => json!(n),
        Value::Float(Some(f)) => json!(f),
        _ => Json::Null,
    }
}

/// The same report as JSON: every table's rows as objects by column, the audit rows with the
/// actor's name, and the names of the users the rows refer to.
pub fn json(report: &PersonReport, made: DateTime<Utc>) -> Json {
    let tables: Vec<Json> = report
        .sections
        .iter()
        .map(|s| {
            let rows: Vec<Json> = s
                .rows
                .iter()
                .map(|r| Json::Object(s.columns.iter().zip(r).map(|(c, v)| ((*c).to_owned(), json_value(v))).collect()))
                .collect();
            json!({ "table": s.table, "rows": rows })
        })
        .collect();
    let audit: Vec<Json> = report
        .audit
        .iter()
        .map(|a| {
            let e = &a.entry;
            json!({
                "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                "user": e.user_id,
                "user_name": a.user_name,
                "username": e.username,
                "role": e.role,
                "action": e.action,
                "record_type": e.record_type,
                "record": e.record_id,
                "fields": e.fields,
                "ip": e.ip,
                "outcome": e.outcome,
            })
        })
        .collect();
    let users: Map<String, Json> = report.users.iter().map(|(k, v)| (k.clone(), Json::String(v.clone()))).collect();
    json!({
        "format": "jobbvei-person-report",
        "version": 1,
        "participant": report.participant_id,
        "made_at": made.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        "tables": tables,
        "audit": audit,
        "users": users,
    })
}
