//! Reading records back: full ordered scans for export, and the id index import checks
//! references against.

use std::collections::HashMap;

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use jobbvei_domain::{Activity, Course, Education, Employer, EmployerContact, FollowupCheck, Job, Measure};
use jobbvei_domain::{Office, Participant, PassivePeriod, PercentStep, PhaseEntry, Referral, Team, User};
use sqlx::AssertSqlSafe;

use crate::mapping::{self, Table};
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// What already exists, for checking the references of an import.
#[derive(Debug, Default, Clone)]
pub struct ImportIndex {
    pub offices: Vec<String>,
    pub teams: Vec<String>,
    /// (user id, username)
    pub users: Vec<(String, Option<String>)>,
    pub employers: Vec<String>,
    /// (participant id, fødselsnummer): a number belongs to one participant only
    pub participants: Vec<(String, String)>,
    /// (contact id, employer id)
    pub contacts: Vec<(String, String)>,
    /// (course id, method code, start)
    pub courses: Vec<(String, String, NaiveDate)>,
    /// (job id, course id)
    pub jobs: Vec<(String, String)>,
    /// (plan item id, participant id, parent id): a plan item stays with its participant, its
    /// parent belongs to the same one, and the parents form no loop
    pub plan_items: Vec<(String, String, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub rows: i64,
}

/// Full scans in export order: by the record's key, bytewise on both engines.
macro_rules! each_fn {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $table:expr, $order:literal, $read:path) => {
        $(#[$doc])*
        pub async fn $name<E: From<StoreError>>(&mut self, mut f: impl FnMut($ty) -> Result<(), E>) -> Result<(), E> {
            let sql = format!("{} ORDER BY {}", $table.select_all(), $order);
            on_tx!(&mut self.0, t => {
                let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut **t);
                while let Some(row) = rows.try_next().await.map_err(StoreError::from)? {
                    f($read(&row)?)?;
                }
            });
            Ok(())
        }
    };
}

impl Tx {
    each_fn!(each_office, Office, mapping::OFFICE, "id", mapping::read_office);
    each_fn!(each_team, Team, mapping::TEAM, "id", mapping::read_team);
    each_fn!(each_user, User, mapping::USER, "id", mapping::read_user);
    each_fn!(each_employer, Employer, mapping::EMPLOYER, "id", mapping::read_employer);
    each_fn!(each_contact, EmployerContact, mapping::CONTACT, "id", mapping::read_contact);
    each_fn!(each_participant, Participant, mapping::PARTICIPANT, "id", mapping::read_participant);
    each_fn!(each_referral, Referral, mapping::REFERRAL, "id", mapping::read_referral);
    each_fn!(each_course, Course, mapping::COURSE, "id", mapping::read_course);
    each_fn!(each_phase, PhaseEntry, mapping::PHASE, "course_id, from_date", mapping::read_phase);
    each_fn!(each_passive_period, PassivePeriod, mapping::PASSIVE, "course_id, from_date", mapping::read_passive);
    each_fn!(each_education, Education, mapping::EDUCATION, "id", mapping::read_education);
    each_fn!(each_measure, Measure, mapping::MEASURE, "id", mapping::read_measure);
    each_fn!(each_activity, Activity, mapping::ACTIVITY, "id", mapping::read_activity);
    each_fn!(each_followup_check, FollowupCheck, mapping::FOLLOWUP, "id", mapping::read_followup);
    each_fn!(
        /// Jobs without their percentage history; [`Db::each_job`] adds it.
        each_job_bare, Job, mapping::JOB, "id", mapping::read_job
    );
    each_fn!(
        each_job_percent,
        (String, PercentStep),
        mapping::JOB_PERCENT,
        "job_id, from_date",
        mapping::read_job_percent
    );

    /// Jobs with their percentage history, in id order.
    pub async fn each_job<E: From<StoreError>>(&mut self, mut f: impl FnMut(Job) -> Result<(), E>) -> Result<(), E> {
        let mut steps: HashMap<String, Vec<PercentStep>> = HashMap::new();
        self.each_job_percent(|(job, step)| {
            steps.entry(job).or_default().push(step);
            Ok::<_, E>(())
        })
        .await?;
        self.each_job_bare(|mut job| {
            job.percent = steps.remove(job.id.as_str()).unwrap_or_default();
            f(job)
        })
        .await
    }

    /// Everything an import needs to check references against, as this transaction sees it.
    pub async fn import_index(&mut self) -> Result<ImportIndex, StoreError> {
        let ids = |table: &'static str| format!("SELECT id FROM {table}");
        on_tx!(&mut self.0, t => {
            let p = &mut **t;
            Ok(ImportIndex {
                offices: sqlx::query_scalar(AssertSqlSafe(ids("office"))).fetch_all(&mut *p).await?,
                teams: sqlx::query_scalar(AssertSqlSafe(ids("team"))).fetch_all(&mut *p).await?,
                users: sqlx::query_as("SELECT id, username FROM app_user").fetch_all(&mut *p).await?,
                employers: sqlx::query_scalar(AssertSqlSafe(ids("employer"))).fetch_all(&mut *p).await?,
                participants: sqlx::query_as("SELECT id, fnr FROM participant").fetch_all(&mut *p).await?,
                contacts: sqlx::query_as("SELECT id, employer_id FROM employer_contact").fetch_all(&mut *p).await?,
                courses: sqlx::query_as("SELECT id, method, start_date FROM course").fetch_all(&mut *p).await?,
                jobs: sqlx::query_as("SELECT id, course_id FROM job").fetch_all(&mut *p).await?,
                plan_items: sqlx::query_as("SELECT id, participant_id, parent_id FROM plan_item").fetch_all(&mut *p).await?,
            })
        })
    }
}

impl Db {
    /// Row counts of every record table, for reports on imports and benchmarks.
    pub async fn table_counts(&self) -> Result<Vec<TableCount>, StoreError> {
        let mut out = Vec::new();
        for table in ALL_TABLES {
            let sql = format!("SELECT COUNT(*) FROM {}", table.name);
            let rows: i64 = on_pool!(self, p => sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(p).await?);
            out.push(TableCount { table: table.name, rows });
        }
        Ok(out)
    }
}

pub(crate) const ALL_TABLES: [&Table; 16] = [
    &mapping::OFFICE,
    &mapping::TEAM,
    &mapping::USER,
    &mapping::EMPLOYER,
    &mapping::CONTACT,
    &mapping::PARTICIPANT,
    &mapping::REFERRAL,
    &mapping::COURSE,
    &mapping::PHASE,
    &mapping::PASSIVE,
    &mapping::JOB,
    &mapping::JOB_PERCENT,
    &mapping::EDUCATION,
    &mapping::MEASURE,
    &mapping::ACTIVITY,
    &mapping::FOLLOWUP,
];
