//! Job ads in their latest state, and what participants did with suggested ads. The feed's
//! rules are the domain's (`jobbvei_domain::ads`); the store keeps the latest entry of an ad
//! even when an older one arrives after it.

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use jobbvei_domain::ads::{Ad, AdStatus, Contact, Extent};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

const AD_COLUMNS: &str = "uuid, status, changed_ms, title, employer_name, orgnr, styrk, styrk_raw, municipality, \
     place_raw, extent, requires_licence, industry, published, expires, application_url, contact_name, \
     contact_email, contact_phone";

/// Which open ads to read; `None` is no limit on that ground.
#[derive(Debug, Clone, Copy, Default)]
pub struct AdFilter<'a> {
    /// County numbers (two digits) of the ad's municipality.
    pub counties: Option<&'a [String]>,
    /// STYRK-08 2-digit groups of the ad's occupation.
    pub groups: Option<&'a [String]>,
}

/// A vocational profile's matching fields with the participant's postal code (latest version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchProfile {
    pub participant_id: String,
    pub postal_code: Option<String>,
    pub wanted_styrk: String,
    pub industries: String,
    pub hours: String,
    pub geography: String,
    pub driving_licence: String,
    /// The participant's whereabouts are protected: their address must not place them.
    pub confidential: bool,
}

/// What a participant did with an ad: `lagret`, `avvist` or `sokt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdMark {
    pub ad_uuid: String,
    pub mark: String,
    pub marked_at: DateTime<Utc>,
    pub marked_by: String,
    pub title: String,
    pub employer_name: String,
}

fn read_ad(r: &impl Col) -> Result<Ad, StoreError> {
    let status = r.text(1)?;
    let contact = match r.opt_text(16)? {
        Some(name) => vec![Contact {
            name,
            email: r.opt_text(17)?.unwrap_or_default(),
            phone: r.opt_text(18)?.unwrap_or_default(),
        }],
        None => Vec::new(),
    };
    Ok(Ad {
        uuid: r.text(0)?,
        status: AdStatus::parse(&status).ok_or_else(|| StoreError::Corrupt {
            table: "job_ad",
            column: "status",
            value: status.clone(),
        })?,
        changed_ms: r.int(2)?,
        title: r.text(3)?,
        employer_name: r.text(4)?,
        orgnr: r.opt_text(5)?,
        styrk: r.opt_text(6)?,
        styrk_raw: r.text(7)?,
        municipality: r.opt_text(8)?,
        place_raw: r.text(9)?,
        extent: Extent::parse(&r.text(10)?),
        requires_licence: r.opt_bool(11)?.unwrap_or(false),
        industry: r.text(12)?,
        published: r.opt_date(13)?,
        expires: r.opt_date(14)?,
        application_url: r.text(15)?,
        contacts: contact,
    })
}

/// The job ads' generation (migration 0026), which changes with every write of `job_ad`.
pub(crate) const GENERATION_SQL: &str = "SELECT generation FROM job_ad_generation WHERE id = 1";

/// [`Db::match_profiles`]: of the participants bound as `$1…$n` when `n` is given, else of all.
pub(crate) fn profiles_sql(n: Option<usize>) -> String {
    let mut sql = "SELECT v.participant_id, p.postal_code, v.wanted_styrk, v.industries, v.hours, v.geography, \
                   v.driving_licence, p.confidential FROM vocational_profile v JOIN participant p ON p.id = v.participant_id \
                   WHERE v.version = (SELECT MAX(version) FROM vocational_profile w \
                   WHERE w.participant_id = v.participant_id)"
        .to_owned();
    if let Some(n) = n {
        sql.push_str(&format!(" AND v.participant_id IN ({})", marks(1, n)));
    }
    sql.push_str(" ORDER BY v.participant_id");
    sql
}

/// A profile's matching fields from column 0 on.
pub(crate) fn read_profile(r: &impl Col) -> Result<MatchProfile, StoreError> {
    Ok(MatchProfile {
        participant_id: r.text(0)?,
        postal_code: r.opt_text(1)?,
        wanted_styrk: r.text(2)?,
        industries: r.text(3)?,
        hours: r.text(4)?,
        geography: r.text(5)?,
        driving_licence: r.text(6)?,
        confidential: r.opt_bool(7)?.unwrap_or(false),
    })
}

/// A mark from column `at` on: ad, mark, when, by whom, the ad's title and employer.
pub(crate) fn read_mark(r: &impl Col, at: usize) -> Result<AdMark, StoreError> {
    Ok(AdMark {
        ad_uuid: r.text(at)?,
        mark: r.text(at + 1)?,
        marked_at: r.instant(at + 2)?,
        marked_by: r.text(at + 3)?,
        title: r.text(at + 4)?,
        employer_name: r.text(at + 5)?,
    })
}

/// What the participant page's job ads start from ([`Db::ad_inputs`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdInputs {
    /// The latest profile and the job ads' generation; `None` without a profile.
    pub profile: Option<(MatchProfile, i64)>,
    /// What the participant did with ads, newest first.
    pub marks: Vec<AdMark>,
}

/// `$from, $from+1, …` for `n` values.
fn marks(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// Writes the ads in one transaction, each unless a later entry of it is stored; returns
    /// (written, older than stored).
    pub async fn store_ads(&self, ads: &[Ad], now: DateTime<Utc>) -> Result<(usize, usize), StoreError> {
        let mut tx = self.begin().await?;
        let mut written = 0;
        for ad in ads {
            written += usize::from(tx.upsert_ad(ad, now).await?);
        }
        tx.commit().await?;
        Ok((written, ads.len() - written))
    }

    /// Open ads (active, not expired on `today`) that pass `filter`, by uuid.
    pub async fn open_ads(&self, today: NaiveDate, filter: &AdFilter<'_>) -> Result<Vec<Ad>, StoreError> {
        self.open_ads_reading(AD_COLUMNS, today, filter).await
    }

    /// Every open ad on `today`, by uuid, with only what ranking reads (`fit`, `rank` and its
    /// reason: uuid, status, STYRK, municipality, extent, licence, industry, dates; the texts
    /// are left empty), each handed to `keep` as it is read, so that a caller keeping them
    /// compactly never holds them all as rows or whole ads. Returns the job ads' generation
    /// (migration 0026), read first: the ads are never older than it says. A process keeps
    /// these to rank from (web's `open_ads`).
    pub async fn open_ads_to_rank(&self, today: NaiveDate, mut keep: impl FnMut(Ad)) -> Result<i64, StoreError> {
        // The same positions as AD_COLUMNS, so `read_ad` reads both.
        const TO_RANK: &str = "uuid, status, CAST(0 AS BIGINT), '', '', NULL, styrk, '', municipality, '', extent, \
                               requires_licence, industry, published, expires, '', NULL, NULL, NULL";
        let generation = self.ads_generation().await?;
        let sql = format!(
            "SELECT {TO_RANK} FROM job_ad WHERE status = 'aktiv' AND (expires IS NULL OR expires >= $1) ORDER BY uuid"
        );
        on_pool!(self, p => {
            let mut rows = sqlx::query(AssertSqlSafe(sql)).bind(today).fetch(p);
            while let Some(row) = rows.try_next().await? {
                keep(read_ad(&row)?);
            }
        });
        Ok(generation)
    }

    /// The job ads' generation: it changes with every write of `job_ad` (migration 0026).
    pub async fn ads_generation(&self) -> Result<i64, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar(GENERATION_SQL)
            .fetch_optional(p).await?.unwrap_or(0)))
    }

    /// Open ads that pass `filter`, by uuid, reading `columns` (in AD_COLUMNS' positions).
    async fn open_ads_reading(
        &self,
        columns: &str,
        today: NaiveDate,
        filter: &AdFilter<'_>,
    ) -> Result<Vec<Ad>, StoreError> {
        if filter.counties.is_some_and(<[String]>::is_empty) || filter.groups.is_some_and(<[String]>::is_empty) {
            return Ok(Vec::new());
        }
        let mut sql =
            format!("SELECT {columns} FROM job_ad WHERE status = 'aktiv' AND (expires IS NULL OR expires >= $1)");
        let mut next = 2;
        for (column, values) in [("county", filter.counties), ("substr(styrk, 1, 2)", filter.groups)] {
            if let Some(v) = values {
                sql.push_str(&format!(" AND {column} IN ({})", marks(next, v.len())));
                next += v.len();
            }
        }
        sql.push_str(" ORDER BY uuid");
        on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(today);
            for v in filter.counties.unwrap_or(&[]).iter().chain(filter.groups.unwrap_or(&[])) {
                q = q.bind(v);
            }
            q.fetch_all(p).await?.iter().map(read_ad).collect()
        })
    }

    /// Whole ads by uuid, in uuid order; unknown ones are left out.
    pub async fn ads(&self, uuids: &[String]) -> Result<Vec<Ad>, StoreError> {
        if uuids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {AD_COLUMNS} FROM job_ad WHERE uuid IN ({}) ORDER BY uuid", marks(1, uuids.len()));
        on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for u in uuids {
                q = q.bind(u);
            }
            q.fetch_all(p).await?.iter().map(read_ad).collect()
        })
    }

    pub async fn ad(&self, uuid: &str) -> Result<Option<Ad>, StoreError> {
        let sql = format!("SELECT {AD_COLUMNS} FROM job_ad WHERE uuid = $1");
        on_pool!(self, p => {
            sqlx::query(AssertSqlSafe(sql)).bind(uuid).fetch_optional(p).await?.as_ref().map(read_ad).transpose()
        })
    }

    /// The open ads of one employer in the register, found by its organisation number; for
    /// the employer pipeline ("who advertises now").
    pub async fn open_ads_for_employer(&self, employer_id: &str, today: NaiveDate) -> Result<Vec<Ad>, StoreError> {
        let sql = format!(
            "SELECT {} FROM job_ad a JOIN employer e ON e.orgnr = a.orgnr WHERE e.id = $1 AND a.status = 'aktiv' \
             AND (a.expires IS NULL OR a.expires >= $2) ORDER BY a.published DESC, a.uuid",
            AD_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ")
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(employer_id).bind(today).fetch_all(p).await?;
            rows.iter().map(read_ad).collect()
        })
    }

    /// How many open ads each register employer has, by employer id; employers without any are left out.
    pub async fn open_ads_per_employer(&self, today: NaiveDate) -> Result<Vec<(String, i64)>, StoreError> {
        on_pool!(self, p => {
            Ok(sqlx::query_as(
                "SELECT e.id, COUNT(*) FROM job_ad a JOIN employer e ON e.orgnr = a.orgnr WHERE a.status = 'aktiv' \
                 AND (a.expires IS NULL OR a.expires >= $1) GROUP BY e.id ORDER BY e.id",
            )
            .bind(today)
            .fetch_all(p)
            .await?)
        })
    }

    /// The latest profile version of the given participants, or of everyone with one.
    pub async fn match_profiles(&self, participants: Option<&[String]>) -> Result<Vec<MatchProfile>, StoreError> {
        if participants.is_some_and(<[String]>::is_empty) {
            return Ok(Vec::new());
        }
        let sql = profiles_sql(participants.map(<[String]>::len));
        on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in participants.unwrap_or(&[]) {
                q = q.bind(id);
            }
            q.fetch_all(p).await?.iter().map(read_profile).collect()
        })
    }

    /// What the participant page's job ads start from, in one statement: the participant's
    /// latest profile as [`Db::match_profiles`] reads it, with the job ads' generation
    /// (`job_ad_generation`, migration 0026: it changes with every write of `job_ad`), and
    /// their marks as [`Db::ad_marks`] reads them. Suggestions ranked from this profile on
    /// ads read after this statement are current for as long as the generation is.
    pub async fn ad_inputs(&self, participant: &str) -> Result<AdInputs, StoreError> {
        const SQL: &str = "SELECT v.participant_id, q.postal_code, v.wanted_styrk, v.industries, v.hours, \
             v.geography, v.driving_licence, q.confidential, (SELECT generation FROM job_ad_generation WHERE id = 1), \
             m.ad_uuid, m.mark, m.marked_at, m.marked_by, a.title, a.employer_name FROM participant q \
             LEFT JOIN vocational_profile v ON v.participant_id = q.id AND v.version = \
             (SELECT MAX(version) FROM vocational_profile w WHERE w.participant_id = q.id) \
             LEFT JOIN job_ad_mark m ON m.participant_id = q.id LEFT JOIN job_ad a ON a.uuid = m.ad_uuid \
             WHERE q.id = $1 ORDER BY m.marked_at DESC, m.ad_uuid";
        on_pool!(self, p => {
            let rows = sqlx::query(SQL).bind(participant).fetch_all(p).await?;
            let mut inputs = AdInputs::default();
            for (i, r) in rows.iter().enumerate() {
                if i == 0 && r.opt_text(0)?.is_some() {
                    inputs.profile = Some((read_profile(r)?, r.int(8)?));
                }
                if r.opt_text(9)?.is_some() {
                    inputs.marks.push(read_mark(r, 9)?);
                }
            }
            Ok(inputs)
        })
    }

    /// Every employer's orgnr, name and municipality with a STYRK-08 code of a job there (one
    /// row per code, `None` without jobs), by employer id; for the demo feed.
    pub async fn employers_with_styrk(
        &self,
    ) -> Result<Vec<(String, String, Option<String>, Option<String>)>, StoreError> {
        on_pool!(self, p => {
            Ok(sqlx::query_as(
                "SELECT e.orgnr, e.name, e.municipality, j.styrk FROM employer e \
                 LEFT JOIN (SELECT DISTINCT employer_id, styrk FROM job WHERE styrk IS NOT NULL) j \
                 ON j.employer_id = e.id ORDER BY e.id, j.styrk",
            )
            .fetch_all(p)
            .await?)
        })
    }

    /// Participants with an open course and no profile yet: id, postal code and the open
    /// course's job specialist; by id. For the demo's profiles.
    pub async fn open_without_profile(&self) -> Result<Vec<(String, Option<String>, String)>, StoreError> {
        on_pool!(self, p => {
            Ok(sqlx::query_as(
                "SELECT p.id, p.postal_code, MIN(c.job_specialist_id) FROM participant p \
                 JOIN course c ON c.participant_id = p.id AND c.end_date IS NULL \
                 WHERE NOT EXISTS (SELECT 1 FROM vocational_profile v WHERE v.participant_id = p.id) \
                 GROUP BY p.id, p.postal_code ORDER BY p.id",
            )
            .fetch_all(p)
            .await?)
        })
    }

    /// (participant, STYRK-08 code) of every job with a code, oldest job first per participant.
    pub async fn participant_job_styrk(&self) -> Result<Vec<(String, String)>, StoreError> {
        on_pool!(self, p => {
            Ok(sqlx::query_as(
                "SELECT c.participant_id, j.styrk FROM job j JOIN course c ON c.id = j.course_id \
                 WHERE j.styrk IS NOT NULL ORDER BY c.participant_id, j.start_date, j.id",
            )
            .fetch_all(p)
            .await?)
        })
    }

    /// What the participant did with ads, newest first.
    pub async fn ad_marks(&self, participant: &str) -> Result<Vec<AdMark>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT m.ad_uuid, m.mark, m.marked_at, m.marked_by, a.title, a.employer_name FROM job_ad_mark m \
                 JOIN job_ad a ON a.uuid = m.ad_uuid WHERE m.participant_id = $1 ORDER BY m.marked_at DESC, m.ad_uuid",
            )
            .bind(participant)
            .fetch_all(p)
            .await?;
            rows.iter().map(|r| read_mark(r, 0)).collect()
        })
    }
}

impl Tx {
    /// Writes `ad` unless a later entry of it is stored; returns whether it was written.
    pub async fn upsert_ad(&mut self, ad: &Ad, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let sql = format!(
            "INSERT INTO job_ad ({AD_COLUMNS}, county, imported_at) VALUES ({}) ON CONFLICT (uuid) DO UPDATE SET {} \
             WHERE job_ad.changed_ms <= excluded.changed_ms",
            marks(1, 21),
            AD_COLUMNS
                .split(", ")
                .skip(1)
                .chain(["county", "imported_at"])
                .map(|c| format!("{c} = excluded.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let contact = ad.contacts.first();
        let county = ad.municipality.as_deref().and_then(jobbvei_domain::ads::county_of);
        on_tx!(&mut self.0, t => {
            let done = sqlx::query(AssertSqlSafe(sql))
                .bind(&ad.uuid)
                .bind(ad.status.code())
                .bind(ad.changed_ms)
                .bind(&ad.title)
                .bind(&ad.employer_name)
                .bind(ad.orgnr.as_deref())
                .bind(ad.styrk.as_deref())
                .bind(&ad.styrk_raw)
                .bind(ad.municipality.as_deref())
                .bind(&ad.place_raw)
                .bind(ad.extent.code())
                .bind(ad.requires_licence)
                .bind(&ad.industry)
                .bind(ad.published)
                .bind(ad.expires)
                .bind(&ad.application_url)
                .bind(contact.map(|c| c.name.as_str()))
                .bind(contact.map(|c| c.email.as_str()))
                .bind(contact.map(|c| c.phone.as_str()))
                .bind(county)
                .bind(now)
                .execute(&mut **t)
                .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    /// Records what a participant did with an ad, replacing an earlier mark; `false` when
    /// there is no such ad.
    pub async fn mark_ad(
        &mut self,
        participant: &str,
        uuid: &str,
        mark: &str,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<bool, StoreError> {
        on_tx!(&mut self.0, t => {
            let exists: Option<String> = sqlx::query_scalar("SELECT uuid FROM job_ad WHERE uuid = $1")
                .bind(uuid).fetch_optional(&mut **t).await?;
            if exists.is_none() {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO job_ad_mark (participant_id, ad_uuid, mark, marked_at, marked_by) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (participant_id, ad_uuid) DO UPDATE SET mark = excluded.mark, \
                 marked_at = excluded.marked_at, marked_by = excluded.marked_by",
            )
            .bind(participant).bind(uuid).bind(mark).bind(at).bind(by)
            .execute(&mut **t).await?;
            Ok(true)
        })
    }
}
