//! Everything the employer page reads, in four statements on one connection (sqlx pings a
//! connection every time it goes back to the pool): the employer with its holder, contacts
//! and requirements (one `UNION ALL`, a slice of columns per kind); the history with its
//! users' names; the jobs held there; and who may see each listed job's participant, with
//! their names.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::course::access_cutoff;
use jobbvei_domain::{Employer, User};
use sqlx::AssertSqlSafe;

use crate::engine::{Col, Shifted};
use crate::participant_page::typed_nulls;
use crate::workplace::cols;
use crate::{Db, EmployerPage, EmployerRequirement, ParticipantAccess, StoreError, mapping};

/// What `/arbeidsgiver/{id}` shows ([`Db::employer_page_all`]).
#[derive(Debug, Clone)]
pub struct EmployerPageData {
    pub employer: Employer,
    /// The user holding the relationship, when there is one and they are found.
    pub holder: Option<User>,
    /// As [`Db::employer_page`] answers.
    pub page: EmployerPage,
    /// As [`Db::employer_requirements`] answers.
    pub requirements: Vec<EmployerRequirement>,
    /// Each of the first listed jobs' participants: who may see them
    /// ([`Db::participants_access`]) and their name.
    pub people: HashMap<String, (ParticipantAccess, String)>,
}

const NE: usize = mapping::EMPLOYER.columns.len();
const NU: usize = mapping::USER.columns.len();
const NK: usize = mapping::CONTACT.columns.len();
/// Where each kind's columns start (0-based): the employer and its holder, a contact, a
/// requirement (id, employer, text, added at, by).
const K_EMPLOYER: usize = 1;
const K_CONTACT: usize = K_EMPLOYER + NE + NU;
const K_REQUIREMENT: usize = K_CONTACT + NK;
const K_END: usize = K_REQUIREMENT + 5;

fn nulls(n: usize) -> String {
    vec!["NULL"; n].join(", ")
}

fn head_sql() -> String {
    // A kind's columns at `at`, NULL in every other kind's.
    let row = |at: usize, n: usize, values: String| {
        let mut parts = Vec::new();
        if at > 1 {
            parts.push(nulls(at - 1));
        }
        parts.push(values);
        if K_END > at + n {
            parts.push(nulls(K_END - at - n));
        }
        parts.join(", ")
    };
    // The first branch: with the types of the later kinds' columns (`typed_nulls`), a contact
    // (id, employer, name, decision maker, phone, email) and a requirement.
    let later = typed_nulls(&[
        "TEXT",
        "TEXT",
        "TEXT",
        "BOOLEAN",
        "TEXT",
        "TEXT",
        "TEXT",
        "TEXT",
        "TEXT",
        "TIMESTAMPTZ",
        "TEXT",
    ]);
    format!(
        "SELECT 'e', {}, {}, {later} FROM employer e LEFT JOIN app_user u ON u.id = e.holder_id WHERE e.id = $1 \
         UNION ALL SELECT 'k', {} FROM employer_contact x WHERE x.employer_id = $1 \
         UNION ALL SELECT 'r', {} FROM employer_requirement r WHERE r.employer_id = $1 \
         ORDER BY 1, {}, {}",
        cols(&mapping::EMPLOYER, "e"),
        cols(&mapping::USER, "u"),
        row(K_CONTACT, NK, cols(&mapping::CONTACT, "x")),
        row(K_REQUIREMENT, 5, "r.id, r.employer_id, r.text, r.added_at, r.added_by".into()),
        // contacts by name, then id (1-based)
        K_CONTACT + 3,
        K_CONTACT + 1,
    )
}

impl Db {
    /// Everything the employer page shows of `id` on `day`: its history the newest
    /// `max_history` activities, who may see the participants of the first `max_jobs` jobs;
    /// `None` when there is no such employer.
    pub async fn employer_page_all(
        &self,
        id: &str,
        max_history: i64,
        max_jobs: usize,
        day: NaiveDate,
    ) -> Result<Option<EmployerPageData>, StoreError> {
        let head = head_sql();
        let (history_sql, jobs_sql) = crate::lookup::employer_page_sql();
        macro_rules! read {
            ($pool:expr) => {{
                let mut conn = $pool.acquire().await?;
                let c = &mut *conn;
                let (mut employer, mut holder) = (None, None);
                let mut contacts = Vec::new();
                let mut requirements = Vec::new();
                for r in sqlx::query(AssertSqlSafe(head)).bind(id).fetch_all(&mut *c).await?.iter() {
                    match r.text(0)?.as_str() {
                        "e" => {
                            employer = Some(mapping::read_employer(&Shifted(r, K_EMPLOYER))?);
                            if r.opt_text(K_EMPLOYER + NE)?.is_some() {
                                holder = Some(mapping::read_user(&Shifted(r, K_EMPLOYER + NE))?);
                            }
                        }
                        "k" => contacts.push(mapping::read_contact(&Shifted(r, K_CONTACT))?),
                        _ => requirements.push(EmployerRequirement {
                            id: r.text(K_REQUIREMENT)?,
                            employer: r.text(K_REQUIREMENT + 1)?,
                            text: r.text(K_REQUIREMENT + 2)?,
                            added_at: r.instant(K_REQUIREMENT + 3)?,
                            added_by: r.text(K_REQUIREMENT + 4)?,
                        }),
                    }
                }
                let Some(employer) = employer else { return Ok(None) };
                // As `employer_requirements` orders them.
                requirements.sort_by_cached_key(|r| (r.text.to_lowercase(), r.id.clone()));
                let rows =
                    sqlx::query(AssertSqlSafe(history_sql)).bind(id).bind(max_history).fetch_all(&mut *c).await?;
                let (history, history_names) = crate::lookup::read_history(&rows)?;
                let rows = sqlx::query(AssertSqlSafe(jobs_sql)).bind(id).fetch_all(&mut *c).await?;
                let jobs = crate::lookup::read_jobs(&rows)?;
                let mut ids: Vec<&str> = jobs.iter().take(max_jobs).map(|(_, p)| p.as_str()).collect();
                ids.sort_unstable();
                ids.dedup();
                let people = if ids.is_empty() {
                    HashMap::new()
                } else {
                    let mut q = sqlx::query(AssertSqlSafe(crate::workplace::access_sql(ids.len())))
                        .bind(day)
                        .bind(access_cutoff(day));
                    for p in &ids {
                        q = q.bind(*p);
                    }
                    crate::workplace::read_access(&q.fetch_all(&mut *c).await?)?
                };
                let page = EmployerPage { contacts, history, history_names, jobs };
                Ok(Some(EmployerPageData { employer, holder, page, requirements, people }))
            }};
        }
        match self {
            Db::Sqlite(p, _) => read!(p),
            Db::Postgres(p) => read!(p),
        }
    }
}
