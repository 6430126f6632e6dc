//! OpenID Connect sign-ins under way: what the server must remember between sending the
//! browser to the issuer and its coming back. Kept in the database, not in memory, so that
//! any of several app instances can finish a sign-in another one started.

use chrono::{DateTime, Utc};

use crate::engine::Col;
use crate::{Db, StoreError, on_pool};

/// A started sign-in: the values the callback must match or send on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcLogin {
    pub state: String,
    pub nonce: String,
    /// The PKCE code verifier.
    pub verifier: String,
}

/// Sign-ins that may be under way at once. The start link needs no account, so without a
/// ceiling anyone could fill the table; ten thousand in ten minutes is far above any office.
pub const MAX_PENDING_OIDC_LOGINS: i64 = 10_000;

impl Db {
    /// Remembers a started sign-in under the hash of its cookie value, dropping expired ones
    /// first so that abandoned sign-ins do not pile up. `false`, and nothing stored, when
    /// [`MAX_PENDING_OIDC_LOGINS`] are already under way.
    pub async fn put_oidc_login(
        &self,
        key_hash: &str,
        login: &OidcLogin,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        on_pool!(self, p => {
            sqlx::query("DELETE FROM oidc_login WHERE expires_at < $1").bind(now).execute(p).await?;
            let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM oidc_login").fetch_one(p).await?;
            if pending >= MAX_PENDING_OIDC_LOGINS {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO oidc_login (key_hash, state, nonce, verifier, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(key_hash).bind(&login.state).bind(&login.nonce).bind(&login.verifier).bind(expires_at)
            .execute(p).await?;
        });
        Ok(true)
    }

    /// Takes a started sign-in out, in one statement: whatever happens next, it cannot be
    /// used again. `None` when there is none, or it has expired.
    pub async fn take_oidc_login(&self, key_hash: &str, now: DateTime<Utc>) -> Result<Option<OidcLogin>, StoreError> {
        let sql = "DELETE FROM oidc_login WHERE key_hash = $1 RETURNING state, nonce, verifier, expires_at";
        on_pool!(self, p => {
            let Some(row) = sqlx::query(sql).bind(key_hash).fetch_optional(p).await? else { return Ok(None) };
            let login = OidcLogin { state: row.text(0)?, nonce: row.text(1)?, verifier: row.text(2)? };
            Ok((row.instant(3)? > now).then_some(login))
        })
    }
}
