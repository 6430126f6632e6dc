//! Fidelity reviews: the review, its reviewers, their scores and the agreed consensus, and
//! the action plan. The instruments are data in the domain crate; here a review only names
//! one by id and version. Who may see a review is decided by the web layer.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::write::{Inner, on_tx};
use crate::{Db, StoreError, Tx, on_pool};

/// The `reviewer_id` of the consensus rows: the empty string is never a valid exchange id.
const CONSENSUS: &str = "";

/// A review as it is stored, with its team's office and its reviewers.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub id: String,
    pub team_id: String,
    pub team_name: String,
    pub office_id: String,
    pub instrument: String,
    pub version: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `fagrevisjon` or `egenvurdering`.
    pub kind: String,
    /// `open`, `consensus` or `closed`.
    pub status: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// (user id, name), by name.
    pub reviewers: Vec<(String, String)>,
}

/// What opening a review needs; its creator becomes its first reviewer.
#[derive(Debug, Clone)]
pub struct NewReview {
    pub id: String,
    pub team_id: String,
    pub instrument: String,
    pub version: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// One reviewer's (or the consensus') score of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewScore {
    pub item: u32,
    /// `None` for the agreed consensus.
    pub reviewer: Option<String>,
    pub score: Option<u8>,
    pub evidence: Option<String>,
    pub recommendation: Option<String>,
}

/// One step of a review's action plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewAction {
    pub id: String,
    pub review_id: String,
    pub what: String,
    pub who: String,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

const REVIEW_SELECT: &str = "SELECT r.id, r.team_id, t.name, t.office_id, r.instrument, r.version, r.period_from, \
     r.period_to, r.kind, r.status, r.created_by, r.created_at FROM review r JOIN team t ON t.id = r.team_id";

fn read_review(r: &impl Col) -> Result<Review, StoreError> {
    Ok(Review {
        id: r.text(0)?,
        team_id: r.text(1)?,
        team_name: r.text(2)?,
        office_id: r.text(3)?,
        instrument: r.text(4)?,
        version: r.text(5)?,
        from: r.date(6)?,
        to: r.date(7)?,
        kind: r.text(8)?,
        status: r.text(9)?,
        created_by: r.text(10)?,
        created_at: r.instant(11)?,
        reviewers: Vec::new(),
    })
}

fn small(table: &'static str, column: &'static str, v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| StoreError::Corrupt { table, column, value: v.to_string() })
}

fn read_score(r: &impl Col) -> Result<ReviewScore, StoreError> {
    let reviewer = r.text(1)?;
    let score = match r.opt_int(2)? {
        Some(v) => Some(u8::try_from(v).map_err(|_| StoreError::Corrupt {
            table: "review_score",
            column: "score",
            value: v.to_string(),
        })?),
        None => None,
    };
    Ok(ReviewScore {
        item: small("review_score", "item", r.int(0)?)?,
        reviewer: (reviewer != CONSENSUS).then_some(reviewer),
        score,
        evidence: r.opt_text(3)?,
        recommendation: r.opt_text(4)?,
    })
}

impl Db {
    /// One review with its reviewers; `None` when unknown.
    pub async fn review(&self, id: &str) -> Result<Option<Review>, StoreError> {
        let sql = format!("{REVIEW_SELECT} WHERE r.id = $1");
        let mut found = on_pool!(self, p => {
            match sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await? {
                Some(row) => read_review(&row)?,
                None => return Ok(None),
            }
        });
        found.reviewers = self.reviewers_of(Some(id), None).await?.into_iter().map(|(_, u, n)| (u, n)).collect();
        Ok(Some(found))
    }

    /// Every review, or a team's, newest period first, with their reviewers. Reviews are few
    /// (a team has one or two a year), so the caller filters by who may see them.
    pub async fn reviews(&self, team: Option<&str>) -> Result<Vec<Review>, StoreError> {
        let sql = match team {
            Some(_) => format!("{REVIEW_SELECT} WHERE r.team_id = $1 ORDER BY r.period_to DESC, r.id"),
            None => format!("{REVIEW_SELECT} ORDER BY r.period_to DESC, r.id"),
        };
        let mut out: Vec<Review> = on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            if let Some(t) = team {
                q = q.bind(t.to_owned());
            }
            q.fetch_all(p).await?.iter().map(read_review).collect::<Result<_, _>>()?
        });
        for (review, user, name) in self.reviewers_of(None, team).await? {
            if let Some(r) = out.iter_mut().find(|r| r.id == review) {
                r.reviewers.push((user, name));
            }
        }
        Ok(out)
    }

    /// (review, user, name) of the reviewers of one review or of a team's reviews.
    async fn reviewers_of(
        &self,
        review: Option<&str>,
        team: Option<&str>,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        let (condition, value) = match (review, team) {
            (Some(r), _) => ("x.review_id = $1", Some(r)),
            (None, Some(t)) => ("r.team_id = $1", Some(t)),
            (None, None) => ("1 = 1", None),
        };
        let sql = format!(
            "SELECT x.review_id, u.id, u.name FROM review_reviewer x JOIN app_user u ON u.id = x.user_id \
             JOIN review r ON r.id = x.review_id WHERE {condition} ORDER BY u.name, u.id"
        );
        on_pool!(self, p => {
            let mut q = sqlx::query_as(AssertSqlSafe(sql));
            if let Some(v) = value {
                q = q.bind(v.to_owned());
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// Every score row of a review: each reviewer's and the consensus, by item.
    pub async fn review_scores(&self, review: &str) -> Result<Vec<ReviewScore>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT item, reviewer_id, score, evidence, recommendation FROM review_score WHERE review_id = $1 \
                 ORDER BY item, reviewer_id",
            )
            .bind(review).fetch_all(p).await?;
            rows.iter().map(read_score).collect()
        })
    }

    /// The consensus scores of every review, or of a team's: (review, item, score).
    pub async fn consensus_scores(&self, team: Option<&str>) -> Result<Vec<(String, u32, u8)>, StoreError> {
        let sql = format!(
            "SELECT s.review_id, s.item, s.score FROM review_score s JOIN review r ON r.id = s.review_id \
             WHERE s.reviewer_id = '' AND s.score IS NOT NULL{} ORDER BY s.review_id, s.item",
            if team.is_some() { " AND r.team_id = $1" } else { "" }
        );
        let rows: Vec<(String, i64, i64)> = on_pool!(self, p => {
            let mut q = sqlx::query_as(AssertSqlSafe(sql));
            if let Some(t) = team {
                q = q.bind(t.to_owned());
            }
            q.fetch_all(p).await?
        });
        rows.into_iter()
            .map(|(r, item, score)| {
                let score = u8::try_from(score).map_err(|_| StoreError::Corrupt {
                    table: "review_score",
                    column: "score",
                    value: score.to_string(),
                })?;
                Ok((r, small("review_score", "item", item)?, score))
            })
            .collect()
    }

    /// A review's action plan, by due date.
    pub async fn review_actions(&self, review: &str) -> Result<Vec<ReviewAction>, StoreError> {
        let rows: Vec<(String, String, String, String, NaiveDate, Option<NaiveDate>)> = on_pool!(self, p => {
            sqlx::query_as(
                "SELECT id, review_id, what, who, due, done FROM review_action WHERE review_id = $1 ORDER BY due, id",
            )
            .bind(review).fetch_all(p).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, review_id, what, who, due, done)| ReviewAction { id, review_id, what, who, due, done })
            .collect())
    }
}

impl Tx {
    pub async fn create_review(&mut self, r: &NewReview) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO review (id, team_id, instrument, version, period_from, period_to, kind, status, created_by, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9)",
            )
            .bind(&r.id).bind(&r.team_id).bind(&r.instrument).bind(&r.version).bind(r.from).bind(r.to)
            .bind(&r.kind).bind(&r.created_by).bind(r.created_at)
            .execute(&mut **t).await?;
        });
        self.add_reviewer(&r.id, &r.created_by).await
    }

    pub async fn add_reviewer(&mut self, review: &str, user: &str) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("INSERT INTO review_reviewer (review_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(review).bind(user).execute(&mut **t).await?;
        });
        Ok(())
    }

    /// The review's status, locked on PostgreSQL until the transaction ends, so that a score
    /// and a status change cannot pass each other; SQLite has one writer anyway.
    pub async fn lock_review(&mut self, review: &str) -> Result<Option<String>, StoreError> {
        Ok(match &mut self.0 {
            Inner::Sqlite(t) => {
                sqlx::query_scalar("SELECT status FROM review WHERE id = $1")
                    .bind(review)
                    .fetch_optional(&mut **t)
                    .await?
            }
            Inner::Postgres(t) => {
                sqlx::query_scalar("SELECT status FROM review WHERE id = $1 FOR UPDATE")
                    .bind(review)
                    .fetch_optional(&mut **t)
                    .await?
            }
        })
    }

    /// Writes scores of one reviewer, or the consensus when `reviewer` is `None`, replacing
    /// what that reviewer had for the same items.
    pub async fn save_scores(
        &mut self,
        review: &str,
        reviewer: Option<&str>,
        scores: &[ReviewScore],
    ) -> Result<(), StoreError> {
        let who = reviewer.unwrap_or(CONSENSUS);
        for s in scores {
            on_tx!(&mut self.0, t => {
                sqlx::query(
                    "INSERT INTO review_score (review_id, item, reviewer_id, score, evidence, recommendation) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (review_id, item, reviewer_id) DO UPDATE SET \
                     score = excluded.score, evidence = excluded.evidence, recommendation = excluded.recommendation",
                )
                .bind(review).bind(i64::from(s.item)).bind(who).bind(s.score.map(i64::from))
                .bind(s.evidence.clone()).bind(s.recommendation.clone())
                .execute(&mut **t).await?;
            });
        }
        Ok(())
    }

    /// Moves a review from one status to another; false when it was not in `from`.
    pub async fn set_review_status(&mut self, review: &str, from: &str, to: &str) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => {
            sqlx::query("UPDATE review SET status = $3 WHERE id = $1 AND status = $2")
                .bind(review).bind(from).bind(to).execute(&mut **t).await?.rows_affected()
        });
        Ok(n == 1)
    }

    pub async fn add_review_action(&mut self, a: &ReviewAction) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("INSERT INTO review_action (id, review_id, what, who, due, done) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&a.id).bind(&a.review_id).bind(&a.what).bind(&a.who).bind(a.due).bind(a.done)
                .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Marks an action of the review done on `day`; false when unknown or already done.
    pub async fn mark_review_action_done(
        &mut self,
        review: &str,
        action: &str,
        day: NaiveDate,
    ) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => {
            sqlx::query("UPDATE review_action SET done = $3 WHERE id = $2 AND review_id = $1 AND done IS NULL")
                .bind(review).bind(action).bind(day).execute(&mut **t).await?.rows_affected()
        });
        Ok(n == 1)
    }
}
