//! Innsyn: everything stored about one person and who has read or changed it, for the
//! person's access request (GDPR art. 15). One store function (`Db::person_report`) feeds
//! both the team lead's page `/deltaker/{id}/innsyn` and `jobbvei person report`; both print
//! the same self-contained HTML document (Norwegian, no external assets) or JSON.

pub(crate) mod labels;
pub(crate) mod page;

use askama::Template;
use chrono::{DateTime, Utc};
use jobbvei_store::{PersonReport, USER_COLUMNS, Value};
use std::collections::HashMap;

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

/// Columns the page leaves out: internal ids and links built from them. What they point to is
/// shown by name in the columns that refer to it; the JSON report keeps them all.
const HIDDEN: &[&str] = &["id", "link"];

/// What the rows' ids stand for, as a reader of the document knows them: people, teams and
/// employers by name, the person's own records by what and when.
struct Described<'a> {
    report: &'a PersonReport,
    /// id → description, for the person's own records (courses, jobs, plan items, …)
    records: HashMap<String, String>,
}

impl<'a> Described<'a> {
    fn new(report: &'a PersonReport) -> Self {
        let mut records = HashMap::new();
        for s in &report.sections {
            let Some(id_at) = s.columns.iter().position(|c| *c == "id") else { continue };
            let col = |row: &Vec<Value>, name: &str| s.columns.iter().position(|c| *c == name).map(|i| shown(&row[i]));
            for row in &s.rows {
                let Value::Text(Some(id)) = &row[id_at] else { continue };
                let when =
                    ["start_date", "sent", "start_at", "due", "from_date", "tried_on", "meeting_date", "created_at"]
                        .iter()
                        .find_map(|c| col(row, c).filter(|v| v != "–"));
                let what = match s.table {
                    "participant" => col(row, "name").unwrap_or_default(),
                    "course" => format!("{}-forløp", col(row, "method").unwrap_or_default()),
                    "job" => col(row, "title").filter(|t| t != "–").unwrap_or_else(|| "Jobb".into()),
                    "plan_item" => col(row, "text").unwrap_or_default(),
                    "measure" => format!("Tiltak ({})", col(row, "kind").unwrap_or_default()),
                    "support_need" => format!("Bistandsbehov ({})", col(row, "need").unwrap_or_default()),
                    other => labels::table(other).to_owned(),
                };
                let text = match (s.table, when) {
                    ("participant" | "plan_item", _) | (_, None) => what,
                    (_, Some(when)) => format!("{what} fra {when}"),
                };
                records.entry(id.clone()).or_insert(text);
            }
        }
        Described { report, records }
    }

    /// A value of `column` as the page shows it: a reference by name, anything else as stored.
    fn value(&self, column: &str, v: &Value) -> String {
        let Value::Text(Some(id)) = v else { return shown(v) };
        let r = self.report;
        let found = match column {
            c if USER_COLUMNS.contains(&c) => Some(r.users.get(id).cloned().unwrap_or_else(|| "Ukjent ansatt".into())),
            "team_id" => r.teams.get(id).cloned(),
            "employer_id" => r.employers.get(id).cloned(),
            "contact_id" => r.contacts.get(id).cloned(),
            "ad_uuid" => r.ads.get(id).cloned(),
            "participant_id" | "course_id" | "job_id" | "measure_id" | "parent_id" | "record_id" => {
                self.records.get(id).cloned()
            }
            _ => return id.clone(),
        };
        // A reference whose record is gone is still not shown as a bare id.
        found.unwrap_or_else(|| "Ukjent".into())
    }
}

/// The printable HTML document: every kind of record with its rows, then the audit log.
pub fn document(report: &PersonReport, made: DateTime<Utc>, back: bool) -> Result<String, askama::Error> {
    let described = Described::new(report);
    let mut sections = Vec::new();
    let mut empty = Vec::new();
    for s in &report.sections {
        let title = labels::table(s.table);
        if s.rows.is_empty() {
            empty.push(title);
            continue;
        }
        let shown_at: Vec<usize> = (0..s.columns.len()).filter(|i| !HIDDEN.contains(&s.columns[*i])).collect();
        let rows =
            s.rows.iter().map(|r| shown_at.iter().map(|i| described.value(s.columns[*i], &r[*i])).collect()).collect();
        let columns = shown_at.iter().map(|i| labels::column(s.table, s.columns[*i]).unwrap_or("Annet")).collect();
        sections.push(SectionView { title, columns, rows });
    }
    let audit = report
        .audit
        .iter()
        .map(|a| {
            let e = &a.entry;
            let who = match (&a.user_name, &e.user_id, &e.username) {
                (Some(name), Some(_), _) => name.clone(),
                (None, Some(_), _) => "Ukjent ansatt".into(),
                (None, None, Some(u)) if u.starts_with("cli") => "Kommandolinjen".into(),
                _ => "Ukjent".into(),
            };
            let record = match e.record_id.as_deref() {
                Some(id) => described.records.get(id).cloned().unwrap_or_default(),
                None => String::new(),
            };
            let fields: Vec<&str> = e.fields.iter().map(|f| labels::column("", f).unwrap_or(f.as_str())).collect();
            AuditView {
                at: dates::moment(e.at),
                who,
                what: crate::workplace::labels::audit(&e.action, &e.outcome),
                record: format!("{} {record}", labels::record_type(e.record_type.as_deref().unwrap_or("")))
                    .trim()
                    .to_owned(),
                fields: fields.join(", "),
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
