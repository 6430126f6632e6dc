//! What the course forms read before they change a course: its phases, passive periods and
//! educations, and a follow-up check by id.

use jobbvei_domain::{Education, FollowupCheck, PassivePeriod, PhaseEntry};
use sqlx::AssertSqlSafe;

use crate::course_end::where_course;
use crate::workplace::cols;
use crate::{Db, StoreError, mapping, on_pool};

impl Db {
    /// The course's phase history, oldest first.
    pub async fn course_phases(&self, course: &str) -> Result<Vec<PhaseEntry>, StoreError> {
        let sql = where_course(&mapping::PHASE, "from_date");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(course).fetch_all(p).await?
            .iter().map(mapping::read_phase).collect())
    }

    /// The course's passive periods, oldest first.
    pub async fn course_passive_periods(&self, course: &str) -> Result<Vec<PassivePeriod>, StoreError> {
        let sql = where_course(&mapping::PASSIVE, "from_date");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(course).fetch_all(p).await?
            .iter().map(mapping::read_passive).collect())
    }

    /// The course's educations, by start.
    pub async fn course_educations(&self, course: &str) -> Result<Vec<Education>, StoreError> {
        let sql = where_course(&mapping::EDUCATION, "start_date, id");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(course).fetch_all(p).await?
            .iter().map(mapping::read_education).collect())
    }

    pub async fn education(&self, id: &str) -> Result<Option<Education>, StoreError> {
        let sql = format!("SELECT {} FROM education x WHERE x.id = $1", cols(&mapping::EDUCATION, "x"));
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?
            .as_ref().map(mapping::read_education).transpose())
    }

    pub async fn followup_check(&self, id: &str) -> Result<Option<FollowupCheck>, StoreError> {
        let sql = format!("SELECT {} FROM followup_check x WHERE x.id = $1", cols(&mapping::FOLLOWUP, "x"));
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?
            .as_ref().map(mapping::read_followup).transpose())
    }
}
