//! One writer at a time per SQLite file, queued in this process.
//!
//! SQLite lets one connection write at a time. A connection that finds the write lock taken
//! sleeps in SQLite's busy handler, in steps of 1, 2, 5, 10 … up to 100 ms, and holds one of
//! the pool's four connections while it sleeps. At 50 concurrent sessions that made the
//! quick log's POST wait 100 ms at p99 and left the readers short of connections. Writers
//! of this process now wait for their turn here instead, in order and without a connection;
//! the busy timeout still covers other processes on the same file. PostgreSQL locks rows,
//! not the database, and takes no turn.
//!
//! A turn writes on a connection of its own ([`Writer`]), not on one of the readers' pool.
//! Taken from that pool, a writer holding the turn queued behind every reader waiting for a
//! connection, and all other writers waited with it: at 50 sessions logging activities,
//! the lock was held several times as long as the writing took. The audit entries of reads
//! ([`crate::audit_batch`]) are still written on a reader: waiting for one lets more entries
//! join the group, and every commit makes the readers drop their page caches, so fewer and
//! larger groups served the pages better (participant page about 18 % more views a second).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{Db, StoreError};

/// As long as SQLite's own busy timeout (`connect.rs`): a writer that waits longer fails as
/// it would have there, rather than hanging (a transaction that waits for another write
/// of its own task would otherwise never end).
const WAIT: Duration = Duration::from_secs(10);

/// The one connection a SQLite [`Db`] writes on, opened at its first write and closed after
/// a minute without one. Only the holder of the turn uses it, so it is never waited for.
#[derive(Debug, Clone)]
pub struct Writer(SqlitePool);

impl Writer {
    pub(crate) fn new(options: SqliteConnectOptions) -> Writer {
        Writer(
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(0)
                .idle_timeout(Duration::from_secs(60))
                .acquire_timeout(WAIT)
                .test_before_acquire(false)
                .connect_lazy_with(options),
        )
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.0
    }
}

/// The turn of one writer; the next one's comes when this is dropped.
pub(crate) struct WriteTurn {
    _permit: Option<OwnedSemaphorePermit>,
}

impl WriteTurn {
    pub(crate) fn none() -> WriteTurn {
        WriteTurn { _permit: None }
    }
}

/// Waits for the right to write to `db` (at once on PostgreSQL).
pub(crate) async fn turn(db: &Db) -> Result<WriteTurn, StoreError> {
    let Db::Sqlite(pool, _) = db else { return Ok(WriteTurn::none()) };
    let file = pool.connect_options().get_filename().to_path_buf();
    let gate = gate(file);
    match tokio::time::timeout(WAIT, gate.acquire_owned()).await {
        Ok(Ok(permit)) => Ok(WriteTurn { _permit: Some(permit) }),
        // The semaphore is never closed; a wait as long as the busy timeout ends as SQLite's
        // own would: the database is busy.
        Ok(Err(_)) | Err(_) => Err(StoreError::Database(sqlx::Error::PoolTimedOut)),
    }
}

/// The gate of one SQLite file, shared by every pool of this process that opens it.
fn gate(file: PathBuf) -> Arc<Semaphore> {
    static GATES: OnceLock<Mutex<HashMap<PathBuf, Arc<Semaphore>>>> = OnceLock::new();
    let mut gates = GATES.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    gates.entry(file).or_insert_with(|| Arc::new(Semaphore::new(1))).clone()
}
