//! What the employer forms change beside the exchange rows: an employer's own fields, stage
//! and holder one at a time (so a form never overwrites what another form changed in the
//! meantime), the orgnr check that registering needs, and what the employer requires
//! (`employer_requirement`, Jobbvei's own record, not exported). New employers and contacts
//! go in through the same upserts as an import (`write.rs`). Callers audit in the same
//! transaction; who may do what is the web's question.

use chrono::{DateTime, Utc};
use jobbvei_domain::{Employer, EmployerContact};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::mapping::{self, search_key};
use crate::write::{Inner, on_tx};
use crate::{Db, StoreError, Tx, on_pool};

/// One thing an employer requires, as typed ("førerkort klasse B", "norsk B1").
#[derive(Debug, Clone, PartialEq)]
pub struct EmployerRequirement {
    pub id: String,
    pub employer: String,
    pub text: String,
    pub added_at: DateTime<Utc>,
    /// The user who added it.
    pub added_by: String,
}

impl Db {
    /// What the employer requires, alphabetically (sorted here, so both engines give one order).
    pub async fn employer_requirements(&self, employer: &str) -> Result<Vec<EmployerRequirement>, StoreError> {
        let mut list: Vec<EmployerRequirement> = on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT id, employer_id, text, added_at, added_by FROM employer_requirement \
                 WHERE employer_id = $1",
            )
            .bind(employer).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(EmployerRequirement {
                        id: r.text(0)?,
                        employer: r.text(1)?,
                        text: r.text(2)?,
                        added_at: r.instant(3)?,
                        added_by: r.text(4)?,
                    })
                })
                .collect::<Result<_, StoreError>>()
        })?;
        list.sort_by_cached_key(|r| (r.text.to_lowercase(), r.id.clone()));
        Ok(list)
    }

    pub async fn employer_contact(&self, id: &str) -> Result<Option<EmployerContact>, StoreError> {
        let sql = format!("{} WHERE id = $1", mapping::CONTACT.select_all());
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?
            .as_ref().map(mapping::read_contact).transpose())
    }

    /// The industries already in use, by name, so the forms can offer them and the
    /// outcome tables by industry do not split on spelling.
    pub async fn employer_industries(&self) -> Result<Vec<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar(
            "SELECT DISTINCT industry FROM employer WHERE industry IS NOT NULL AND industry <> '' \
             ORDER BY industry LIMIT 300",
        )
        .fetch_all(p).await?))
    }
}

impl Tx {
    /// The employer with this organisation number, other than `except`, as this transaction
    /// sees it. On PostgreSQL a transaction-scoped advisory lock on the number is taken
    /// first, so two registrations of the same number wait for each other and the second
    /// sees the first; SQLite lets one writer in at a time anyway.
    pub async fn employer_with_orgnr(
        &mut self,
        orgnr: &str,
        except: Option<&str>,
    ) -> Result<Option<Employer>, StoreError> {
        if let Inner::Postgres(t) = &mut self.0 {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(format!("employer.orgnr:{orgnr}"))
                .execute(&mut **t)
                .await?;
        }
        let sql = format!("{} WHERE orgnr = $1 AND id <> $2 ORDER BY id LIMIT 1", mapping::EMPLOYER.select_all());
        let except = except.unwrap_or("");
        on_tx!(&mut self.0, t => sqlx::query(AssertSqlSafe(sql)).bind(orgnr).bind(except)
            .fetch_optional(&mut **t).await?.as_ref().map(mapping::read_employer).transpose())
    }

    /// Changes the employer's own fields, leaving stage and holder as they are.
    pub async fn update_employer_fields(&mut self, e: &Employer) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "UPDATE employer SET orgnr = $2, name = $3, name_search = $4, municipality = $5, industry = $6 \
             WHERE id = $1",
        )
        .bind(e.id.as_str()).bind(e.orgnr.as_str()).bind(&e.name).bind(search_key(&e.name))
        .bind(e.municipality.as_deref()).bind(e.industry.as_deref())
        .execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    pub async fn set_employer_stage(&mut self, employer: &str, stage: &str) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query("UPDATE employer SET stage = $2 WHERE id = $1")
            .bind(employer).bind(stage).execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    /// Moves the relationship from holder `from` to `to` (either may be none); `false` when
    /// the holder is no longer `from` (someone claimed or released it first).
    pub async fn move_employer_holder(
        &mut self,
        employer: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "UPDATE employer SET holder_id = $2 WHERE id = $1 \
             AND (holder_id = $3 OR (holder_id IS NULL AND $4))",
        )
        .bind(employer).bind(to).bind(from.unwrap_or("")).bind(from.is_none())
        .execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    pub async fn add_employer_requirement(&mut self, r: &EmployerRequirement) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO employer_requirement (id, employer_id, text, added_at, added_by) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&r.id).bind(&r.employer).bind(&r.text).bind(r.added_at).bind(&r.added_by)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Removes one requirement of the employer; `false` when it was not there.
    pub async fn remove_employer_requirement(&mut self, employer: &str, id: &str) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "DELETE FROM employer_requirement WHERE employer_id = $1 AND id = $2",
        )
        .bind(employer).bind(id).execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }
}
