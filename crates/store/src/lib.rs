//! Jobbvei's persistence. One API over two engines: an embedded SQLite file by default,
//! PostgreSQL when given a `postgres://` URL. Migrations live per engine under
//! `migrations/{sqlite,postgres}/` with the same file names.
//!
//! This crate owns SQL and nothing else: it checks no business rule (the domain and the
//! importer do that before anything reaches it) and never decides who may see what.

mod activity_edit;
mod ads;
mod alerts;
mod audit_batch;
mod auth;
mod backup;
mod bulk;
mod case_stamp;
mod collaboration;
mod columns;
mod connect;
mod copy;
mod course_end;
mod course_keep;
mod course_records;
mod day_facts;
mod day_sums;
mod employer_keep;
mod employer_page;
mod engine;
mod evaluation;
mod exists;
mod facts;
mod facts_scan;
mod instances;
mod kept;
mod kept_day;
mod kept_timeline;
mod kpi;
mod lookup;
mod mapping;
mod marks;
mod marks_scan;
mod measures;
mod migrate;
mod my_day_page;
mod names;
mod notifications;
mod oidc;
mod outcomes;
mod outreach;
mod packed;
mod participant_page;
mod person;
mod pipeline;
mod placement;
mod profile;
mod read;
mod records_write;
mod referral_report;
mod referrals;
mod retention;
mod reviews;
mod scratch;
mod sqlite_rows;
mod survival;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
mod veileder;
mod workplace;
mod write;
mod writer;

pub use activity_edit::EditableActivity;
pub use ads::{AdFilter, AdInputs, AdMark, MatchProfile};
pub use alerts::NamedAlertData;
pub use auth::{AuditEntry, AuditFilter, Credential, StoredSession};
pub use backup::{BackupTable, EXCLUDED, Excluded, Kind, TABLES as BACKUP_TABLES, Value, table as backup_table};
pub use bulk::BulkLoad;
pub use collaboration::{Agreement, IntervalNote, PairAgreement, RoleSplit};
pub use connect::{Location, resolve_location};
pub use course_end::Handover;
pub use course_records::{CourseRecords, PlannedPassive};
pub use employer_keep::EmployerRequirement;
pub use employer_page::EmployerPageData;
pub use facts::{FACT_TABLES, FactCheck, FactDifference, FactStatus};
pub use kept_day::KeptDays;
pub use kept_timeline::KeptTimelines;
pub use kpi::KpiScope;
pub use lookup::EmployerPage;
pub use marks::{CourseDifference, JobDifference, MarkCheck};
pub use measures::{MeasureEvent, MeasureHistoryLine, MeasureRecord, MeasureWithEvent};
pub use my_day_page::MyDayData;
pub use names::{NameKind, NamedUser};
pub use notifications::{DigestDue, NewNotification, Notification, PendingMail};
pub use oidc::{MAX_PENDING_OIDC_LOGINS, OidcLogin};
pub use participant_page::ParticipantPageData;
pub use person::{PERSON_TABLES, PersonAudit, PersonReport, PersonSection, USER_COLUMNS};
pub use pipeline::{BoardRow, HeldEmployer, StageFacts};
pub use profile::{Disclosure, PlanItem, ProfileVersion, SupportNeedRow};
pub use read::{ImportIndex, TableCount};
pub use records_write::RecordKind;
pub use referrals::{ReferralDetail, ReferralFilter, ReferralLine};
pub use retention::{ANONYMISED, RetentionCandidate};
pub use reviews::{NewReview, Review, ReviewAction, ReviewScore};
pub use scratch::{create_pg_database, drop_pg_database, with_database};
pub use tokens::{ApiToken, NewApiToken, TokenState};
pub use veileder::{CurrentJob, VeilederRow};
pub use workplace::{ActivityLine, CaseRow, ParticipantAccess, ParticipantClaims, ParticipantRecord, WriteAccess};
pub use write::Tx;
pub use writer::{Writer, WriterStats};

use sqlx::{PgPool, SqlitePool};

/// Errors of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("unsupported database URL (use postgres://… or sqlite://…)")]
    UnsupportedUrl,
    #[error(
        "the PostgreSQL database \"{name}\" does not exist on that server; create it with `jobbvei --database-url URL db create` (or ask its administrator)"
    )]
    NoDatabase { name: String },
    #[error("could not create the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("stored value in {table}.{column} is not valid: {value}")]
    Corrupt { table: &'static str, column: &'static str, value: String },
    #[error("migration {version} failed: {source}")]
    Migration { version: i64, source: sqlx::Error },
}

/// Which engine a [`Db`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A connection pool on one of the two engines. On SQLite, the pool that reads and the one
/// connection that writes ([`Writer`]).
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool, Writer),
    Postgres(PgPool),
}

/// Runs the same code against whichever pool `db` holds; each arm is type-checked on its own.
macro_rules! on_pool {
    ($db:expr, $p:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($p, _) => $body,
            $crate::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;

/// [`on_pool!`] for one write that is not part of a transaction: on PostgreSQL a statement
/// committed on its own (one round trip, where a transaction takes three); on SQLite a turn
/// of the writer (`writer`), in which the statement joins the group's transaction when one
/// is open or others wait, and otherwise runs on its own on the writing connection (or, with
/// `reads`, on a reading one). Returns early with the error, as `?` does.
macro_rules! on_writer {
    ($db:expr, $p:ident => $body:expr) => {
        on_writer!(@ $db, $p, _reads, turn => turn.alone()?, $body)
    };
    ($db:expr, reads, $p:ident => $body:expr) => {
        on_writer!(@ $db, $p, reads, _turn => reads, $body)
    };
    (@ $db:expr, $p:ident, $reads:ident, $turn:ident => $alone:expr, $body:expr) => {
        match $db {
            $crate::Db::Sqlite($reads, w) => {
                let mut $turn = w.statement().await?;
                match $turn.group() {
                    Some($p) => $body,
                    None => {
                        let $p = $alone;
                        $body
                    }
                }
                $turn.done().await?;
            }
            $crate::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_writer;

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(..) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Answers whether the database takes queries, for `/healthz`.
    pub async fn health(&self) -> Result<(), StoreError> {
        on_pool!(self, p => { sqlx::query("SELECT 1").execute(p).await?; });
        Ok(())
    }

    pub async fn close(&self) {
        if let Db::Sqlite(_, w) = self {
            w.close().await;
        }
        on_pool!(self, p => p.close().await);
    }
}
