//! What the research extract (DOMAIN.md §11) reads beside the outcome data: each course's
//! person, as the national id the pseudonym is made from and the postal code the county
//! comes from. Read for the extract alone, so that nothing else carries them.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::evaluation::{Extract, ExtractSpec, Identity, PseudonymKey, extract};
use sqlx::AssertSqlSafe;

use crate::outcomes::IN_WINDOW;
use crate::{Db, StoreError, on_pool};

impl Db {
    /// The person of every course open on a day of `from..=to`, by course id.
    pub async fn extract_identities(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<HashMap<String, Identity>, StoreError> {
        let sql = format!(
            "SELECT c.id, p.fnr, p.postal_code FROM course c JOIN participant p ON p.id = c.participant_id \
             WHERE {IN_WINDOW}"
        );
        let rows: Vec<(String, String, Option<String>)> = on_pool!(self, p => {
            sqlx::query_as(AssertSqlSafe(sql)).bind(from).bind(to).fetch_all(p).await?
        });
        Ok(rows
            .into_iter()
            .map(|(course, national_id, postal_code)| (course, Identity { national_id, postal_code }))
            .collect())
    }

    /// The research extract of `spec`'s window under `key`: what `jobbvei extract` and the
    /// effect page both hand out, read and built in one place. The caller audits it.
    pub async fn research_extract(&self, spec: &ExtractSpec, key: &PseudonymKey) -> Result<Extract, StoreError> {
        let data = self.outcome_data(spec.from(), spec.to()).await?;
        let identities = self.extract_identities(spec.from(), spec.to()).await?;
        Ok(extract(&data, &identities, key, spec))
    }

    /// The teams (id, name, office id) and offices (id, name) two groups can be chosen
    /// from, by name.
    pub async fn organisation(&self) -> Result<(Vec<(String, String, String)>, Vec<(String, String)>), StoreError> {
        on_pool!(self, p => {
            let teams = sqlx::query_as("SELECT id, name, office_id FROM team ORDER BY name, id").fetch_all(p).await?;
            let offices = sqlx::query_as("SELECT id, name FROM office ORDER BY name, id").fetch_all(p).await?;
            Ok((teams, offices))
        })
    }
}
