//! Accounts, sessions, API tokens and the audit log. Secrets arrive here already hashed;
//! this module only stores and finds them.

use chrono::{DateTime, Utc};
use jobbvei_domain::User;
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::mapping;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool, on_writer};

/// One line of the audit log. Never holds personal data beyond ids: the record is named by
/// type and id, and only the names of changed fields are kept, never their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    pub fields: Vec<String>,
    pub ip: Option<String>,
    /// `ok`, `denied` or `failed`.
    pub outcome: String,
}

/// What can narrow `jobbvei audit`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub participant: Option<String>,
    pub user: Option<String>,
    pub since: Option<DateTime<Utc>>,
}

/// A user's sign-in state.
#[derive(Debug, Clone)]
pub struct Credential {
    pub user: User,
    pub password_hash: String,
    /// Kept from the account lock that migration 0016 replaced by a throttle per address
    /// (docs/security.md); nothing writes them any more.
    pub failed_attempts: i64,
    pub locked_until: Option<DateTime<Utc>>,
    /// Disabled by an operator (`jobbvei user disable`): no sign-in, no session, no token.
    pub disabled: bool,
}

/// A live session as stored: whose it is, its CSRF token, and when it began and was last used.
#[derive(Debug, Clone)]
pub struct StoredSession {
    pub user: User,
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// The user's unread notices, read in the same statement: every page shows the count,
    /// and one statement fewer per request is what a saturated server feels.
    pub unread: i64,
    /// The stamp of what the caseload reads of the user's courses (migration 0031), read in
    /// the same statement: a page may use what it computed from them while it is unchanged.
    pub case_stamp: i64,
}

/// Audit entries inserted by one statement (`Db::insert_audit`).
pub(crate) const AUDIT_ROWS_PER_STATEMENT: usize = 100;

const AUDIT_COLUMNS: &str = "at, user_id, username, role, action, record_type, record_id, fields, ip, outcome";

pub(crate) fn user_select(alias: &str) -> String {
    mapping::USER.columns.iter().map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

/// How many columns `user_select` reads, so the columns after it can be found.
pub(crate) const USER_COLS: usize = mapping::USER.columns.len();

/// One audit entry's insert for a SQLite writer's turn to run as it ends (`Turn::at_end`),
/// with plain `?`: the end binds every statement's values in one list, in order.
const AUDIT_AT_END: &str = "INSERT INTO audit_log (at, user_id, username, role, action, record_type, record_id, fields, ip, outcome) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

impl Tx {
    /// Appends to the audit log inside this transaction, so the entry and the change it
    /// records stand or fall together. A SQLite writer's turn writes it as it ends.
    pub async fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
        if let crate::write::Inner::Sqlite(crate::write::SqliteTx::Write(turn)) = &mut self.0 {
            let fields = if e.fields.is_empty() { None } else { Some(e.fields.join(",")) };
            return turn
                .at_end(AUDIT_AT_END, 10, |b| {
                    b.instant(e.at);
                    b.opt_text(e.user_id.as_deref());
                    b.opt_text(e.username.as_deref());
                    b.opt_text(e.role.as_deref());
                    b.text(&e.action);
                    b.opt_text(e.record_type.as_deref());
                    b.opt_text(e.record_id.as_deref());
                    b.opt_text(fields.as_deref());
                    b.opt_text(e.ip.as_deref());
                    b.text(&e.outcome);
                })
                .await;
        }
        let sql = format!("INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
        let fields = if e.fields.is_empty() { None } else { Some(e.fields.join(",")) };
        on_tx!(&mut self.0, t => {
            sqlx::query(AssertSqlSafe(sql))
                .bind(e.at).bind(e.user_id.clone()).bind(e.username.clone()).bind(e.role.clone())
                .bind(e.action.clone()).bind(e.record_type.clone()).bind(e.record_id.clone()).bind(fields)
                .bind(e.ip.clone()).bind(e.outcome.clone())
                .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Creates or replaces a user's password, and ends every session the user has: whoever
    /// knew the old password must not stay signed in with it.
    pub async fn set_password(&mut self, user_id: &str, hash: &str) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("DELETE FROM login_session WHERE user_id = $1").bind(user_id).execute(&mut **t).await?;
            sqlx::query(
                "INSERT INTO credential (user_id, password_hash, failed_attempts) VALUES ($1, $2, 0) \
                 ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, failed_attempts = 0, \
                 locked_until = NULL",
            )
            .bind(user_id).bind(hash).execute(&mut **t).await?;
        });
        Ok(())
    }

    pub async fn create_session(
        &mut self,
        token_hash: &str,
        user_id: &str,
        csrf: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO login_session (token_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(token_hash).bind(user_id).bind(csrf).bind(now).execute(&mut **t).await?;
        });
        Ok(())
    }

    pub async fn delete_session(&mut self, token_hash: &str) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("DELETE FROM login_session WHERE token_hash = $1").bind(token_hash).execute(&mut **t).await?;
        });
        Ok(())
    }
}

impl Db {
    pub async fn credential(&self, username: &str) -> Result<Option<Credential>, StoreError> {
        let sql = format!(
            "SELECT {}, c.password_hash, c.failed_attempts, c.locked_until, u.disabled_at FROM app_user u \
             JOIN credential c ON c.user_id = u.id WHERE u.username = $1",
            user_select("u")
        );
        on_pool!(self, p => {
            let Some(row) = sqlx::query(AssertSqlSafe(sql)).bind(username).fetch_optional(p).await? else {
                return Ok(None);
            };
            Ok(Some(Credential {
                user: mapping::read_user(&row)?,
                password_hash: row.text(USER_COLS)?,
                failed_attempts: row.int(USER_COLS + 1)?,
                locked_until: row.opt_instant(USER_COLS + 2)?,
                disabled: row.opt_instant(USER_COLS + 3)?.is_some(),
            }))
        })
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.one_user("u.username = $1", username).await
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>, StoreError> {
        self.one_user("u.id = $1", id).await
    }

    async fn one_user(&self, condition: &str, value: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {} FROM app_user u WHERE {condition}", user_select("u"));
        on_pool!(self, p => {
            match sqlx::query(AssertSqlSafe(sql)).bind(value).fetch_optional(p).await? {
                Some(row) => Ok(Some(mapping::read_user(&row)?)),
                None => Ok(None),
            }
        })
    }

    /// A session of a user still in use; `None` when unknown or the user is disabled. The
    /// caller judges its age, with its own clock.
    pub async fn session(&self, token_hash: &str) -> Result<Option<StoredSession>, StoreError> {
        let sql = format!(
            "SELECT {}, s.csrf_token, s.created_at, s.last_seen_at, \
             (SELECT COUNT(*) FROM notification n WHERE n.user_id = u.id AND n.read_at IS NULL), \
             {} FROM login_session s \
             JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = $1 AND u.disabled_at IS NULL",
            user_select("u"),
            crate::case_stamp::stamp_sql("u.id"),
        );
        on_pool!(self, p => {
            let Some(row) = sqlx::query(AssertSqlSafe(sql)).bind(token_hash).fetch_optional(p).await? else {
                return Ok(None);
            };
            Ok(Some(StoredSession {
                user: mapping::read_user(&row)?,
                csrf: row.text(USER_COLS)?,
                created_at: row.instant(USER_COLS + 1)?,
                last_seen_at: row.instant(USER_COLS + 2)?,
                unread: row.int(USER_COLS + 3)?,
                case_stamp: row.int(USER_COLS + 4)?,
            }))
        })
    }

    pub async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        on_writer!(self, p => {
            sqlx::query("UPDATE login_session SET last_seen_at = $2 WHERE token_hash = $1")
                .bind(token_hash).bind(now).execute(p).await?;
        });
        Ok(())
    }

    /// Appends one entry to the audit log as a statement of its own, committed when this
    /// returns: for reads, which change nothing else. One round trip, where a transaction
    /// takes three; on SQLite the write lock is then held for the insert only, not across
    /// the awaits between BEGIN, INSERT and COMMIT, which under load serialised every reader.
    pub async fn audit_now(&self, e: &AuditEntry) -> Result<(), StoreError> {
        self.audit_all_now(std::slice::from_ref(e)).await
    }

    /// [`Db::audit_now`] for several entries: a page that reads several participants' records
    /// audits each without a round trip apiece. Committed together with the entries other
    /// requests have waiting at the same moment ([`crate::audit_batch`]).
    pub async fn audit_all_now(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        crate::audit_batch::commit(self, entries.to_vec()).await
    }

    /// Inserts entries in one statement per [`AUDIT_ROWS_PER_STATEMENT`], each committed on its own.
    pub(crate) async fn insert_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        const COLUMNS: usize = 10;
        if entries.is_empty() {
            return Ok(());
        }
        for chunk in entries.chunks(AUDIT_ROWS_PER_STATEMENT) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|r| {
                    let marks: Vec<String> = (1..=COLUMNS).map(|c| format!("${}", r * COLUMNS + c)).collect();
                    format!("({})", marks.join(", "))
                })
                .collect();
            let sql = format!("INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES {}", rows.join(", "));
            // Alone, on a reading connection: waiting for one lets more entries join the next
            // write, and every commit makes the readers drop their page caches, so fewer and
            // larger ones served the pages better (participant page about 18 % more views a
            // second than on the writing connection).
            on_writer!(self, reads, p => {
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for e in chunk {
                    let fields = if e.fields.is_empty() { None } else { Some(e.fields.join(",")) };
                    q = q.bind(e.at).bind(e.user_id.clone()).bind(e.username.clone()).bind(e.role.clone())
                        .bind(e.action.clone()).bind(e.record_type.clone()).bind(e.record_id.clone()).bind(fields)
                        .bind(e.ip.clone()).bind(e.outcome.clone());
                }
                q.execute(p).await?;
            });
        }
        Ok(())
    }

    /// Audit entries, oldest first.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conditions = vec!["1 = 1".to_owned()];
        let mut values: Vec<String> = Vec::new();
        if let Some(p) = &filter.participant {
            values.push(p.clone());
            conditions.push(format!("record_type = 'participant' AND record_id = ${}", values.len()));
        }
        if let Some(u) = &filter.user {
            values.push(u.clone());
            conditions.push(format!("user_id = ${}", values.len()));
        }
        let since_at = values.len() + 1;
        if filter.since.is_some() {
            conditions.push(format!("at >= ${since_at}"));
        }
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE {} ORDER BY id", conditions.join(" AND "));
        on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for v in &values {
                q = q.bind(v.clone());
            }
            if let Some(since) = filter.since {
                q = q.bind(since);
            }
            let rows = q.fetch_all(p).await?;
            rows.iter().map(read_audit).collect()
        })
    }
}

pub(crate) fn read_audit(r: &impl Col) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        at: r.instant(0)?,
        user_id: r.opt_text(1)?,
        username: r.opt_text(2)?,
        role: r.opt_text(3)?,
        action: r.text(4)?,
        record_type: r.opt_text(5)?,
        record_id: r.opt_text(6)?,
        fields: r.opt_text(7)?.map(|f| f.split(',').map(str::to_owned).collect()).unwrap_or_default(),
        ip: r.opt_text(8)?,
        outcome: r.text(9)?,
    })
}
