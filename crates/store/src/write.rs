//! Bulk upserts inside one transaction: how import and demo data reach the database.
//!
//! On SQLite rows go in as multi-row `INSERT … ON CONFLICT DO UPDATE` statements, sized to
//! stay under its limit on bound parameters; on PostgreSQL as one array per column (see
//! `columns`), which spares it parsing and planning a statement with thousands of parameters.

use jobbvei_domain::{Activity, Course, Education, Employer, EmployerContact, FollowupCheck, Job, Measure};
use jobbvei_domain::{Office, Participant, PassivePeriod, PhaseEntry, Referral, Team, User};
use std::ops::{Deref, DerefMut};

use sqlx::sqlite::SqliteConnection;
use sqlx::{Postgres, QueryBuilder, Sqlite, Transaction};

use crate::engine::Binder;
use crate::facts::Pending;
use crate::mapping::{self, Table};
use crate::{Db, StoreError};
use crate::{columns, copy, sqlite_rows};

/// Keys per `DELETE … IN (…)` statement on SQLite.
const MAX_ROWS: usize = 1_000;

/// New rows from this many on are copied in (PostgreSQL's `COPY`) rather than inserted.
const COPY_FROM_ROWS: usize = 64;

/// An open write transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx(pub(crate) Inner, pub(crate) Rows, pub(crate) Pending);

/// How the upserts of a transaction write their rows.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Rows {
    /// The rows written next are new to their tables (see [`Tx::rows_are_new`]).
    pub new: bool,
    /// The record tables were emptied by this transaction (see `bulk`), so PostgreSQL may
    /// write copied rows already frozen.
    pub freeze: bool,
}

pub(crate) enum Inner {
    Sqlite(SqliteTx),
    Postgres(Transaction<'static, Postgres>),
}

/// A SQLite transaction: a snapshot on a reading connection, or a writer's turn
/// (`writer`), a savepoint in the transaction its group commits together.
pub(crate) enum SqliteTx {
    Read(Transaction<'static, Sqlite>),
    Write(crate::writer::Turn),
}

impl Deref for SqliteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        match self {
            SqliteTx::Read(t) => t,
            SqliteTx::Write(t) => t,
        }
    }
}

impl DerefMut for SqliteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        match self {
            SqliteTx::Read(t) => t,
            SqliteTx::Write(t) => t,
        }
    }
}

impl SqliteTx {
    async fn commit(self) -> Result<(), StoreError> {
        match self {
            SqliteTx::Read(t) => Ok(t.commit().await?),
            SqliteTx::Write(t) => t.commit().await,
        }
    }

    async fn rollback(self) -> Result<(), StoreError> {
        match self {
            SqliteTx::Read(t) => Ok(t.rollback().await?),
            SqliteTx::Write(t) => t.rollback().await,
        }
    }
}

macro_rules! on_tx {
    ($tx:expr, $t:ident => $body:expr) => {
        match $tx {
            $crate::write::Inner::Sqlite($t) => $body,
            $crate::write::Inner::Postgres($t) => $body,
        }
    };
}
pub(crate) use on_tx;

impl Db {
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(Tx(
            match self {
                Db::Sqlite(_, w) => Inner::Sqlite(SqliteTx::Write(w.begin().await?)),
                Db::Postgres(p) => Inner::Postgres(p.begin().await?),
            },
            Rows::default(),
            Pending::default(),
        ))
    }

    /// A read-only transaction that sees one consistent state of the database, so that an
    /// export running beside an import never mixes before and after.
    pub async fn snapshot(&self) -> Result<Tx, StoreError> {
        Ok(Tx(
            match self {
                // In WAL mode a deferred transaction reads one snapshot from its first read on.
                Db::Sqlite(p, _) => Inner::Sqlite(SqliteTx::Read(p.begin().await?)),
                Db::Postgres(p) => {
                    let mut t = p.begin().await?;
                    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *t).await?;
                    Inner::Postgres(t)
                }
            },
            Rows::default(),
            Pending::default(),
        ))
    }
}

impl Tx {
    /// Commits, after bringing the day facts up to date with the activities written
    /// (`facts`): they change together or not at all.
    pub async fn commit(mut self) -> Result<(), StoreError> {
        self.flush_facts().await?;
        match self.0 {
            Inner::Sqlite(t) => t.commit().await,
            Inner::Postgres(t) => Ok(t.commit().await?),
        }
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self.0 {
            Inner::Sqlite(t) => t.rollback().await,
            Inner::Postgres(t) => Ok(t.rollback().await?),
        }
    }

    /// Declares that every row the upserts write from now on is new to its table: none has
    /// a key already stored or written earlier in this transaction. PostgreSQL then copies
    /// them in (`COPY`) instead of upserting; a row that is not new fails the transaction.
    pub fn rows_are_new(&mut self, new: bool) {
        self.1.new = new;
    }

    async fn upsert<T>(&mut self, table: &Table, rows: &[T], bind: fn(&mut dyn Binder, &T)) -> Result<(), StoreError> {
        let rows_mode = self.1;
        let t = match &mut self.0 {
            Inner::Sqlite(t) => t,
            // A few new rows go in by one INSERT without a conflict clause (so one that is not
            // new fails, as with COPY): COPY takes two round trips where an INSERT takes one.
            Inner::Postgres(t) if rows_mode.new && rows.len() < COPY_FROM_ROWS => {
                let prefix = table.insert_prefix();
                return columns::insert_with(t, &prefix, table.columns.len(), "", rows, bind).await;
            }
            Inner::Postgres(t) if rows_mode.new => {
                return copy::copy_in(t, table, rows, bind, rows_mode.freeze).await;
            }
            Inner::Postgres(t) => return columns::upsert(t, table, rows, bind).await,
        };
        // Rows declared new need no conflict clause: one that is not fails the statement,
        // as COPY does on PostgreSQL.
        let suffix = if rows_mode.new { String::new() } else { table.upsert_suffix() };
        sqlite_rows::insert(t, &table.insert_prefix(), &suffix, table.columns.len(), rows, bind).await
    }

    pub(crate) async fn delete_where_in(&mut self, table: &str, column: &str, keys: &[&str]) -> Result<(), StoreError> {
        let t = match &mut self.0 {
            Inner::Sqlite(t) => t,
            Inner::Postgres(t) => return columns::delete_where_in(t, table, column, keys).await,
        };
        for chunk in keys.chunks(MAX_ROWS) {
            let mut qb = QueryBuilder::<Sqlite>::new(format!("DELETE FROM {table} WHERE {column} IN ("));
            let mut sep = qb.separated(", ");
            for k in chunk {
                sep.push_bind(k.to_string());
            }
            qb.push(")");
            qb.build().execute(&mut **t).await?;
        }
        Ok(())
    }

    pub async fn upsert_offices(&mut self, rows: &[Office]) -> Result<(), StoreError> {
        self.upsert(&mapping::OFFICE, rows, mapping::bind_office).await
    }

    pub async fn upsert_teams(&mut self, rows: &[Team]) -> Result<(), StoreError> {
        self.upsert(&mapping::TEAM, rows, mapping::bind_team).await
    }

    pub async fn upsert_users(&mut self, rows: &[User]) -> Result<(), StoreError> {
        self.upsert(&mapping::USER, rows, mapping::bind_user).await
    }

    pub async fn upsert_employers(&mut self, rows: &[Employer]) -> Result<(), StoreError> {
        self.upsert(&mapping::EMPLOYER, rows, mapping::bind_employer).await
    }

    pub async fn upsert_contacts(&mut self, rows: &[EmployerContact]) -> Result<(), StoreError> {
        self.upsert(&mapping::CONTACT, rows, mapping::bind_contact).await
    }

    pub async fn upsert_participants(&mut self, rows: &[Participant]) -> Result<(), StoreError> {
        self.upsert(&mapping::PARTICIPANT, rows, mapping::bind_participant).await
    }

    pub async fn upsert_referrals(&mut self, rows: &[Referral]) -> Result<(), StoreError> {
        self.upsert(&mapping::REFERRAL, rows, mapping::bind_referral).await
    }

    /// Upserts courses; their course facts (K3) and their jobs' (K8) are recomputed at commit.
    pub async fn upsert_courses(&mut self, rows: &[Course]) -> Result<(), StoreError> {
        self.note_courses(rows.iter().map(|c| c.id.as_str()));
        self.upsert(&mapping::COURSE, rows, mapping::bind_course).await
    }

    pub async fn upsert_phases(&mut self, rows: &[PhaseEntry]) -> Result<(), StoreError> {
        self.upsert(&mapping::PHASE, rows, mapping::bind_phase).await
    }

    pub async fn upsert_passive_periods(&mut self, rows: &[PassivePeriod]) -> Result<(), StoreError> {
        self.upsert(&mapping::PASSIVE, rows, mapping::bind_passive).await
    }

    /// Upserts jobs and replaces each job's percentage history with the one given; their job
    /// facts (K8) are recomputed at commit.
    pub async fn upsert_jobs(&mut self, rows: &[Job]) -> Result<(), StoreError> {
        self.note_jobs(rows.iter().map(|j| j.id.as_str()));
        self.upsert(&mapping::JOB, rows, mapping::bind_job).await?;
        if !self.1.new {
            let ids: Vec<&str> = rows.iter().map(|j| j.id.as_str()).collect();
            self.delete_where_in(mapping::JOB_PERCENT.name, "job_id", &ids).await?;
        }
        let steps: Vec<(&str, _)> =
            rows.iter().flat_map(|j| j.percent.iter().map(move |s| (j.id.as_str(), *s))).collect();
        self.upsert(&mapping::JOB_PERCENT, &steps, mapping::bind_job_percent).await
    }

    pub async fn upsert_educations(&mut self, rows: &[Education]) -> Result<(), StoreError> {
        self.upsert(&mapping::EDUCATION, rows, mapping::bind_education).await
    }

    pub async fn upsert_measures(&mut self, rows: &[Measure]) -> Result<(), StoreError> {
        self.upsert(&mapping::MEASURE, rows, mapping::bind_measure).await
    }

    /// Upserts activities; the days and courses they leave and land on get their facts
    /// recomputed at commit.
    pub async fn upsert_activities(&mut self, rows: &[Activity]) -> Result<(), StoreError> {
        self.note_activity_days(rows).await?;
        self.upsert(&mapping::ACTIVITY, rows, mapping::bind_activity).await
    }

    pub async fn upsert_followup_checks(&mut self, rows: &[FollowupCheck]) -> Result<(), StoreError> {
        self.upsert(&mapping::FOLLOWUP, rows, mapping::bind_followup).await
    }
}
