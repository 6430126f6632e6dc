//! Day facts (docs/facts.md): per user and Oslo day, what the day's activities give K1, K1p
//! and K2, computed by the domain's rules ([`DayCounts`]) and kept in `activity_day`.
//!
//! A write transaction notes the (user, day) pairs its activity writes touch, the old ones
//! (an activity moved to another day or user) and the new; [`Tx::commit`] recomputes those
//! days from the stored activities just before committing, so facts and activities change
//! together or not at all. A restore, or more days than [`MAX_PENDING_DAYS`], rebuild the
//! whole table instead, in one pass over the activities (`facts_scan`); a bulk load sums the
//! facts of its activities as it writes them ([`DaySums`]) and stores them once.
//! The table is tagged with the rules' versions ([`day_rules`]): a database whose tag
//! differs from the code's is rebuilt when it is opened, and is never read until then.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use jobbvei_domain::Activity;
use jobbvei_domain::kpi::{ActivityFact, DayCounts, day_rules};
use jobbvei_domain::time::oslo_date;
use sqlx::{Postgres, QueryBuilder, Sqlite};

use crate::day_sums::DaySums;
use crate::marks::MarkCheck;
use crate::write::{Inner, on_tx};
use crate::{Db, StoreError, Tx};

/// The tables of derived facts: not backed up, and not what makes a database "not empty".
pub const FACT_TABLES: &[&str] = &["activity_day", "course_fact", "job_fact", "kpi_fact_version"];

/// The name `kpi_fact_version` knows the day facts by.
const DAY_FACTS: &str = "activity_day";

/// Beyond this many touched days, courses and jobs one transaction rebuilds every fact
/// instead: cheaper than recomputing one by one, and the sets stay small in memory.
const MAX_PENDING: usize = 20_000;

/// Rows per multi-row `INSERT` into `activity_day` (6 parameters each).
const INSERT_ROWS: usize = 1_000;

/// Keys per `IN (…)` when looking up the days of activities about to be overwritten.
const LOOKUP_KEYS: usize = 1_000;

/// The activity columns the rules read, in the order [`stored_activity!`] decodes them.
pub(crate) const RULE_COLUMNS: &str = "kind, status, channel, decision_maker, subcategory, out_of_office, minutes, \
                            travel_to, travel_from, course_id";

/// What a transaction must recompute before it commits.
#[derive(Debug, Default)]
pub(crate) enum Pending {
    #[default]
    Clean,
    Touched(Touched),
    /// Every fact (bulk load, restore, or too many touched).
    All,
    /// Every fact, summed from the activities as a bulk load writes them ([`DaySums`]).
    Summed(Box<DaySums>),
}

/// The facts a transaction's writes affect.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// (user, Oslo day) to recompute from the stored activities: those of each activity
    /// that replaced a stored one, before and after.
    pub days: BTreeSet<(String, NaiveDate)>,
    /// What the activities new to the table (no stored row had their id) add to their
    /// (user, Oslo day). [`DayCounts`] only adds up, so such a day is brought up to date by
    /// adding these to its stored counts, without reading the day's other activities; a
    /// day also in `days` is recomputed instead.
    pub added: BTreeMap<(String, NaiveDate), DayCounts>,
    /// Courses whose K3 fact and whose jobs' K8 facts are recomputed: those of activities
    /// that replaced a stored one (before and after) and the courses written.
    pub courses: BTreeSet<String>,
    /// The activities new to the table, as the rules see them, by course: a first meeting
    /// only gets earlier and months with follow-up only get more, so these are added to
    /// the stored facts (`marks`) unless the course is recomputed anyway.
    pub added_courses: BTreeMap<String, Vec<ActivityFact>>,
    /// Jobs written: their K8 facts may change.
    pub jobs: BTreeSet<String>,
}

/// One (user, day) where the stored facts and the activities disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactDifference {
    pub user: String,
    pub day: NaiveDate,
    /// `None`: no stored row.
    pub stored: Option<DayCounts>,
    /// `None`: the user has no activity that day.
    pub computed: Option<DayCounts>,
}

/// What `facts check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactCheck {
    /// The rule versions the stored facts were built with, when any (`K1@1,K1p@1,K2@1`).
    pub stored_rules: Option<String>,
    pub days_checked: u64,
    pub differences: Vec<FactDifference>,
    /// How many differences there were in all (only the first [`MAX_LISTED`] are listed).
    pub total_differences: u64,
    /// The course and job facts.
    pub marks: MarkCheck,
}

impl FactCheck {
    pub fn is_clean(&self) -> bool {
        self.total_differences == 0
            && self.stored_rules.as_deref() == Some(day_rules().as_str())
            && self.marks.is_clean()
    }
}

/// Differences listed by a check; the rest are counted.
pub(crate) const MAX_LISTED: usize = 1_000;

/// The [`RULE_COLUMNS`] of a decoded row from column `$at` on, as a
/// [`jobbvei_domain::kpi::StoredActivity`]: the rules' view of it is defined there, once.
macro_rules! stored_activity {
    ($row:expr, $at:expr) => {{
        let row = &$row;
        let kind: &str = row.try_get($at)?;
        let status: &str = row.try_get($at + 1)?;
        let channel: Option<&str> = row.try_get($at + 2)?;
        let subcategory: Option<&str> = row.try_get($at + 4)?;
        let course: Option<&str> = row.try_get($at + 9)?;
        jobbvei_domain::kpi::StoredActivity {
            kind: jobbvei_domain::ActivityKind::parse(kind)
                .ok_or_else(|| $crate::mapping::corrupt("activity", "kind", kind))?,
            status: jobbvei_domain::ActivityStatus::parse(status)
                .ok_or_else(|| $crate::mapping::corrupt("activity", "status", status))?,
            channel: channel.and_then(jobbvei_domain::Channel::parse),
            decision_maker: row.try_get($at + 3)?,
            subcategory: subcategory.and_then(jobbvei_domain::Subcategory::parse),
            out_of_office: row.try_get($at + 5)?,
            minutes: row.try_get($at + 6)?,
            travel_to: row.try_get($at + 7)?,
            travel_from: row.try_get($at + 8)?,
            linked: course.is_some(),
        }
    }};
}
pub(crate) use stored_activity;

/// An activity of a decoded row as the rules see it (no positions: only what the rules read).
macro_rules! activity {
    ($row:expr, $at:expr) => {
        $crate::facts::stored_activity!($row, $at).fact(0, None, chrono::NaiveDate::MIN)
    };
}
pub(crate) use activity;

pub(crate) fn count(v: u32) -> i64 {
    i64::from(v)
}

pub(crate) fn counts_of(activities: i64, k1: i64, k1p: i64, k2_minutes: i64) -> DayCounts {
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    DayCounts { activities: n(activities), k1: n(k1), k1p: n(k1p), k2_minutes: u64::try_from(k2_minutes).unwrap_or(0) }
}

impl Tx {
    /// What this transaction's writes touched so far; `None` when every fact is rebuilt at
    /// commit anyway.
    pub(crate) fn touched(&mut self) -> Option<&mut Touched> {
        if matches!(self.2, Pending::Clean) {
            self.2 = Pending::Touched(Touched::default());
        }
        match &mut self.2 {
            Pending::Touched(t) => Some(t),
            _ => None,
        }
    }

    /// Switches to rebuilding everything once too much is touched.
    pub(crate) fn settle_pending(&mut self) {
        if let Pending::Touched(t) = &self.2
            && t.days.len() + t.added.len() + t.courses.len() + t.added_courses.len() + t.jobs.len() > MAX_PENDING
        {
            self.2 = Pending::All;
        }
    }

    /// Notes the days and courses `rows` touch before they are written: each activity's
    /// stored day, user and course (it may move) and its new ones.
    pub(crate) async fn note_activity_days(&mut self, rows: &[Activity]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        if let Pending::Summed(sums) = &mut self.2 {
            if self.1.new {
                rows.iter().for_each(|a| sums.add(a));
            } else {
                // These rows may overwrite activities already summed: rebuild at commit.
                self.2 = Pending::All;
            }
            return Ok(());
        }
        if self.touched().is_none() {
            // Every fact is rebuilt at commit anyway.
            return Ok(());
        }
        let new_rows = self.1.new;
        // Ids stored already (or written earlier in this transaction): their rows are
        // replaced, so their days are recomputed. Rows declared new have none.
        let mut stored: HashSet<String> = HashSet::new();
        if !new_rows {
            for chunk in rows.chunks(LOOKUP_KEYS) {
                let ids: Vec<&str> = chunk.iter().map(|a| a.id.as_str()).collect();
                let old: Vec<(String, String, NaiveDate, Option<String>)> = on_tx!(&mut self.0, t => {
                    let mut q = QueryBuilder::new("SELECT id, user_id, local_date, course_id FROM activity WHERE id IN (");
                    let mut sep = q.separated(", ");
                    for id in &ids {
                        sep.push_bind(id.to_string());
                    }
                    q.push(")");
                    q.build_query_as().fetch_all(&mut **t).await?
                });
                let Some(touched) = self.touched() else { return Ok(()) };
                for (id, user, day, course) in old {
                    touched.days.insert((user, day));
                    touched.courses.extend(course);
                    stored.insert(id);
                }
            }
        }
        // An id twice in `rows`: the last one is kept, so neither may simply be added.
        let mut seen: HashSet<&str> = HashSet::new();
        let twice: HashSet<&str> = rows.iter().map(|a| a.id.as_str()).filter(|id| !seen.insert(*id)).collect();
        let Some(touched) = self.touched() else { return Ok(()) };
        for a in rows {
            let key = (a.user.as_str().to_owned(), oslo_date(a.start));
            let course = a.course.as_ref().map(|c| c.as_str().to_owned());
            if stored.contains(a.id.as_str()) || twice.contains(a.id.as_str()) {
                touched.days.insert(key);
                touched.courses.extend(course);
            } else {
                let fact = ActivityFact::of(a);
                touched.added.entry(key).or_default().add(&fact);
                if let Some(c) = course {
                    touched.added_courses.entry(c).or_default().push(fact);
                }
            }
        }
        self.settle_pending();
        Ok(())
    }

    /// Every fact is rebuilt before commit (after a bulk load or restore).
    pub fn rebuild_facts_on_commit(&mut self) {
        self.2 = Pending::All;
    }

    /// Sums the facts of the activities written from now on as they are written; the
    /// transaction must start with no activities stored. [`Tx::write_summed_facts`] (or the
    /// commit) stores them in place of every fact.
    pub(crate) fn sum_facts_while_loading(&mut self) {
        self.2 = Pending::Summed(Box::default());
    }

    /// Stores the facts summed since [`Tx::sum_facts_while_loading`], if they are still
    /// summed, in place of every fact; the memory they took is free again afterwards.
    pub(crate) async fn write_summed_facts(&mut self) -> Result<(), StoreError> {
        match std::mem::take(&mut self.2) {
            Pending::Summed(sums) => self.store_summed_facts(*sums).await.map(|_| ()),
            other => {
                self.2 = other;
                Ok(())
            }
        }
    }

    /// Brings the facts up to date with this transaction's writes; called by [`Tx::commit`].
    pub(crate) async fn flush_facts(&mut self) -> Result<(), StoreError> {
        match std::mem::take(&mut self.2) {
            Pending::Clean => Ok(()),
            Pending::Touched(t) => {
                // In key order, recomputed and added days alike: on PostgreSQL each takes its
                // day's lock, and writers that lock in one order never deadlock.
                let mut days: BTreeMap<&(String, NaiveDate), Option<&DayCounts>> =
                    t.days.iter().map(|k| (k, None)).collect();
                for (k, c) in &t.added {
                    days.entry(k).or_insert(Some(c));
                }
                for ((user, day), added) in days {
                    match added {
                        Some(c) => self.add_to_day(user, *day, c).await?,
                        None => self.refresh_day(user, *day).await?,
                    }
                }
                self.refresh_marks(&t.courses, &t.jobs, &t.added_courses).await
            }
            Pending::All => self.rebuild_all_facts().await.map(|_| ()),
            Pending::Summed(sums) => self.store_summed_facts(*sums).await.map(|_| ()),
        }
    }

    pub(crate) async fn insert_days(&mut self, user: &str, days: &[(NaiveDate, DayCounts)]) -> Result<(), StoreError> {
        const PREFIX: &str = "INSERT INTO activity_day (user_id, day, activities, k1, k1p, k2_minutes) ";
        for chunk in days.chunks(INSERT_ROWS) {
            macro_rules! push {
                ($qb:expr) => {
                    $qb.push_values(chunk, |mut b, (day, c)| {
                        b.push_bind(user.to_owned())
                            .push_bind(*day)
                            .push_bind(count(c.activities))
                            .push_bind(count(c.k1))
                            .push_bind(count(c.k1p))
                            .push_bind(i64::try_from(c.k2_minutes).unwrap_or(i64::MAX));
                    })
                };
            }
            match &mut self.0 {
                Inner::Sqlite(t) => {
                    let mut qb = QueryBuilder::<Sqlite>::new(PREFIX);
                    push!(qb);
                    qb.build().execute(&mut **t).await?;
                }
                Inner::Postgres(t) => {
                    let mut qb = QueryBuilder::<Postgres>::new(PREFIX);
                    push!(qb);
                    qb.build().execute(&mut **t).await?;
                }
            }
        }
        Ok(())
    }

    /// Empties every fact table and computes it again from the records (the day, course and
    /// job facts in one pass over the activities), then tags each with the code's rule
    /// versions. Answers how many days it wrote.
    pub async fn rebuild_all_facts(&mut self) -> Result<u64, StoreError> {
        let mut marks = self.start_mark_scan().await?;
        let all = self.scan_all_days(Some(&mut marks)).await?;
        self.store_all_facts(all, marks.finish().2).await
    }

    /// Stores the facts summed while loading ([`DaySums`]) in place of every fact.
    async fn store_summed_facts(&mut self, sums: DaySums) -> Result<u64, StoreError> {
        let (users, linked) = sums.into_parts();
        let marks = self.marks_of_linked(linked).await?;
        self.store_all_facts(users, marks).await
    }

    /// Replaces every fact: the day facts with `users`' days (each user's computed by the
    /// rules), the course and job facts with `marks`.
    async fn store_all_facts(
        &mut self,
        users: Vec<(String, Vec<(NaiveDate, DayCounts)>)>,
        marks: crate::marks::Computed,
    ) -> Result<u64, StoreError> {
        self.lock_facts().await?;
        let written = self.store_day_facts(&users).await?;
        self.replace_marks(marks).await?;
        self.2 = Pending::Clean;
        Ok(written)
    }

    async fn rebuild_day_facts(&mut self) -> Result<u64, StoreError> {
        let all = self.scan_all_days(None).await?;
        self.store_day_facts(&all).await
    }

    /// On PostgreSQL, writers of facts wait until the rebuild commits: none can slip a fact in
    /// between.
    async fn lock_facts(&mut self) -> Result<(), StoreError> {
        if let Inner::Postgres(t) = &mut self.0 {
            sqlx::query("LOCK TABLE activity_day, course_fact, job_fact, kpi_fact_version IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut **t)
                .await?;
        }
        Ok(())
    }

    /// Replaces the day facts with `users`' days and tags them.
    async fn store_day_facts(&mut self, users: &[(String, Vec<(NaiveDate, DayCounts)>)]) -> Result<u64, StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("DELETE FROM activity_day").execute(&mut **t).await?;
        });
        let written = self.write_all_days(users).await?;
        self.tag_facts(DAY_FACTS, &day_rules()).await?;
        Ok(written)
    }

    /// Records that `facts` were built with `rules`.
    pub(crate) async fn tag_facts(&mut self, facts: &str, rules: &str) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("DELETE FROM kpi_fact_version WHERE facts = $1").bind(facts).execute(&mut **t).await?;
            sqlx::query("INSERT INTO kpi_fact_version (facts, rules) VALUES ($1, $2)")
                .bind(facts).bind(rules).execute(&mut **t).await?;
        });
        Ok(())
    }

    /// The rule versions `facts` were built with, if ever.
    pub(crate) async fn stored_rules_of(&mut self, facts: &str) -> Result<Option<String>, StoreError> {
        Ok(on_tx!(&mut self.0, t => sqlx::query_scalar("SELECT rules FROM kpi_fact_version WHERE facts = $1")
            .bind(facts).fetch_optional(&mut **t).await?))
    }

    async fn stored_rules(&mut self) -> Result<Option<String>, StoreError> {
        self.stored_rules_of(DAY_FACTS).await
    }

    /// Which fact tables were built with the code's rule versions.
    async fn fact_status(&mut self) -> Result<FactStatus, StoreError> {
        let tags: Vec<(String, String)> = on_tx!(&mut self.0, t => sqlx::query_as(
            "SELECT facts, rules FROM kpi_fact_version").fetch_all(&mut **t).await?);
        Ok(FactStatus::of(&tags))
    }
}

/// Which facts a report may read: those built with the code's rule versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactStatus {
    /// The day facts (K1, K1p, K2).
    pub days: bool,
    /// The course and job facts (K3, K8).
    pub marks: bool,
}

impl FactStatus {
    /// From the stored tags, (fact table, rule versions).
    fn of(tags: &[(String, String)]) -> FactStatus {
        let current = |facts: &str, rules: &str| tags.iter().any(|(f, r)| f == facts && r == rules);
        FactStatus { days: current(DAY_FACTS, &day_rules()), marks: crate::marks::marks_current(current) }
    }
}

impl Db {
    /// Whether every stored fact was built with the code's rule versions.
    pub async fn facts_current(&self) -> Result<bool, StoreError> {
        let s = self.fact_status().await?;
        Ok(s.days && s.marks)
    }

    /// Which stored facts were built with the code's rule versions.
    pub async fn fact_status(&self) -> Result<FactStatus, StoreError> {
        let tags: Vec<(String, String)> = crate::on_pool!(self, p => sqlx::query_as(
            "SELECT facts, rules FROM kpi_fact_version").fetch_all(p).await?);
        Ok(FactStatus::of(&tags))
    }

    /// Rebuilds the facts built with other rule versions (or never): at every open, after the
    /// migrations. Only the outdated tables are rebuilt. Answers whether it rebuilt any.
    pub async fn ensure_facts(&self) -> Result<bool, StoreError> {
        if self.facts_current().await? {
            return Ok(false);
        }
        let mut tx = self.begin().await?;
        tx.lock_facts().await?;
        // Another instance may have rebuilt them meanwhile (PostgreSQL waited on its lock).
        let status = tx.fact_status().await?;
        if !status.days {
            let days = tx.rebuild_day_facts().await?;
            tracing::info!(days, rules = %day_rules(), "rebuilt the day facts");
        }
        if !status.marks {
            let (courses, jobs) = tx.rebuild_marks().await?;
            tracing::info!(courses, jobs, "rebuilt the course and job facts");
        }
        tx.commit().await?;
        Ok(!(status.days && status.marks))
    }

    /// `jobbvei facts rebuild`: every fact computed again, in one transaction.
    pub async fn rebuild_facts(&self) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let days = tx.rebuild_all_facts().await?;
        tx.commit().await?;
        Ok(days)
    }

    /// `jobbvei facts check`: every user's facts computed from the activities and compared
    /// with the stored ones, in one snapshot.
    pub async fn check_facts(&self) -> Result<FactCheck, StoreError> {
        let mut tx = self.snapshot().await?;
        let mut check = FactCheck { stored_rules: tx.stored_rules().await?, ..FactCheck::default() };
        // One pass over the activities computes the day, course and job facts alike.
        let mut marks = tx.start_mark_scan().await?;
        tx.compare_all_days(&mut check, &mut marks).await?;
        check.marks = tx.check_marks(marks.finish()).await?;
        tx.rollback().await?;
        Ok(check)
    }

    /// Test support: overwrites one stored fact, as a bug or a hand edit might.
    #[doc(hidden)]
    pub async fn corrupt_fact(&self, user: &str, day: NaiveDate, k1: i64) -> Result<u64, StoreError> {
        Ok(crate::on_pool!(self, p => sqlx::query("UPDATE activity_day SET k1 = $3 WHERE user_id = $1 AND day = $2")
            .bind(user).bind(day).bind(k1).execute(p).await?.rows_affected()))
    }
}
