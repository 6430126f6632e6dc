//! Restoring a backup into an empty database: one transaction, committed only when the
//! whole file has been read, every value parsed by its column's kind, and the checksum in
//! the trailer matches. Anything else rolls back and leaves the database as it was.

use std::io::BufRead;

use jobbvei_store::{BackupTable, Db, Kind, Value, backup_table};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use super::{BackupError, FORMAT_NAME, FORMAT_VERSION, hex, value};
use crate::error::ExchangeError;

/// Rows held before they are inserted together.
const BATCH: usize = 5_000;

/// Batches in flight between the reading thread and the database.
const QUEUE: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoreSummary {
    pub tables: usize,
    pub rows: u64,
}

/// The table whose rows are being read.
struct Section {
    table: &'static BackupTable,
    columns: Vec<&'static str>,
    kinds: Vec<Kind>,
    /// (position of the key, position of the self-reference) when the table has one.
    self_ref: Option<(usize, usize)>,
    rows: Vec<Vec<Value>>,
    links: Vec<(String, String)>,
}

/// What the reading thread hands to the database, in file order.
enum Event {
    /// The schema version from the header.
    Header(i64),
    /// The rows that follow belong to this table and these columns.
    Table {
        table: &'static BackupTable,
        columns: Vec<&'static str>,
    },
    Rows(Vec<Vec<Value>>),
    /// The current table's self-references, set once all its rows are in.
    Links(Vec<(String, String)>),
    /// The trailer was read and the checksum matched.
    End(RestoreSummary),
    Failed(ExchangeError),
}

fn damaged(line: usize, what: impl Into<String>) -> ExchangeError {
    BackupError::Damaged { line, what: what.into() }.into()
}

/// Restores the backup read from `input` into `db`, which must be empty.
///
/// A thread reads, checks and parses the file while this task writes the previous batch:
/// parsing is about half of a restore's work at national scale and the database the other
/// half, so on two cores they overlap instead of taking turns.
pub async fn restore(db: &Db, input: impl BufRead + Send + 'static) -> Result<RestoreSummary, ExchangeError> {
    let (sender, mut receiver) = mpsc::channel::<Event>(QUEUE);
    let reader = std::thread::spawn(move || {
        if let Err(e) = read_all(input, &sender) {
            // The receiver may be gone (the database failed first): then nobody needs it.
            let _ = sender.blocking_send(Event::Failed(e));
        }
    });
    let written = write_all(db, &mut receiver).await;
    // Dropping the receiver stops a reader that is still sending (the write failed).
    drop(receiver);
    if reader.join().is_err() {
        return Err(std::io::Error::other("the thread reading the backup stopped").into());
    }
    let summary = written?;
    // On PostgreSQL the record tables took frozen rows when the bulk load could `TRUNCATE`
    // them; when it could not, this vacuum settles their hint bits and visibility map now
    // rather than in the first reports (on frozen pages it has nothing to do; a no-op on
    // SQLite). Then the planner gets fresh statistics of every table, once.
    db.vacuum_record_tables(false).await?;
    db.refresh_statistics().await?;
    Ok(summary)
}

/// Applies the reader's events in one transaction, committed only at a verified end.
async fn write_all(db: &Db, events: &mut mpsc::Receiver<Event>) -> Result<RestoreSummary, ExchangeError> {
    let lost = || -> ExchangeError { std::io::Error::other("the thread reading the backup stopped").into() };
    let schema = match events.recv().await.ok_or_else(lost)? {
        Event::Header(schema) => schema,
        Event::Failed(e) => return Err(e),
        _ => return Err(lost()),
    };
    let mut tx = db.begin().await?;
    let ours = tx.schema_version().await?;
    if schema > ours {
        return Err(BackupError::NewerSchema { found: schema, ours }.into());
    }
    if let Some(table) = tx.first_occupied_table().await? {
        return Err(BackupError::NotEmpty { table }.into());
    }
    // The target is empty, so the rows go in as the exchange import's bulk load does: plain
    // indexes (and PostgreSQL's foreign keys) are put back once, before the commit, instead
    // of being kept up row by row (docs/benchmarks.md, "Backup and restore").
    let bulk = tx.begin_bulk_load().await?;
    // The day facts are not in a backup: they are computed from the restored activities
    // just before the commit (docs/facts.md).
    tx.rebuild_facts_on_commit();
    let mut current: Option<(&'static BackupTable, Vec<&'static str>)> = None;
    let summary = loop {
        match events.recv().await.ok_or_else(lost)? {
            Event::Table { table, columns } => current = Some((table, columns)),
            Event::Rows(rows) => {
                let (table, columns) = current.as_ref().ok_or_else(lost)?;
                tx.insert_backup_rows(table, columns, &rows).await?;
            }
            Event::Links(links) => {
                let (table, _) = current.as_ref().ok_or_else(lost)?;
                if let Some(column) = table.self_ref {
                    tx.set_backup_links(table, column, &links).await?;
                }
            }
            Event::End(summary) => break summary,
            Event::Failed(e) => return Err(e),
            Event::Header(_) => return Err(lost()),
        }
    };
    if let Some(load) = bulk {
        tx.end_bulk_load(load).await?;
    }
    tx.reset_backup_sequences().await?;
    tx.commit().await?;
    Ok(summary)
}

/// Reads the whole file, sending its tables and rows as it goes; the checksum and the
/// trailer are checked before [`Event::End`], so nothing is committed without them.
fn read_all(mut input: impl BufRead, out: &mpsc::Sender<Event>) -> Result<(), ExchangeError> {
    // A closed channel means the database side has already failed and reported it.
    let send = |e: Event| out.blocking_send(e).map_err(|_| std::io::Error::other("the restore stopped").into());
    let mut buf = Vec::with_capacity(4096);
    let mut hash = Sha256::new();
    if input.read_until(b'\n', &mut buf)? == 0 {
        return Err(BackupError::NotABackup("the file is empty".into()).into());
    }
    send(Event::Header(header(&buf)?))?;
    hash.update(&buf);

    let mut line = 1usize;
    let mut section: Option<Section> = None;
    let mut last_rank: Option<usize> = None;
    let (mut tables, mut rows) = (0usize, 0u64);
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Err(BackupError::Truncated { line }.into());
        }
        line += 1;
        match buf.first() {
            Some(b'[') => {
                let s = section.as_mut().ok_or_else(|| damaged(line, "a row before any table"))?;
                let r = row(s, &buf, line)?;
                s.rows.push(r);
                rows += 1;
                if s.rows.len() >= BATCH {
                    send(Event::Rows(std::mem::replace(&mut s.rows, Vec::with_capacity(BATCH))))?;
                }
            }
            Some(b'{') => {
                let object: serde_json::Map<String, Json> =
                    serde_json::from_slice(&buf).map_err(|e| damaged(line, format!("not a JSON object ({e})")))?;
                if let Some(s) = section.take() {
                    finish(s, &send)?;
                }
                if object.contains_key("end") {
                    trailer(&object, &hex(&hash.clone().finalize()), rows, line)?;
                    buf.clear();
                    if input.read_until(b'\n', &mut buf)? > 0 {
                        return Err(damaged(line + 1, "there is more after the trailer"));
                    }
                    return send(Event::End(RestoreSummary { tables, rows }));
                }
                let next = open_section(&object, last_rank, line)?;
                last_rank = catalogue_rank(next.table);
                send(Event::Table { table: next.table, columns: next.columns.clone() })?;
                section = Some(next);
                tables += 1;
            }
            _ => return Err(damaged(line, "not a row, a table or the trailer")),
        }
        hash.update(&buf);
    }
}

/// Sends a table's last rows, then its self-references.
fn finish(s: Section, send: &impl Fn(Event) -> Result<(), ExchangeError>) -> Result<(), ExchangeError> {
    if !s.rows.is_empty() {
        send(Event::Rows(s.rows))?;
    }
    if s.table.self_ref.is_some() && !s.links.is_empty() {
        send(Event::Links(s.links))?;
    }
    Ok(())
}

fn catalogue_rank(table: &BackupTable) -> Option<usize> {
    jobbvei_store::BACKUP_TABLES.iter().position(|t| t.name == table.name)
}

/// The schema version from the first line, once it is known to be a backup this build reads.
fn header(line: &[u8]) -> Result<i64, ExchangeError> {
    let not = |why: &str| -> ExchangeError { BackupError::NotABackup(why.into()).into() };
    let object: serde_json::Map<String, Json> =
        serde_json::from_slice(line).map_err(|_| not("its first line is not a backup header"))?;
    if object.get("format").and_then(Json::as_str) != Some(FORMAT_NAME) {
        return Err(not("its first line is not a backup header (an exchange-format file goes to `jobbvei import`)"));
    }
    let version = object.get("version").and_then(Json::as_u64).ok_or_else(|| not("the header has no version"))?;
    if version > FORMAT_VERSION {
        return Err(BackupError::NewerFormat { found: version }.into());
    }
    if version == 0 {
        return Err(not("the header's version is 0"));
    }
    object.get("schema").and_then(Json::as_i64).ok_or_else(|| not("the header has no schema version"))
}

fn trailer(object: &serde_json::Map<String, Json>, sum: &str, rows: u64, line: usize) -> Result<(), ExchangeError> {
    if object.get("end").and_then(Json::as_str) != Some(FORMAT_NAME) {
        return Err(damaged(line, "the trailer is not a backup trailer"));
    }
    if object.get("sha256").and_then(Json::as_str) != Some(sum) {
        return Err(BackupError::Checksum.into());
    }
    if object.get("rows").and_then(Json::as_u64) != Some(rows) {
        return Err(damaged(line, "the trailer counts a different number of rows than the file holds"));
    }
    Ok(())
}

fn open_section(
    object: &serde_json::Map<String, Json>,
    last_rank: Option<usize>,
    line: usize,
) -> Result<Section, ExchangeError> {
    let name = object
        .get("table")
        .and_then(Json::as_str)
        .ok_or_else(|| damaged(line, "a line that is neither a table nor the trailer"))?;
    let table = backup_table(name).ok_or_else(|| damaged(line, format!("unknown table {name}")))?;
    let rank = catalogue_rank(table);
    if last_rank.is_some() && rank <= last_rank {
        return Err(damaged(line, format!("table {name} is out of order or repeated")));
    }
    let listed =
        object.get("columns").and_then(Json::as_array).ok_or_else(|| damaged(line, "the table has no columns"))?;
    let mut columns: Vec<&'static str> = Vec::with_capacity(listed.len());
    let mut kinds = Vec::with_capacity(listed.len());
    for c in listed {
        let c = c.as_str().unwrap_or_default();
        let known = table.columns.iter().find(|(n, _)| *n == c);
        let Some((n, kind)) = known else { return Err(damaged(line, format!("unknown column {name}.{c}"))) };
        if columns.contains(n) {
            return Err(damaged(line, format!("column {name}.{c} is listed twice")));
        }
        columns.push(n);
        kinds.push(*kind);
    }
    if let Some(k) = table.key.iter().find(|k| !columns.contains(k)) {
        return Err(damaged(line, format!("table {name} lacks its key column {k}")));
    }
    let pos = |c: &str| columns.iter().position(|x| *x == c);
    let self_ref = table.self_ref.and_then(|c| Some((pos(table.key[0])?, pos(c)?)));
    Ok(Section { table, columns, kinds, self_ref, rows: Vec::new(), links: Vec::new() })
}

fn row(s: &mut Section, line_bytes: &[u8], line: usize) -> Result<Vec<Value>, ExchangeError> {
    let values: Vec<Json> =
        serde_json::from_slice(line_bytes).map_err(|e| damaged(line, format!("not a JSON row ({e})")))?;
    if values.len() != s.columns.len() {
        return Err(damaged(
            line,
            format!("{} values for the {} columns of {}", values.len(), s.columns.len(), s.table.name),
        ));
    }
    let mut out = Vec::with_capacity(values.len());
    for ((j, kind), column) in values.into_iter().zip(&s.kinds).zip(&s.columns) {
        let v = value::read(*kind, j).map_err(|m| damaged(line, format!("{}.{column}: {m}", s.table.name)))?;
        out.push(v);
    }
    if let Some((key, link)) = s.self_ref
        && let (Value::Text(Some(id)), Value::Text(Some(target))) = (&out[key], &out[link])
    {
        s.links.push((id.clone(), target.clone()));
        out[link] = Value::Text(None);
    }
    Ok(out)
}
