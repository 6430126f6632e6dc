//! A writer's turn ([`Turn`]): its transaction, or its savepoint in the group's, on the
//! connection that writes, and the statements it runs in the round trip that ends it.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use sqlx::sqlite::SqliteConnection;
use tokio::sync::{OwnedMappedMutexGuard, OwnedMutexGuard};

use super::{Gate, Held, Left, Writer, abandon, answer, commit_open, committed_error, ensure_committer};
use super::{lock, set, undo, wait_for_group};
use crate::StoreError;
use crate::engine::{Binder, SqliteValues};

/// Parameters the statements a turn runs as it ends may hold together, so that a large
/// transaction's end does not grow without bound; past it they run before the end.
const MAX_TAIL_PARAMS: usize = 30_000;

impl Writer {
    /// Waits for the turn and starts a transaction, or a savepoint in the group's open one.
    pub(crate) async fn begin(&self) -> Result<Turn, StoreError> {
        let slot = self.take_turn().await?;
        let held = Held::new(&self.gate);
        let Ok(mut conn) = OwnedMutexGuard::try_map(slot, Option::as_mut) else {
            return Err(StoreError::Database(sqlx::Error::PoolClosed));
        };
        let (open, ready) = {
            let g = lock(&self.gate.group);
            (g.open, g.ready)
        };
        let (opens, sql, left) = match (open, ready) {
            (true, true) => (false, "", Left::Savepoint),
            (true, false) => (false, "SAVEPOINT turn", Left::Savepoint),
            // IMMEDIATE takes the write lock at once: another process's writer waits here
            // (busy timeout) instead of failing half-way when its read lock cannot be upgraded.
            (false, _) => (true, "BEGIN IMMEDIATE", Left::Transaction),
        };
        set(&self.gate, |g| {
            g.open = true;
            g.ready = false;
            g.left = left;
        });
        if !sql.is_empty()
            && let Err(e) = sqlx::query(sql).execute(&mut *conn).await
        {
            set(&self.gate, |g| {
                g.left = Left::Nothing;
                g.open = !opens;
            });
            return Err(e.into());
        }
        let conn = Holding { _held: held, conn };
        Ok(Turn { conn: Some(conn), gate: self.gate.clone(), opened: opens, tail: Tail::default() })
    }
}

/// The connection that writes, while the turn is held.
struct Holding {
    // Dropped first, while the turn is still held: it reads the turn's state.
    _held: Held,
    conn: OwnedMappedMutexGuard<Option<SqliteConnection>, SqliteConnection>,
}

impl Deref for Holding {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.conn
    }
}

impl DerefMut for Holding {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }
}

/// One writer's turn on the connection that writes, inside its transaction or savepoint.
pub(crate) struct Turn {
    conn: Option<Holding>,
    gate: Arc<Gate>,
    /// It began the transaction, so nobody else's writes are in it.
    opened: bool,
    /// Statements run as it ends ([`Turn::at_end`]).
    tail: Tail,
}

/// Statements whose parameters are written `?`, and their values in order.
#[derive(Default)]
struct Tail {
    sql: String,
    values: SqliteValues,
    params: usize,
}

impl Tail {
    /// Runs the statements, then `end` (statements without parameters), in one round trip.
    /// A statement after one that fails does not run.
    async fn run(self, conn: &mut SqliteConnection, end: &str) -> Result<(), StoreError> {
        let sql = match (self.sql.is_empty(), end.is_empty()) {
            (true, true) => return Ok(()),
            (false, false) => format!("{}; {end}", self.sql),
            (false, true) => self.sql,
            (true, false) => end.to_owned(),
        };
        if let Some(e) = self.values.error {
            return Err(StoreError::Database(sqlx::Error::Encode(e)));
        }
        sqlx::query_with(sqlx::AssertSqlSafe(sql), self.values.args).execute(conn).await?;
        Ok(())
    }
}

impl Deref for Turn {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        // `conn` is taken only by `commit` and `rollback`, which consume the turn.
        self.conn.as_deref().unwrap_or_else(|| unreachable!("a turn used after it ended"))
    }
}

impl DerefMut for Turn {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.conn.as_deref_mut().unwrap_or_else(|| unreachable!("a turn used after it ended"))
    }
}

impl Turn {
    /// Runs `sql` (`params` parameters, written `?` and bound by `bind` in order) in the round
    /// trip that ends this turn, not one of its own: the turn is what every writer waits for.
    /// For writes nothing in the turn reads back: its audit entries, additions to the facts.
    pub(crate) async fn at_end(
        &mut self,
        sql: &str,
        params: usize,
        bind: impl FnOnce(&mut dyn Binder),
    ) -> Result<(), StoreError> {
        if self.tail.params + params > MAX_TAIL_PARAMS {
            let tail = std::mem::take(&mut self.tail);
            tail.run(self, "").await?;
        }
        if !self.tail.sql.is_empty() {
            self.tail.sql.push_str("; ");
        }
        self.tail.sql.push_str(sql);
        self.tail.params += params;
        bind(&mut self.tail.values);
        Ok(())
    }

    /// Keeps this turn's writes and returns once they are committed.
    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        let Some(mut conn) = self.conn.take() else { return Ok(()) };
        let alone = !lock(&self.gate.group).committer && self.gate.queued.load(Ordering::Relaxed) == 0;
        // What waited for the end, this turn's savepoint released, and for the next turn a
        // savepoint opened: one round trip.
        let end = match (self.opened, alone) {
            (true, true) => "",
            (true, false) => "SAVEPOINT turn",
            (false, true) => "RELEASE turn",
            (false, false) => "RELEASE turn; SAVEPOINT turn",
        };
        let tail = std::mem::take(&mut self.tail);
        if let Err(e) = tail.run(&mut conn, end).await {
            // Nothing of the turn is kept. Should only the last `SAVEPOINT` have failed (no
            // memory left), its own is released already: `undo` then finds none and gives the
            // whole group up, so no writer is answered Ok for writes that were not kept.
            self.discard(&mut conn, "its first writer failed").await;
            return Err(e);
        }
        set(&self.gate, |g| {
            g.left = Left::Nothing;
            g.ready = !alone;
        });
        if alone {
            // Nobody to wait for: committed now, as a writer alone would.
            return commit_open(&self.gate, &mut conn, 1).await.map_err(committed_error);
        }
        let committed = wait_for_group(&self.gate);
        ensure_committer(&self.gate);
        drop(conn);
        answer(committed.await)
    }

    /// Undoes this turn's writes; the others' in the group stay.
    pub(crate) async fn rollback(mut self) -> Result<(), StoreError> {
        let Some(mut conn) = self.conn.take() else { return Ok(()) };
        self.discard(&mut conn, "its first writer rolled back").await;
        Ok(())
    }

    /// Rolls back this turn's writes: the whole transaction when it began it (nobody else's
    /// writes are in it), its savepoint otherwise; the group it joined is still committed.
    async fn discard(&self, conn: &mut Holding, why: &str) {
        set(&self.gate, |g| g.left = Left::Nothing);
        if self.opened {
            abandon(&self.gate, conn, why).await;
        } else {
            undo(&self.gate, conn).await;
            ensure_committer(&self.gate);
        }
    }
}
