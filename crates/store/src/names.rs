//! Names by id, for pages that hold ids (a KPI row, an audit entry, a course's job specialist)
//! and must show who or what they are.

use std::collections::HashMap;

use sqlx::AssertSqlSafe;

use crate::{Db, StoreError, on_pool};

/// What kind of record a name is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    User,
    Team,
    Office,
    Employer,
    /// An employer's contact person.
    Contact,
    /// A job ad from the feed: its title, by uuid.
    Ad,
}

impl NameKind {
    /// (table, id column, name column)
    fn table(self) -> (&'static str, &'static str, &'static str) {
        match self {
            NameKind::User => ("app_user", "id", "name"),
            NameKind::Team => ("team", "id", "name"),
            NameKind::Office => ("office", "id", "name"),
            NameKind::Employer => ("employer", "id", "name"),
            NameKind::Contact => ("employer_contact", "id", "name"),
            NameKind::Ad => ("job_ad", "uuid", "title"),
        }
    }
}

/// A user's name and team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedUser {
    pub name: String,
    pub team: Option<String>,
}

/// Ids per query: well under both engines' limit on bound values.
const CHUNK: usize = 500;

impl Db {
    /// The names of the records of `kind` with these ids; an id that is not found is left out.
    pub async fn names(&self, kind: NameKind, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        let mut out = HashMap::new();
        for chunk in wanted(ids).chunks(CHUNK) {
            let (table, id, name) = kind.table();
            let sql = format!("SELECT {id}, {name} FROM {table} WHERE {id} IN ({})", marks(chunk.len()));
            let rows: Vec<(String, String)> = on_pool!(self, p => {
                let mut q = sqlx::query_as(AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind((*id).clone());
                }
                q.fetch_all(p).await?
            });
            out.extend(rows);
        }
        Ok(out)
    }

    /// Users' names and teams by id, in one statement for a page's few users (the job
    /// specialists it names and the owners of the lines it may offer to change); an id that
    /// is not found is left out.
    pub async fn users_with_teams(&self, ids: &[String]) -> Result<HashMap<String, NamedUser>, StoreError> {
        let mut out = HashMap::new();
        for chunk in wanted(ids).chunks(CHUNK) {
            let sql = format!("SELECT id, name, team_id FROM app_user WHERE id IN ({})", marks(chunk.len()));
            let rows: Vec<(String, String, Option<String>)> = on_pool!(self, p => {
                let mut q = sqlx::query_as(AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind((*id).clone());
                }
                q.fetch_all(p).await?
            });
            out.extend(rows.into_iter().map(|(id, name, team)| (id, NamedUser { name, team })));
        }
        Ok(out)
    }
}

/// The ids worth looking up: each once, none empty.
fn wanted(ids: &[String]) -> Vec<&String> {
    let mut wanted: Vec<&String> = ids.iter().filter(|i| !i.is_empty()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// `$1, $2, …, $n`.
fn marks(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
