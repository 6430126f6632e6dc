//! Retention: anonymising the people whose every course ended long ago (docs/retention.md).
//! The rows stay, with their codes, dates and numbers, so every figure of past years is the
//! same afterwards; what names or describes the person goes. The audit log is not touched:
//! its rows name records by id only, and the participant's id now leads to no one.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use crate::person::person_condition;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// What an anonymised participant is called, and what replaces free text that must stay
/// present (an exchange field required by another, such as a declined measure's reason).
pub const ANONYMISED: &str = "Anonymisert";
const MARKER: &str = "(anonymisert)";

/// How a free-text column is emptied.
#[derive(Clone, Copy)]
enum Blank {
    /// A value is replaced by [`MARKER`]; an absent one stays absent.
    Marker,
    /// `''`, for Jobbvei's own `NOT NULL` text.
    Empty,
    Null,
}

/// Every column that holds free text or contact details about the person. Codes, dates,
/// numbers and ids stay: the figures are made of them. So does a course's
/// `end_cause_detail`: the outcome report (R1) counts ended courses by it.
const FREE_TEXT: &[(&str, &[&str], Blank)] = &[
    ("referral_detail", &["why_now", "wish", "support_needs", "decision_text"], Blank::Null),
    ("course_handover", &["follow_up_by", "agreed"], Blank::Empty),
    (
        "cooperation_agreement",
        &[
            "others",
            "contacts",
            "roles_js_text",
            "roles_veileder_text",
            "roles_participant_text",
            "interpreter_language",
            "reach_note",
            "meta_disagreement",
        ],
        Blank::Null,
    ),
    ("interval_report", &["summary", "next_steps"], Blank::Null),
    (
        "vocational_profile",
        &[
            "wanted_styrk",
            "industries",
            "tasks",
            "hours",
            "work_environment",
            "geography",
            "driving_licence",
            "education",
            "work_history",
            "interests",
            "strengths",
            "health_considerations",
            "warning_signs",
            "coping",
            "network",
            "benefits_planning",
            "facilitation",
        ],
        Blank::Empty,
    ),
    ("disclosure_plan", &["may_tell", "must_not_tell", "network_contacts"], Blank::Empty),
    ("support_need", &["need"], Blank::Empty),
    ("plan_item", &["text"], Blank::Empty),
    ("job", &["end_reason"], Blank::Marker),
    ("placement_purpose", &["purpose"], Blank::Empty),
    ("followup_check", &["note"], Blank::Marker),
    ("education", &["programme", "institution"], Blank::Marker),
    ("measure", &["reason", "note"], Blank::Marker),
    ("measure_event", &["reason"], Blank::Null),
    ("activity", &["place", "note"], Blank::Marker),
    ("notification", &["text"], Blank::Marker),
];

/// A participant the rule reaches, with their courses (id and end date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCandidate {
    pub participant_id: String,
    pub courses: Vec<(String, NaiveDate)>,
}

impl Db {
    /// The participants not yet anonymised who have had a course, whose every course has
    /// ended before `before`, and who have no referral sent on or after it; by id.
    pub async fn retention_candidates(&self, before: NaiveDate) -> Result<Vec<RetentionCandidate>, StoreError> {
        let sql = "SELECT c.participant_id, c.id, c.end_date FROM course c WHERE c.participant_id IN ( \
                 SELECT participant_id FROM course GROUP BY participant_id \
                 HAVING COUNT(*) = COUNT(end_date) AND MAX(end_date) < $1) \
             AND c.participant_id NOT IN (SELECT participant_id FROM referral WHERE sent >= $1) \
             AND c.participant_id NOT IN (SELECT participant_id FROM anonymisation) \
             ORDER BY c.participant_id, c.end_date, c.id";
        let rows: Vec<(String, String, NaiveDate)> =
            on_pool!(self, p => sqlx::query_as(sql).bind(before).fetch_all(p).await?);
        let mut out: Vec<RetentionCandidate> = Vec::new();
        for (participant, course, end) in rows {
            match out.last_mut() {
                Some(last) if last.participant_id == participant => last.courses.push((course, end)),
                _ => out.push(RetentionCandidate { participant_id: participant, courses: vec![(course, end)] }),
            }
        }
        Ok(out)
    }
}

impl Tx {
    pub async fn fnr_taken(&mut self, fnr: &str) -> Result<bool, StoreError> {
        let found: Option<i32> = on_tx!(&mut self.0, t => {
            sqlx::query_scalar("SELECT 1 FROM participant WHERE fnr = $1").bind(fnr).fetch_optional(&mut **t).await?
        });
        Ok(found.is_some())
    }

    /// Removes the person from the participant's record: name, fødselsnummer (replaced by
    /// `placeholder`, which no real person has), postal code, contact details and every free
    /// text in [`FREE_TEXT`], and records the anonymisation. Ids, codes, dates and numbers stay.
    pub async fn anonymise_participant(
        &mut self,
        id: &str,
        placeholder: &str,
        at: DateTime<Utc>,
        as_of: NaiveDate,
        years: i64,
    ) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("UPDATE participant SET name = $2, name_search = $3, fnr = $4, postal_code = NULL WHERE id = $1")
                .bind(id).bind(ANONYMISED).bind(ANONYMISED.to_lowercase()).bind(placeholder)
                .execute(&mut **t).await?;
            sqlx::query("DELETE FROM participant_contact WHERE participant_id = $1").bind(id).execute(&mut **t).await?;
            for (table, columns, blank) in FREE_TEXT {
                let Some(condition) = person_condition(table) else {
                    return Err(StoreError::Corrupt { table: "retention", column: "table", value: (*table).to_owned() });
                };
                for column in *columns {
                    let sql = match blank {
                        Blank::Marker => format!(
                            "UPDATE {table} SET {column} = '{MARKER}' WHERE {condition} AND {column} IS NOT NULL AND {column} <> ''"
                        ),
                        Blank::Empty => format!("UPDATE {table} SET {column} = '' WHERE {condition}"),
                        Blank::Null => format!("UPDATE {table} SET {column} = NULL WHERE {condition}"),
                    };
                    sqlx::query(AssertSqlSafe(sql)).bind(id).execute(&mut **t).await?;
                }
            }
            sqlx::query("INSERT INTO anonymisation (participant_id, anonymised_at, as_of, years) VALUES ($1, $2, $3, $4)")
                .bind(id).bind(at).bind(as_of).bind(years).execute(&mut **t).await?;
        });
        Ok(())
    }
}
