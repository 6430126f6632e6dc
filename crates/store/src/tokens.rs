//! Personal API tokens and disabled accounts: the ways access is cut off. Tokens arrive
//! hashed; each has a public id (for listing and revoking), a name, an expiry and perhaps a
//! revocation. Whether one still works is judged here, against the caller's clock.

use chrono::{DateTime, Utc};
use jobbvei_domain::User;
use sqlx::AssertSqlSafe;

use crate::auth::{USER_COLS, user_select};
use crate::engine::Col;
use crate::mapping;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// A token about to be stored.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub id: String,
    pub token_hash: String,
    pub user_id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A stored token as its owner and operators see it: never the secret, never its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    pub username: Option<String>,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// Missing only on a damaged row, which counts as expired.
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Whether a token works at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Active,
    Expired,
    Revoked,
}

impl TokenState {
    pub fn of(expires_at: Option<DateTime<Utc>>, revoked_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        if revoked_at.is_some() {
            TokenState::Revoked
        } else if expires_at.is_some_and(|e| e > now) {
            TokenState::Active
        } else {
            TokenState::Expired
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            TokenState::Active => "active",
            TokenState::Expired => "expired",
            TokenState::Revoked => "revoked",
        }
    }
}

impl ApiToken {
    pub fn state(&self, now: DateTime<Utc>) -> TokenState {
        TokenState::of(self.expires_at, self.revoked_at, now)
    }
}

const TOKEN_COLUMNS: &str =
    "t.id, t.user_id, u.username, t.name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

impl Tx {
    pub async fn create_api_token(&mut self, t: &NewApiToken) -> Result<(), StoreError> {
        on_tx!(&mut self.0, tx => {
            sqlx::query(
                "INSERT INTO api_token (id, token_hash, user_id, name, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&t.id).bind(&t.token_hash).bind(&t.user_id).bind(&t.name).bind(t.created_at).bind(t.expires_at)
            .execute(&mut **tx).await?;
        });
        Ok(())
    }

    /// Revokes a token, only the owner's when `owner` is given; a second revocation keeps the
    /// first time. Whether such a token was found.
    pub async fn revoke_api_token(
        &mut self,
        id: &str,
        owner: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => {
            sqlx::query(
                "UPDATE api_token SET revoked_at = COALESCE(revoked_at, $2) \
                 WHERE id = $1 AND ($3 IS NULL OR user_id = $3)",
            )
            .bind(id).bind(now).bind(owner).execute(&mut **t).await?.rows_affected()
        });
        Ok(n > 0)
    }

    /// Disables (`Some(at)`) or enables (`None`) a user. Disabling also ends every session,
    /// though each request checks the account anyway. Whether the user was found.
    pub async fn set_user_disabled(&mut self, user_id: &str, at: Option<DateTime<Utc>>) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => {
            if at.is_some() {
                sqlx::query("DELETE FROM login_session WHERE user_id = $1").bind(user_id).execute(&mut **t).await?;
            }
            sqlx::query("UPDATE app_user SET disabled_at = $2 WHERE id = $1")
                .bind(user_id).bind(at).execute(&mut **t).await?.rows_affected()
        });
        Ok(n > 0)
    }
}

impl Db {
    /// The user a token belongs to, when the token is neither expired nor revoked and the
    /// user is not disabled; its use is recorded.
    pub async fn user_by_api_token(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<User>, StoreError> {
        let sql = format!(
            "SELECT {}, t.expires_at, t.revoked_at FROM api_token t JOIN app_user u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND u.disabled_at IS NULL",
            user_select("u")
        );
        on_pool!(self, p => {
            let Some(row) = sqlx::query(AssertSqlSafe(sql)).bind(token_hash).fetch_optional(p).await? else {
                return Ok(None);
            };
            let state = TokenState::of(row.opt_instant(USER_COLS)?, row.opt_instant(USER_COLS + 1)?, now);
            if state != TokenState::Active {
                return Ok(None);
            }
            sqlx::query("UPDATE api_token SET last_used_at = $2 WHERE token_hash = $1")
                .bind(token_hash).bind(now).execute(p).await?;
            Ok(Some(mapping::read_user(&row)?))
        })
    }

    /// Tokens, all or one user's, oldest first.
    pub async fn api_tokens(&self, user_id: Option<&str>) -> Result<Vec<ApiToken>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token t JOIN app_user u ON u.id = t.user_id \
             WHERE ($1 IS NULL OR t.user_id = $1) ORDER BY t.created_at, t.id"
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(user_id).fetch_all(p).await?;
            rows.iter().map(read_token).collect()
        })
    }

    /// Whether an operator has disabled the user.
    pub async fn user_disabled(&self, user_id: &str) -> Result<bool, StoreError> {
        on_pool!(self, p => {
            let at: Option<Option<String>> = sqlx::query_scalar("SELECT CAST(disabled_at AS TEXT) FROM app_user WHERE id = $1")
                .bind(user_id).fetch_optional(p).await?;
            Ok(at.flatten().is_some())
        })
    }
}

fn read_token(r: &impl Col) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: r.text(0)?,
        user_id: r.text(1)?,
        username: r.opt_text(2)?,
        name: r.text(3)?,
        created_at: r.instant(4)?,
        expires_at: r.opt_instant(5)?,
        last_used_at: r.opt_instant(6)?,
        revoked_at: r.opt_instant(7)?,
    })
}
