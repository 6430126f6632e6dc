//! Referrals as the pages keep them (migration 0013): the veileder's text in
//! `referral_detail`, beside the exchange format's `referral` row, which exists once the
//! referral is sent. A referral imported from elsewhere has only the `referral` row; a
//! draft only the detail. The lists read both, by id. Callers audit in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::{Method, ReferralDecision};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::mapping::corrupt;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// What the veileder wrote, and what the team lead added; Jobbvei's own, never exported.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferralDetail {
    pub id: String,
    pub participant: String,
    pub veileder: String,
    pub team: String,
    pub why_now: Option<String>,
    pub wish: Option<String>,
    pub support_needs: Option<String>,
    pub preferred_method: Option<Method>,
    /// When the veileder asked the team lead to talk the referral over before sending it.
    pub consulted_at: Option<DateTime<Utc>>,
    /// The team lead's text with a rejection.
    pub decision_text: Option<String>,
    /// The course made when the referral was accepted.
    pub course: Option<String>,
}

/// A referral as the lists show it: sent or draft, with names.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferralLine {
    pub id: String,
    pub participant_id: String,
    pub participant_name: String,
    pub confidential: bool,
    pub veileder_id: String,
    pub veileder_name: String,
    pub team_id: String,
    pub team_name: String,
    /// `None` for a draft.
    pub sent: Option<NaiveDate>,
    pub decision: Option<ReferralDecision>,
    pub decided: Option<NaiveDate>,
    /// As stored: a reason code, or an older file's free text.
    pub reason: Option<String>,
    pub consulted_at: Option<DateTime<Utc>>,
    pub course_id: Option<String>,
    pub course_start: Option<NaiveDate>,
    pub job_specialist_name: Option<String>,
}

/// Which referrals a list holds.
#[derive(Debug, Clone, Copy)]
pub enum ReferralFilter<'a> {
    One(&'a str),
    /// Everything the veileder referred, drafts included.
    Veileder(&'a str),
    /// What a team lead sees: the team's sent referrals, and drafts the veileder asked to talk over.
    Team(&'a str),
    /// The team's referrals sent in a window, for the report's rows.
    TeamSent {
        team: &'a str,
        from: NaiveDate,
        to: NaiveDate,
    },
}

const LINE: &str = "SELECT ids.id, p.id, p.name, p.confidential, vu.id, vu.name, t.id, t.name, r.sent, r.decision, \
       r.decided, r.reason, d.consulted_at, c.id, c.start_date, js.name \
     FROM ids \
     LEFT JOIN referral r ON r.id = ids.id \
     LEFT JOIN referral_detail d ON d.id = ids.id \
     JOIN participant p ON p.id = COALESCE(r.participant_id, d.participant_id) \
     JOIN app_user vu ON vu.id = COALESCE(r.veileder_id, d.veileder_id) \
     JOIN team t ON t.id = COALESCE(r.team_id, d.team_id) \
     LEFT JOIN course c ON c.id = d.course_id \
     LEFT JOIN app_user js ON js.id = c.job_specialist_id \
     ORDER BY CASE WHEN r.id IS NULL THEN 0 ELSE 1 END, r.sent DESC, ids.id";

/// The ids a filter picks, as a `WITH ids AS (…)` clause; `$1` is the id, user or team.
fn ids(filter: &ReferralFilter<'_>) -> &'static str {
    match filter {
        ReferralFilter::One(_) => {
            "WITH ids AS (SELECT id FROM referral WHERE id = $1 UNION SELECT id FROM referral_detail WHERE id = $1) "
        }
        ReferralFilter::Veileder(_) => {
            "WITH ids AS (SELECT id FROM referral WHERE veileder_id = $1 \
             UNION SELECT id FROM referral_detail WHERE veileder_id = $1) "
        }
        ReferralFilter::Team(_) => {
            "WITH ids AS (SELECT id FROM referral WHERE team_id = $1 \
             UNION SELECT d.id FROM referral_detail d WHERE d.team_id = $1 AND d.consulted_at IS NOT NULL \
               AND NOT EXISTS (SELECT 1 FROM referral x WHERE x.id = d.id)) "
        }
        ReferralFilter::TeamSent { .. } => {
            "WITH ids AS (SELECT id FROM referral WHERE team_id = $1 AND sent >= $2 AND sent <= $3) "
        }
    }
}

fn read_line(r: &impl Col) -> Result<ReferralLine, StoreError> {
    let decision = r
        .opt_text(9)?
        .map(|d| ReferralDecision::parse(&d).ok_or_else(|| corrupt("referral", "decision", &d)))
        .transpose()?;
    Ok(ReferralLine {
        id: r.text(0)?,
        participant_id: r.text(1)?,
        participant_name: r.text(2)?,
        confidential: r.opt_bool(3)? == Some(true),
        veileder_id: r.text(4)?,
        veileder_name: r.text(5)?,
        team_id: r.text(6)?,
        team_name: r.text(7)?,
        sent: r.opt_date(8)?,
        decision,
        decided: r.opt_date(10)?,
        reason: r.opt_text(11)?,
        consulted_at: r.opt_instant(12)?,
        course_id: r.opt_text(13)?,
        course_start: r.opt_date(14)?,
        job_specialist_name: r.opt_text(15)?,
    })
}

type DetailRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<String>,
);

impl Db {
    /// The referrals of `filter`: drafts first, then by sent date, newest first.
    pub async fn referral_lines(&self, filter: ReferralFilter<'_>) -> Result<Vec<ReferralLine>, StoreError> {
        let sql = format!("{}{LINE}", ids(&filter));
        on_pool!(self, p => {
            let q = sqlx::query(AssertSqlSafe(sql));
            let q = match filter {
                ReferralFilter::One(x) | ReferralFilter::Veileder(x) | ReferralFilter::Team(x) => q.bind(x),
                ReferralFilter::TeamSent { team, from, to } => q.bind(team).bind(from).bind(to),
            };
            let rows = q.fetch_all(p).await?;
            rows.iter().map(read_line).collect()
        })
    }

    pub async fn referral_line(&self, id: &str) -> Result<Option<ReferralLine>, StoreError> {
        Ok(self.referral_lines(ReferralFilter::One(id)).await?.into_iter().next())
    }

    /// What the veileder wrote; `None` for a referral made outside Jobbvei.
    pub async fn referral_detail(&self, id: &str) -> Result<Option<ReferralDetail>, StoreError> {
        let row: Option<DetailRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT id, participant_id, veileder_id, team_id, why_now, wish, support_needs, preferred_method, \
             consulted_at, decision_text, course_id FROM referral_detail WHERE id = $1",
        )
        .bind(id).fetch_optional(p).await?);
        row.map(
            |(id, participant, veileder, team, why_now, wish, support_needs, method, consulted_at, text, course)| {
                let preferred_method = method
                    .map(|m| Method::parse(&m).ok_or_else(|| corrupt("referral_detail", "preferred_method", &m)))
                    .transpose()?;
                Ok(ReferralDetail {
                    id,
                    participant,
                    veileder,
                    team,
                    why_now,
                    wish,
                    support_needs,
                    preferred_method,
                    consulted_at,
                    decision_text: text,
                    course,
                })
            },
        )
        .transpose()
    }

    /// Every team a referral can go to: (id, name, office name), by office and name.
    pub async fn teams_with_office(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_as(
            "SELECT t.id, t.name, o.name FROM team t JOIN office o ON o.id = t.office_id ORDER BY o.name, t.name, t.id",
        )
        .fetch_all(p).await?))
    }

    /// The participant's courses without an end.
    pub async fn open_courses(&self, participant: &str) -> Result<i64, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM course WHERE participant_id = $1 AND end_date IS NULL",
        )
        .bind(participant).fetch_one(p).await?))
    }

    /// The participant's sent referrals still waiting for an answer, other than `except`.
    pub async fn pending_referrals(&self, participant: &str, except: &str) -> Result<i64, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM referral WHERE participant_id = $1 AND decision IS NULL AND id <> $2",
        )
        .bind(participant).bind(except).fetch_one(p).await?))
    }
}

impl Tx {
    /// Records or replaces what the veileder wrote (and the team lead's text and course).
    pub async fn save_referral_detail(&mut self, d: &ReferralDetail, at: DateTime<Utc>) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO referral_detail (id, participant_id, veileder_id, team_id, why_now, wish, support_needs, \
                 preferred_method, consulted_at, decision_text, course_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) ON CONFLICT (id) DO UPDATE SET \
                 participant_id = excluded.participant_id, veileder_id = excluded.veileder_id, \
                 team_id = excluded.team_id, why_now = excluded.why_now, wish = excluded.wish, \
                 support_needs = excluded.support_needs, preferred_method = excluded.preferred_method, \
                 consulted_at = excluded.consulted_at, decision_text = excluded.decision_text, \
                 course_id = excluded.course_id, updated_at = excluded.updated_at",
            )
            .bind(&d.id).bind(&d.participant).bind(&d.veileder).bind(&d.team).bind(&d.why_now).bind(&d.wish)
            .bind(&d.support_needs).bind(d.preferred_method.map(Method::code)).bind(d.consulted_at)
            .bind(&d.decision_text).bind(&d.course).bind(at)
            .execute(&mut **t).await?;
        });
        Ok(())
    }
}
