//! The participant's vocational profile (a new row per saved version, never an update), the
//! disclosure plan, support needs and plan items. Codes arrive checked by the domain; this
//! module only stores and finds. Callers write the audit entry in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::profile::PROFILE_FIELDS;
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// One saved version of a vocational profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileVersion {
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// One value per [`PROFILE_FIELDS`] entry, in that order.
    pub values: Vec<String>,
}

impl ProfileVersion {
    /// The value of the field named `name`; empty when there is no such field.
    pub fn get(&self, name: &str) -> &str {
        PROFILE_FIELDS.iter().position(|f| f.name == name).and_then(|i| self.values.get(i)).map_or("", String::as_str)
    }
}

/// What may be told to employers, and the consents given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    pub participant_id: String,
    pub may_tell: String,
    pub must_not_tell: String,
    pub employer_contact_consent: bool,
    pub network_contacts: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// One dated support need; `level` and `need` are codes of `jobbvei_domain::profile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportNeedRow {
    pub id: String,
    pub participant_id: String,
    pub level: String,
    pub need: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub given_by: String,
}

/// A goal, sub-goal or activity; codes as in `jobbvei_domain::profile`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub id: String,
    pub participant_id: String,
    pub parent_id: Option<String>,
    pub kind: String,
    pub text: String,
    pub owner: String,
    pub deadline: Option<NaiveDate>,
    pub status: String,
}

fn field_list() -> String {
    PROFILE_FIELDS.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}

fn read_version(r: &impl Col) -> Result<ProfileVersion, StoreError> {
    Ok(ProfileVersion {
        version: r.int(0)?,
        created_at: r.instant(1)?,
        created_by: r.text(2)?,
        values: (0..PROFILE_FIELDS.len()).map(|i| r.text(3 + i)).collect::<Result<_, _>>()?,
    })
}

fn read_need(r: &impl Col) -> Result<SupportNeedRow, StoreError> {
    Ok(SupportNeedRow {
        id: r.text(0)?,
        participant_id: r.text(1)?,
        level: r.text(2)?,
        need: r.text(3)?,
        from: r.date(4)?,
        to: r.opt_date(5)?,
        given_by: r.text(6)?,
    })
}

fn read_item(r: &impl Col) -> Result<PlanItem, StoreError> {
    Ok(PlanItem {
        id: r.text(0)?,
        participant_id: r.text(1)?,
        parent_id: r.opt_text(2)?,
        kind: r.text(3)?,
        text: r.text(4)?,
        owner: r.text(5)?,
        deadline: r.opt_date(6)?,
        status: r.text(7)?,
    })
}

const NEED_COLUMNS: &str = "id, participant_id, level, need, from_date, to_date, given_by";
const ITEM_COLUMNS: &str = "id, participant_id, parent_id, kind, text, owner, deadline, status";

impl Db {
    /// The participant's name, for page headings; `None` when there is no such participant.
    pub async fn profile_participant_name(&self, id: &str) -> Result<Option<String>, StoreError> {
        on_pool!(self, p => {
            Ok(sqlx::query_scalar("SELECT name FROM participant WHERE id = $1").bind(id).fetch_optional(p).await?)
        })
    }

    /// Every saved profile version, newest first: the first is the current profile.
    pub async fn profile_versions(&self, participant: &str) -> Result<Vec<ProfileVersion>, StoreError> {
        let sql = format!(
            "SELECT version, created_at, created_by, {} FROM vocational_profile WHERE participant_id = $1 \
             ORDER BY version DESC",
            field_list()
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(participant).fetch_all(p).await?;
            rows.iter().map(read_version).collect()
        })
    }

    pub async fn disclosure(&self, participant: &str) -> Result<Option<Disclosure>, StoreError> {
        on_pool!(self, p => {
            let row = sqlx::query(
                "SELECT participant_id, may_tell, must_not_tell, employer_contact_consent, network_contacts, \
                 updated_at, updated_by FROM disclosure_plan WHERE participant_id = $1",
            )
            .bind(participant).fetch_optional(p).await?;
            row.map(|r| {
                Ok(Disclosure {
                    participant_id: r.text(0)?,
                    may_tell: r.text(1)?,
                    must_not_tell: r.text(2)?,
                    employer_contact_consent: r.opt_bool(3)? == Some(true),
                    network_contacts: r.text(4)?,
                    updated_at: r.instant(5)?,
                    updated_by: r.text(6)?,
                })
            })
            .transpose()
        })
    }

    /// Support needs, open ones first, each group newest first.
    pub async fn support_needs(&self, participant: &str) -> Result<Vec<SupportNeedRow>, StoreError> {
        let sql = format!(
            "SELECT {NEED_COLUMNS} FROM support_need WHERE participant_id = $1 \
             ORDER BY CASE WHEN to_date IS NULL THEN 0 ELSE 1 END, from_date DESC, id"
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(participant).fetch_all(p).await?;
            rows.iter().map(read_need).collect()
        })
    }

    /// Plan items in the order they were made within each deadline (the page nests them).
    pub async fn plan_items(&self, participant: &str) -> Result<Vec<PlanItem>, StoreError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM plan_item WHERE participant_id = $1 \
             ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, id"
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(participant).fetch_all(p).await?;
            rows.iter().map(read_item).collect()
        })
    }
}

impl Tx {
    /// Saves `values` (one per [`PROFILE_FIELDS`] entry) as the participant's next version
    /// and returns its number. Two saves racing for one number fail on the primary key.
    pub async fn save_profile_version(
        &mut self,
        participant: &str,
        at: DateTime<Utc>,
        by: &str,
        values: &[String],
    ) -> Result<i64, StoreError> {
        let names = field_list();
        let marks: Vec<String> = (0..PROFILE_FIELDS.len()).map(|i| format!("${}", i + 5)).collect();
        let sql = format!(
            "INSERT INTO vocational_profile (participant_id, version, created_at, created_by, {names}) \
             VALUES ($1, $2, $3, $4, {})",
            marks.join(", ")
        );
        on_tx!(&mut self.0, t => {
            let last: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM vocational_profile WHERE participant_id = $1")
                    .bind(participant).fetch_one(&mut **t).await?;
            let version = last.unwrap_or(0) + 1;
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(participant).bind(version).bind(at).bind(by);
            for i in 0..PROFILE_FIELDS.len() {
                q = q.bind(values.get(i).cloned().unwrap_or_default());
            }
            q.execute(&mut **t).await?;
            Ok(version)
        })
    }

    pub async fn set_disclosure(&mut self, d: &Disclosure) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO disclosure_plan (participant_id, may_tell, must_not_tell, employer_contact_consent, \
                 network_contacts, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (participant_id) DO UPDATE SET may_tell = excluded.may_tell, \
                 must_not_tell = excluded.must_not_tell, employer_contact_consent = excluded.employer_contact_consent, \
                 network_contacts = excluded.network_contacts, updated_at = excluded.updated_at, \
                 updated_by = excluded.updated_by",
            )
            .bind(&d.participant_id).bind(&d.may_tell).bind(&d.must_not_tell).bind(d.employer_contact_consent)
            .bind(&d.network_contacts).bind(d.updated_at).bind(&d.updated_by)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    pub async fn add_support_need(&mut self, n: &SupportNeedRow) -> Result<(), StoreError> {
        let sql = format!("INSERT INTO support_need ({NEED_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)");
        on_tx!(&mut self.0, t => {
            sqlx::query(AssertSqlSafe(sql))
                .bind(&n.id).bind(&n.participant_id).bind(&n.level).bind(&n.need).bind(n.from).bind(n.to)
                .bind(&n.given_by)
                .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Ends an open support need of the participant on `to`; false when there was none to end.
    pub async fn close_support_need(&mut self, participant: &str, id: &str, to: NaiveDate) -> Result<bool, StoreError> {
        on_tx!(&mut self.0, t => {
            let done = sqlx::query(
                "UPDATE support_need SET to_date = $3 WHERE participant_id = $1 AND id = $2 AND to_date IS NULL",
            )
            .bind(participant).bind(id).bind(to).execute(&mut **t).await?;
            Ok(done.rows_affected() == 1)
        })
    }

    pub async fn add_plan_item(&mut self, i: &PlanItem) -> Result<(), StoreError> {
        let sql = format!("INSERT INTO plan_item ({ITEM_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
        on_tx!(&mut self.0, t => {
            sqlx::query(AssertSqlSafe(sql))
                .bind(&i.id).bind(&i.participant_id).bind(&i.parent_id).bind(&i.kind).bind(&i.text).bind(&i.owner)
                .bind(i.deadline).bind(&i.status)
                .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Sets the status of one of the participant's plan items; false when there is no such item.
    pub async fn set_plan_status(&mut self, participant: &str, id: &str, status: &str) -> Result<bool, StoreError> {
        on_tx!(&mut self.0, t => {
            let done = sqlx::query("UPDATE plan_item SET status = $3 WHERE participant_id = $1 AND id = $2")
                .bind(participant).bind(id).bind(status).execute(&mut **t).await?;
            Ok(done.rows_affected() == 1)
        })
    }
}
