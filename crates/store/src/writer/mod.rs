//! One writer at a time per SQLite file, and their commits grouped.
//!
//! SQLite lets one connection write at a time. Writers of this process wait for their turn
//! in order ([`Gate`]), without holding a connection, and write on one connection kept for
//! writing, never on the readers' pool: taken from there, a writer holding the turn queued
//! behind every reader waiting for a connection, and every other writer waited with it.
//! The busy timeout still covers other processes on the same file. PostgreSQL locks rows,
//! not the database, and takes no turn.
//!
//! A writer that finds nobody waiting writes and commits as it would alone. One that
//! finds others waiting leaves its transaction open for them (group commit): each of
//! them writes in a savepoint of it, and a task of its own ([`commit_group`]) commits the
//! group once the writers queued before it have had their turns. A turn that fails, or is
//! dropped half-way, is rolled back to its savepoint and leaves the others' writes alone.
//! Nobody is answered before the commit that holds their writes. At 50 sessions logging
//! activities, a commit per write was most of the time the turn was held: every commit
//! appended each page it touched to the log again (the same index and audit pages, over
//! and over), checkpoints copied them back, and every reader dropped its page cache.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{OwnedMutexGuard, oneshot};

use crate::StoreError;

mod statement;
mod turn;

pub(crate) use turn::Turn;

/// As long as SQLite's own busy timeout (`connect.rs`): a writer that waits longer fails as
/// it would have there, rather than hanging (a transaction that waits for another write
/// of its own task would otherwise never end).
const WAIT: Duration = Duration::from_secs(10);

/// How a SQLite [`crate::Db`] writes: the turn of its file and how to open the connection
/// that writes, opened at the first write and kept until [`Writer::close`].
#[derive(Debug, Clone)]
pub struct Writer {
    gate: Arc<Gate>,
}

/// The turn to write one file, shared by every [`Writer`] of this process that opens it.
#[derive(Debug)]
struct Gate {
    /// How to open the connection that writes (the first [`Writer`]'s).
    options: SqliteConnectOptions,
    /// Held for a turn; tokio's mutex hands it on in the order it was asked for.
    conn: Arc<tokio::sync::Mutex<Option<SqliteConnection>>>,
    group: Mutex<Group>,
    /// Writers waiting for the turn (not the committing task).
    queued: AtomicUsize,
    committed: AtomicU64,
    members: AtomicU64,
    /// Statements committed on their own ([`Writer::statement`]).
    alone: AtomicU64,
    /// Nanoseconds the turn was held, for [`Writer::stats`].
    held_ns: AtomicU64,
}

/// The open transaction's state; changed only by the holder of the turn.
#[derive(Debug, Default)]
struct Group {
    /// `BEGIN` has run and no `COMMIT` or `ROLLBACK` since.
    open: bool,
    /// What a turn dropped before its end left open, for the next holder to roll back.
    left: Left,
    /// The turns whose writes are in the open transaction, waiting for its commit.
    waiting: Vec<oneshot::Sender<Result<(), String>>>,
    /// A [`commit_group`] task is on its way; always so while `waiting` is not empty.
    committer: bool,
    /// An empty savepoint is open for the next turn: the last one to end, seeing others
    /// wait, opened it in the round trip that released its own.
    ready: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Left {
    #[default]
    Nothing,
    /// A savepoint in a group's transaction.
    Savepoint,
    /// A transaction nobody else had joined.
    Transaction,
}

type Slot = OwnedMutexGuard<Option<SqliteConnection>>;

type Committed = oneshot::Receiver<Result<(), String>>;

impl Writer {
    pub(crate) fn new(options: SqliteConnectOptions) -> Writer {
        Writer { gate: gate(options) }
    }

    /// Waits for the turn, in order; the connection is open and nothing dropped is left on it.
    async fn take_turn(&self) -> Result<Slot, StoreError> {
        self.gate.queued.fetch_add(1, Ordering::Relaxed);
        let queued = Queued(&self.gate.queued);
        let waited = tokio::time::timeout(WAIT, self.gate.conn.clone().lock_owned()).await;
        drop(queued);
        // A wait as long as the busy timeout ends as SQLite's own would: the database is busy.
        let Ok(mut slot) = waited else { return Err(StoreError::Database(sqlx::Error::PoolTimedOut)) };
        if slot.is_none() {
            *slot = Some(self.gate.options.connect().await?);
        }
        if let Some(conn) = slot.as_mut() {
            tidy(&self.gate, conn).await;
        }
        Ok(slot)
    }

    /// Commits what waits, and closes the connection that writes; the next write opens it again.
    pub(crate) async fn close(&self) {
        let mut slot = self.gate.conn.lock().await;
        if let Some(conn) = slot.as_mut() {
            tidy(&self.gate, conn).await;
            let _ = commit_open(&self.gate, conn, 0).await;
        }
        if let Some(conn) = slot.take() {
            let _ = conn.close().await;
        }
    }

    /// What the writers of this file did since this process opened it.
    pub fn stats(&self) -> WriterStats {
        WriterStats {
            commits: self.gate.committed.load(Ordering::Relaxed),
            turns: self.gate.members.load(Ordering::Relaxed),
            alone: self.gate.alone.load(Ordering::Relaxed),
            held: Duration::from_nanos(self.gate.held_ns.load(Ordering::Relaxed)),
        }
    }
}

/// How SQLite's one writer was used: how many transactions were committed and how many
/// turns they held, how many statements were committed on their own (the audit entries of
/// reads, mostly), and for how long the turn was held in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterStats {
    pub commits: u64,
    pub turns: u64,
    pub alone: u64,
    pub held: Duration,
}

/// Adds the time from its making to its drop to the turn's held time.
struct Held(Arc<Gate>, Instant);

impl Held {
    fn new(gate: &Arc<Gate>) -> Held {
        Held(gate.clone(), Instant::now())
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let ns = u64::try_from(self.1.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0.held_ns.fetch_add(ns, Ordering::Relaxed);
        // A turn dropped before it ended (an error returned early, or the request went away,
        // also half-way through its commit) leaves `left` for the next holder to roll back;
        // the group's writes must still be committed even if no other writer comes.
        if lock(&self.0.group).left != Left::Nothing {
            ensure_committer(&self.0);
        }
    }
}

/// Counts a writer as waiting until dropped, also when its wait is given up.
struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Joins the turns waiting for the open transaction's commit.
fn wait_for_group(gate: &Gate) -> Committed {
    let (tx, rx) = oneshot::channel();
    lock(&gate.group).waiting.push(tx);
    rx
}

fn answer(committed: Result<Result<(), String>, oneshot::error::RecvError>) -> Result<(), StoreError> {
    match committed {
        Ok(r) => r.map_err(committed_error),
        Err(_) => Err(committed_error("the group commit ended unexpectedly".into())),
    }
}

fn committed_error(message: String) -> StoreError {
    StoreError::Database(sqlx::Error::Protocol(message))
}

/// Starts a [`commit_group`] task unless one is on its way already.
fn ensure_committer(gate: &Arc<Gate>) {
    let mut group = lock(&gate.group);
    if !group.committer
        && let Ok(runtime) = tokio::runtime::Handle::try_current()
    {
        group.committer = true;
        runtime.spawn(commit_group(Committer(Some(gate.clone()))));
    }
}

/// The [`commit_group`] on its way, which clears [`Group::committer`] once it holds the
/// turn. Should its task be dropped before that, even unpolled (a runtime shutting down
/// with the database still in use elsewhere), the flag is cleared on drop, so the next
/// turn to end starts another instead of waiting for a commit that never comes.
struct Committer(Option<Arc<Gate>>);

impl Committer {
    fn clear(&mut self) {
        if let Some(gate) = self.0.take() {
            set(&gate, |g| g.committer = false);
        }
    }
}

impl Drop for Committer {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Waits for the turn, behind the writers queued already, and commits the open transaction
/// with every turn in it. A task of its own: the commit must run to its end and answer
/// every waiting writer even if the one that started it has gone away.
async fn commit_group(mut committer: Committer) {
    let Some(gate) = committer.0.clone() else { return };
    let mut slot = gate.conn.clone().lock_owned().await;
    let _held = Held::new(&gate);
    committer.clear();
    if let Some(conn) = slot.as_mut() {
        tidy(&gate, conn).await;
        let _ = commit_open(&gate, conn, 0).await;
    }
}

/// Commits the open transaction, if any, and answers the turns waiting for it; `own` is
/// the committing turn, when it is one.
async fn commit_open(gate: &Gate, conn: &mut SqliteConnection, own: u64) -> Result<(), String> {
    let (open, waiting) = {
        let mut group = lock(&gate.group);
        // A savepoint left ready ends with the transaction.
        group.ready = false;
        (std::mem::take(&mut group.open), std::mem::take(&mut group.waiting))
    };
    if !open {
        return Ok(());
    }
    // Should this future be dropped before the commit is through (a writer alone commits in
    // its own request), the next holder rolls back whatever is still open.
    set(gate, |g| g.left = Left::Transaction);
    let result = match sqlx::query("COMMIT").execute(&mut *conn).await {
        Ok(_) => Ok(()),
        Err(e) => {
            // Still open after a failed COMMIT: nothing of it may stay for the next group.
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            tracing::error!(error = %e, writes = waiting.len(), "a group commit failed");
            Err(format!("the commit failed: {e}"))
        }
    };
    set(gate, |g| g.left = Left::Nothing);
    gate.committed.fetch_add(1, Ordering::Relaxed);
    gate.members.fetch_add(waiting.len() as u64 + own, Ordering::Relaxed);
    for w in waiting {
        let _ = w.send(result.clone());
    }
    result
}

/// Rolls back what a dropped turn left open.
async fn tidy(gate: &Gate, conn: &mut SqliteConnection) {
    // Taken in a statement of its own: a guard in the match would be held across its awaits.
    let left = std::mem::take(&mut lock(&gate.group).left);
    match left {
        Left::Nothing => {}
        Left::Savepoint => undo(gate, conn).await,
        Left::Transaction => abandon(gate, conn, "a writer went away before it ended").await,
    }
}

/// Rolls back the turn's savepoint. Should there be none (SQLite rolls a whole transaction
/// back on some errors, a full disk say, or a turn went away half-way through its end), the
/// group's transaction is not what its writers think: it is given up, and they are told.
async fn undo(gate: &Gate, conn: &mut SqliteConnection) {
    if let Err(e) = sqlx::query("ROLLBACK TO turn; RELEASE turn").execute(&mut *conn).await {
        tracing::error!(error = %e, "a writer's savepoint could not be rolled back");
        abandon(gate, conn, "a writer's savepoint was lost").await;
    }
}

/// Rolls the open transaction back and answers every writer waiting for it with an error.
async fn abandon(gate: &Gate, conn: &mut SqliteConnection, why: &str) {
    // The flags first: a statement sent runs even if this future is dropped meanwhile.
    let waiting = {
        let mut g = lock(&gate.group);
        g.open = false;
        g.ready = false;
        std::mem::take(&mut g.waiting)
    };
    for w in waiting {
        let _ = w.send(Err(format!("the writes were not kept: {why}")));
    }
    // Nothing may be open any more; "no transaction is active" is fine.
    let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
}

/// The gate of one SQLite file; it lives as long as a [`Writer`] of that file does.
fn gate(options: SqliteConnectOptions) -> Arc<Gate> {
    static GATES: OnceLock<Mutex<HashMap<PathBuf, Weak<Gate>>>> = OnceLock::new();
    let file = options.get_filename().to_path_buf();
    let mut gates = lock(GATES.get_or_init(Default::default));
    if let Some(gate) = gates.get(&file).and_then(Weak::upgrade) {
        return gate;
    }
    gates.retain(|_, g| g.strong_count() > 0);
    let gate = Arc::new(Gate {
        options,
        conn: Arc::default(),
        group: Mutex::default(),
        queued: AtomicUsize::new(0),
        committed: AtomicU64::new(0),
        members: AtomicU64::new(0),
        alone: AtomicU64::new(0),
        held_ns: AtomicU64::new(0),
    });
    gates.insert(file, Arc::downgrade(&gate));
    gate
}

fn set(gate: &Gate, change: impl FnOnce(&mut Group)) {
    change(&mut lock(&gate.group));
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
