//! Audit entries of reads, committed in groups.
//!
//! Every page that shows personal data writes an audit entry and answers only once it is
//! committed. At 50 saturating sessions that was one commit per view: on SQLite one turn of
//! the write lock each, after which every other connection found the file changed and
//! dropped its page cache; on PostgreSQL one WAL flush each. Entries that arrive while a
//! commit is under way now wait for it to end and are written together in the next one, so
//! each view still waits for its own entry to be committed (group commit), but a burst of
//! views costs one commit, not one per view.
//!
//! The commits run in a task of its own, which writes what arrived meanwhile until nothing
//! waits: a request that is dropped half-way (the client went away) must neither take the
//! entries of the others in its group with it nor leave entries waiting for a next caller.
//! Each caller is answered as soon as the write that holds its entries is committed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tokio::sync::oneshot;

use crate::auth::AUDIT_ROWS_PER_STATEMENT;
use crate::{AuditEntry, Db, StoreError};

/// One caller's entries, and where to say whether they were committed.
struct Waiting {
    entries: Vec<AuditEntry>,
    done: oneshot::Sender<Result<(), StoreError>>,
}

/// The entries waiting for the next commit to one database, and the right to commit them.
#[derive(Default)]
struct Group {
    pending: Mutex<Vec<Waiting>>,
    commit: Arc<tokio::sync::Mutex<()>>,
}

/// Commits `entries` together with whatever other callers of this process have waiting for
/// the same database, and returns once they are committed.
pub(crate) async fn commit(db: &Db, entries: Vec<AuditEntry>) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let group = group(db);
    let (done, mut result) = oneshot::channel();
    lock(&group.pending).push(Waiting { entries, done });
    tokio::select! {
        // Written by a commit already under way: answered without waiting for the turn.
        biased;
        written = &mut result => return answer(written),
        turn = group.commit.clone().lock_owned() => {
            let first = std::mem::take(&mut *lock(&group.pending));
            if !first.is_empty() {
                let db = db.clone();
                let group = group.clone();
                // Not awaited: this caller's entries are in the first write, and its answer
                // comes through `result`; a panic in the task drops the senders, which the
                // receive below reports.
                tokio::spawn(async move {
                    // What arrives while this writes goes in next, in the same turn: nothing
                    // waits for a caller that has gone away.
                    let mut batch = first;
                    while !batch.is_empty() {
                        write(&db, batch).await;
                        batch = std::mem::take(&mut *lock(&group.pending));
                    }
                    drop(turn);
                });
            }
        }
    }
    answer(result.await)
}

/// The caller's own result: its own statement's error when its entries were written alone.
fn answer(written: Result<Result<(), StoreError>, oneshot::error::RecvError>) -> Result<(), StoreError> {
    written.unwrap_or_else(|_| {
        Err(StoreError::Database(sqlx::Error::Protocol("the audit commit ended unexpectedly".into())))
    })
}

/// Writes what waited, as few statements as will each hold at most
/// [`AUDIT_ROWS_PER_STATEMENT`] entries, so that each statement is all or nothing.
async fn write(db: &Db, batch: Vec<Waiting>) {
    let mut statement: Vec<Waiting> = Vec::new();
    let mut rows = 0;
    for w in batch {
        if !statement.is_empty() && rows + w.entries.len() > AUDIT_ROWS_PER_STATEMENT {
            write_together(db, std::mem::take(&mut statement)).await;
            rows = 0;
        }
        rows += w.entries.len();
        statement.push(w);
    }
    if !statement.is_empty() {
        write_together(db, statement).await;
    }
}

/// Writes several callers' entries in one statement. Should that fail, nothing of it was
/// written, and each caller's entries are written on their own, so that one bad entry fails
/// only its own request.
async fn write_together(db: &Db, callers: Vec<Waiting>) {
    if callers.len() > 1 {
        let all: Vec<AuditEntry> = callers.iter().flat_map(|w| w.entries.iter().cloned()).collect();
        if db.insert_audit(&all).await.is_ok() {
            for w in callers {
                let _ = w.done.send(Ok(()));
            }
            return;
        }
    }
    for w in callers {
        let _ = w.done.send(db.insert_audit(&w.entries).await);
    }
}

/// The group of one database, shared by every pool of this process that opens it: a SQLite
/// file, or a PostgreSQL database on one server.
fn group(db: &Db) -> Arc<Group> {
    static GROUPS: OnceLock<Mutex<HashMap<String, Arc<Group>>>> = OnceLock::new();
    let key = match db {
        Db::Sqlite(pool, _) => format!("sqlite:{}", pool.connect_options().get_filename().display()),
        Db::Postgres(pool) => {
            let o = pool.connect_options();
            format!("postgres:{}:{}/{}", o.get_host(), o.get_port(), o.get_database().unwrap_or_default())
        }
    };
    lock(GROUPS.get_or_init(Default::default)).entry(key).or_default().clone()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
