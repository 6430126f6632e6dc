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
}

impl NameKind {
    fn table(self) -> &'static str {
        match self {
            NameKind::User => "app_user",
            NameKind::Team => "team",
            NameKind::Office => "office",
            NameKind::Employer => "employer",
        }
    }
}

/// Ids per query: well under both engines' limit on bound values.
const CHUNK: usize = 500;

impl Db {
    /// The names of the records of `kind` with these ids; an id that is not found is left out.
    pub async fn names(&self, kind: NameKind, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        let mut wanted: Vec<&String> = ids.iter().filter(|i| !i.is_empty()).collect();
        wanted.sort();
        wanted.dedup();
        let mut out = HashMap::new();
        for chunk in wanted.chunks(CHUNK) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("SELECT id, name FROM {} WHERE id IN ({})", kind.table(), list.join(", "));
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
}
