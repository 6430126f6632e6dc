//! One statement's turn ([`Statement`]): a write that is not part of a transaction (the
//! session touch, the audit entries of reads), through `on_writer!`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use sqlx::sqlite::SqliteConnection;

use super::{Gate, Held, Slot, Writer, answer, ensure_committer, lock, set, wait_for_group};
use crate::StoreError;

impl Writer {
    /// Waits for the turn for one statement: in the group's transaction when one is open or
    /// others wait, otherwise committed on its own.
    pub(crate) async fn statement(&self) -> Result<Statement, StoreError> {
        let slot = self.take_turn().await?;
        let held = Held::new(&self.gate);
        let (open, ready) = {
            let g = lock(&self.gate.group);
            (g.open, g.ready)
        };
        let joined = open || self.gate.queued.load(Ordering::Relaxed) > 0;
        let mut statement = Statement { _held: held, slot, gate: self.gate.clone(), joined };
        if joined && (!open || ready) {
            // The flags first: a statement sent runs even if this future is dropped meanwhile,
            // and the statement's drop then has its group committed.
            set(&self.gate, |g| {
                g.open = true;
                g.ready = false;
            });
            // The savepoint left ready is for a turn that may roll back: a statement must
            // not land in it.
            let sql = if open { "RELEASE turn" } else { "BEGIN IMMEDIATE" };
            let conn = statement.alone()?;
            if let Err(e) = sqlx::query(sql).execute(conn).await {
                if !open {
                    set(&self.gate, |g| g.open = false);
                    statement.joined = false;
                }
                return Err(e.into());
            }
        }
        Ok(statement)
    }
}

/// One statement's turn ([`Writer::statement`]).
pub(crate) struct Statement {
    // Dropped first, while the turn is still held: it reads the turn's state.
    _held: Held,
    slot: Slot,
    gate: Arc<Gate>,
    joined: bool,
}

impl Statement {
    /// The connection that writes, when the statement is to run in the group's transaction.
    pub(crate) fn group(&mut self) -> Option<&mut SqliteConnection> {
        if self.joined { self.slot.as_mut() } else { None }
    }

    /// The connection that writes, to run the statement on its own.
    pub(crate) fn alone(&mut self) -> Result<&mut SqliteConnection, StoreError> {
        self.slot.as_mut().ok_or(StoreError::Database(sqlx::Error::PoolClosed))
    }

    /// Returns once the statement is committed.
    pub(crate) async fn done(self) -> Result<(), StoreError> {
        if !self.joined {
            self.gate.alone.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let committed = wait_for_group(&self.gate);
        drop(self);
        answer(committed.await)
    }
}

impl Drop for Statement {
    fn drop(&mut self) {
        if self.joined {
            // Also when the statement failed: the group it joined or opened is committed.
            ensure_committer(&self.gate);
        }
    }
}
