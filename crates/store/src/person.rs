//! Everything stored about one person, for an access request (innsyn, GDPR art. 15): every
//! row of every table that belongs to the person, read generically through the backup
//! catalogue so that a column added later is in the report without anyone remembering it,
//! and every audit row about any of the person's records with the actor's name.
//!
//! `PERSON_TABLES` is also where retention (`retention.rs`) finds what to anonymise; the
//! store test `every_person_table_is_in_the_report` holds it to the catalogue.

use std::collections::BTreeMap;

use sqlx::AssertSqlSafe;

use crate::auth::AuditEntry;
use crate::backup::{Value, read_value, table};
use crate::write::on_tx;
use crate::{Db, StoreError};

/// The rows of the person's courses: `$1` is the participant's id.
const COURSES: &str = "course_id IN (SELECT id FROM course WHERE participant_id = $1)";
const JOBS: &str = "job_id IN (SELECT j.id FROM job j JOIN course c ON c.id = j.course_id WHERE c.participant_id = $1)";
const MEASURES: &str =
    "measure_id IN (SELECT m.id FROM measure m JOIN course c ON c.id = m.course_id WHERE c.participant_id = $1)";
const OWN: &str = "participant_id = $1";

/// Every table that holds rows about a person, in the order the report lists them, with the
/// condition that picks the person's rows (`$1`: the participant's id). Notifications are
/// found by the record they are about ([`ABOUT`]).
pub const PERSON_TABLES: &[(&str, &str)] = &[
    ("participant", "id = $1"),
    ("participant_contact", OWN),
    ("participant_registration", OWN),
    ("referral", OWN),
    ("referral_detail", OWN),
    ("course", OWN),
    ("course_phase", COURSES),
    ("passive_period", COURSES),
    ("passive_plan", COURSES),
    ("course_handover", COURSES),
    ("cooperation_agreement", COURSES),
    ("interval_report", COURSES),
    ("vocational_profile", OWN),
    ("disclosure_plan", OWN),
    ("support_need", OWN),
    ("plan_item", OWN),
    ("job", COURSES),
    ("job_percent", JOBS),
    ("placement_purpose", JOBS),
    ("followup_check", COURSES),
    ("education", COURSES),
    ("measure", COURSES),
    ("measure_event", MEASURES),
    ("activity", COURSES),
    ("outreach_attempt", COURSES),
    ("job_ad_mark", OWN),
    ("notification", ABOUT),
    ("anonymisation", OWN),
];

/// Rows whose `record_id` is the id of one of the person's records (notifications, audit).
const ABOUT: &str = "record_id IN (SELECT CAST($1 AS TEXT) \
     UNION ALL SELECT id FROM course WHERE participant_id = $1 \
     UNION ALL SELECT id FROM referral WHERE participant_id = $1 \
     UNION ALL SELECT id FROM referral_detail WHERE participant_id = $1 \
     UNION ALL SELECT id FROM support_need WHERE participant_id = $1 \
     UNION ALL SELECT id FROM plan_item WHERE participant_id = $1 \
     UNION ALL SELECT id FROM job WHERE course_id IN (SELECT id FROM course WHERE participant_id = $1) \
     UNION ALL SELECT id FROM education WHERE course_id IN (SELECT id FROM course WHERE participant_id = $1) \
     UNION ALL SELECT id FROM measure WHERE course_id IN (SELECT id FROM course WHERE participant_id = $1) \
     UNION ALL SELECT id FROM activity WHERE course_id IN (SELECT id FROM course WHERE participant_id = $1) \
     UNION ALL SELECT id FROM followup_check WHERE course_id IN (SELECT id FROM course WHERE participant_id = $1) \
     UNION ALL SELECT id FROM outreach_attempt WHERE course_id IN (SELECT id FROM course WHERE participant_id = $1) \
     UNION ALL SELECT id FROM cooperation_agreement WHERE course_id IN (SELECT id FROM course WHERE participant_id = $1))";

/// The condition on `$1` that picks a table's rows about the person, if it holds any.
pub(crate) fn person_condition(table: &str) -> Option<&'static str> {
    PERSON_TABLES.iter().find(|(t, _)| *t == table).map(|(_, c)| *c)
}

/// Columns that hold a user's id, so the report can name the user.
pub const USER_COLUMNS: &[&str] = &[
    "user_id",
    "veileder_id",
    "job_specialist_id",
    "created_by",
    "updated_by",
    "decided_by",
    "registered_by",
    "shared_by",
    "added_by",
    "marked_by",
];

/// One table's rows about the person, every column in catalogue order.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSection {
    pub table: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

/// One audit row about the person, with the actor's name when the actor is a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonAudit {
    pub entry: AuditEntry,
    pub user_name: Option<String>,
}

/// Everything stored about one person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonReport {
    pub participant_id: String,
    /// One per table of [`PERSON_TABLES`], empty ones included (so the reader sees that
    /// nothing of that kind is stored).
    pub sections: Vec<PersonSection>,
    /// Oldest first.
    pub audit: Vec<PersonAudit>,
    /// The name of every user a row refers to in a [`USER_COLUMNS`] column.
    pub users: BTreeMap<String, String>,
    /// The names of the teams, employers, employer contacts and job ads (titles) the rows
    /// refer to (`team_id`, `employer_id`, `contact_id`, `ad_uuid`), so a page can show names.
    pub teams: BTreeMap<String, String>,
    pub employers: BTreeMap<String, String>,
    pub contacts: BTreeMap<String, String>,
    pub ads: BTreeMap<String, String>,
}

impl Db {
    /// The id of the participant with this fødselsnummer, if any.
    pub async fn participant_by_fnr(&self, fnr: &str) -> Result<Option<String>, StoreError> {
        Ok(crate::on_pool!(self, p => {
            sqlx::query_scalar("SELECT id FROM participant WHERE fnr = $1 ORDER BY id LIMIT 1")
                .bind(fnr).fetch_optional(p).await?
        }))
    }

    /// Everything stored about the participant, read in one snapshot; `None` when there is
    /// no such participant. Writes no audit row: the caller audits who asked.
    pub async fn person_report(&self, participant_id: &str) -> Result<Option<PersonReport>, StoreError> {
        let mut tx = self.snapshot().await?;
        let mut sections = Vec::with_capacity(PERSON_TABLES.len());
        for (name, condition) in PERSON_TABLES {
            let Some(t) = table(name) else { continue };
            let columns: Vec<&'static str> = t.columns.iter().map(|(c, _)| *c).collect();
            let sql =
                format!("SELECT {} FROM {name} WHERE {condition} ORDER BY {}", columns.join(", "), t.key.join(", "));
            let mut rows = Vec::new();
            on_tx!(&mut tx.0, x => {
                for row in sqlx::query(AssertSqlSafe(sql)).bind(participant_id).fetch_all(&mut **x).await? {
                    let mut values = Vec::with_capacity(columns.len());
                    for (i, (_, kind)) in t.columns.iter().enumerate() {
                        values.push(read_value(&row, i, *kind)?);
                    }
                    rows.push(values);
                }
            });
            sections.push(PersonSection { table: t.name, columns, rows });
        }
        if sections.first().is_none_or(|s| s.rows.is_empty()) {
            tx.rollback().await?;
            return Ok(None);
        }
        let sql = format!(
            "SELECT a.at, a.user_id, a.username, a.role, a.action, a.record_type, a.record_id, a.fields, a.ip, \
             a.outcome, u.name FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id WHERE a.{ABOUT} ORDER BY a.id"
        );
        let mut audit = Vec::new();
        on_tx!(&mut tx.0, x => {
            for row in sqlx::query(AssertSqlSafe(sql)).bind(participant_id).fetch_all(&mut **x).await? {
                audit.push(PersonAudit { entry: crate::auth::read_audit(&row)?, user_name: crate::engine::Col::opt_text(&row, 10)? });
            }
        });
        tx.rollback().await?;
        let ids = |wanted: &dyn Fn(&str) -> bool| -> Vec<String> {
            let mut ids = Vec::new();
            for s in &sections {
                for (i, _) in s.columns.iter().enumerate().filter(|(_, c)| wanted(c)) {
                    ids.extend(s.rows.iter().filter_map(|r| match &r[i] {
                        Value::Text(Some(id)) => Some(id.clone()),
                        _ => None,
                    }));
                }
            }
            ids
        };
        use crate::NameKind as K;
        let users = self.names(K::User, &ids(&|c| USER_COLUMNS.contains(&c))).await?.into_iter().collect();
        let teams = self.names(K::Team, &ids(&|c| c == "team_id")).await?.into_iter().collect();
        let employers = self.names(K::Employer, &ids(&|c| c == "employer_id")).await?.into_iter().collect();
        let contacts = self.names(K::Contact, &ids(&|c| c == "contact_id")).await?.into_iter().collect();
        let ads = self.names(K::Ad, &ids(&|c| c == "ad_uuid")).await?.into_iter().collect();
        Ok(Some(PersonReport {
            participant_id: participant_id.to_owned(),
            sections,
            audit,
            users,
            teams,
            employers,
            contacts,
            ads,
        }))
    }
}
