//! Import: all or nothing. Every line is parsed and checked; records are written in
//! batches inside one transaction, which is committed only if no line had an error.
//! Parsing runs on its own thread so that it overlaps with the database's work.

use std::collections::HashSet;
use std::io::BufRead;

use jobbvei_domain::*;
use jobbvei_store::{AuditEntry, BulkLoad, Db, Tx};
use tokio::sync::mpsc;

use crate::casefile::CASE_TYPES;
use crate::error::{ExchangeError, FieldError, LineError, MAX_LISTED_ERRORS};
use crate::known::Known;
use crate::parse::{declared_identity, parse_line};
use crate::record::{Record, TYPE_COUNT, all_types};

/// Records held before they are written together.
const FLUSH_AT: usize = 20_000;
const LINES_PER_MESSAGE: usize = 2_000;

/// A line that could not be parsed: its problems, and its type and id if readable.
#[derive(Debug)]
pub struct Rejected {
    pub identity: Option<(String, String)>,
    pub errors: Vec<FieldError>,
}

/// What an import wrote, per record type in [`all_types`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub by_type: [usize; TYPE_COUNT],
}

impl Default for ImportSummary {
    fn default() -> Self {
        ImportSummary { by_type: [0; TYPE_COUNT] }
    }
}

impl ImportSummary {
    pub fn total(&self) -> usize {
        self.by_type.iter().sum()
    }

    /// How many records of one type (a name from [`all_types`]) were imported.
    pub fn count(&self, type_name: &str) -> usize {
        all_types().position(|t| t == type_name).map_or(0, |i| self.by_type[i])
    }

    /// `office 1, team 2, …` for the types that occurred.
    pub fn describe(&self) -> String {
        let parts: Vec<String> =
            all_types().zip(self.by_type).filter(|(_, n)| *n > 0).map(|(t, n)| format!("{t} {n}")).collect();
        parts.join(", ")
    }
}

/// Takes records one at a time and writes them, or nothing, to the database.
pub struct Importer {
    tx: Tx,
    known: Known,
    pending: Pending,
    errors: Vec<LineError>,
    total_errors: usize,
    summary: ImportSummary,
    audit: Option<AuditEntry>,
    /// Set when the record tables were empty and their indexes and keys wait until the end.
    bulk: Option<BulkLoad>,
    order: KeyOrder,
}

/// Whether each type's keys have come in strictly increasing order so far, as an export
/// lists them. Into tables that were empty, such a key cannot have been written before, so
/// its row may be copied in without a conflict check; once a type's keys go back, the rest
/// of that type is upserted. Keeps one key per type, not a set of every key seen.
#[derive(Default)]
struct KeyOrder {
    last: [Option<String>; 15],
    broken: [bool; 15],
}

impl KeyOrder {
    fn admits(&mut self, (rank, id): &(usize, String)) -> bool {
        let rank = *rank;
        // Version 1.1 types (ranks after the fifteen of 1.0) are always upserted.
        if rank >= self.last.len() {
            return false;
        }
        if self.broken[rank] || self.last[rank].as_ref().is_some_and(|last| last >= id) {
            self.broken[rank] = true;
            self.last[rank] = None;
            return false;
        }
        self.last[rank] = Some(id.clone());
        true
    }
}

impl Importer {
    pub async fn begin(db: &Db) -> Result<Importer, ExchangeError> {
        let mut tx = db.begin().await?;
        let bulk = tx.begin_bulk_load().await?;
        let known = Known::from_index(tx.import_index().await?);
        Ok(Importer {
            tx,
            known,
            pending: Pending::default(),
            errors: Vec::new(),
            total_errors: 0,
            summary: ImportSummary::default(),
            audit: None,
            bulk,
            order: KeyOrder::default(),
        })
    }

    /// Records the problems of a line that could not be parsed. When the line's type and
    /// id could be read, later references to that id are not reported a second time.
    pub fn reject(&mut self, line: usize, rejected: Rejected) {
        if let Some((kind, id)) = &rejected.identity {
            self.known.note_invalid(kind, id);
        }
        self.list(line, rejected.errors);
    }

    fn list(&mut self, line: usize, errors: Vec<FieldError>) {
        for e in errors {
            self.total_errors += 1;
            if self.errors.len() < MAX_LISTED_ERRORS {
                self.errors.push(LineError { line, field: e.field, message: e.message });
            }
        }
    }

    /// Checks the references of a parsed record and queues it for writing.
    pub async fn push(&mut self, line: usize, record: Record) -> Result<(), ExchangeError> {
        let problems = self.known.admit(&record);
        if !problems.is_empty() {
            self.list(line, problems);
            return Ok(());
        }
        self.summary.by_type[record.rank()] += 1;
        // Once any line has failed nothing will be committed, so writing stops; checking goes on.
        if self.total_errors > 0 {
            return Ok(());
        }
        let key = Pending::key(&record);
        let new = self.bulk.is_some() && self.order.admits(&key);
        if self.pending.keys.contains(&key) {
            self.pending.flush(&mut self.tx, self.bulk.is_some()).await?;
        }
        self.pending.add(key, record, new);
        if self.pending.len >= FLUSH_AT {
            self.pending.flush(&mut self.tx, self.bulk.is_some()).await?;
        }
        Ok(())
    }

    /// Commits when every line was good; otherwise rolls back and lists the errors.
    pub async fn finish(mut self) -> Result<ImportSummary, ExchangeError> {
        if self.total_errors > 0 {
            self.tx.rollback().await?;
            return Err(ExchangeError::Refused { errors: self.errors, total: self.total_errors });
        }
        self.pending.flush(&mut self.tx, self.bulk.is_some()).await?;
        let bulk = self.bulk.is_some();
        if let Some(load) = self.bulk.take() {
            self.tx.end_bulk_load(load).await?;
        }
        if let Some(mut entry) = self.audit.take() {
            entry.fields = vec![format!("records={}", self.summary.total())];
            self.tx.audit(&entry).await?;
        }
        let started = std::time::Instant::now();
        self.tx.commit().await?;
        if bulk {
            // The commit brings the course and job facts up to date, and on SQLite copies
            // the write-ahead log into the database file.
            tracing::info!(seconds = format!("{:.1}", started.elapsed().as_secs_f64()), "bulk load: committed");
        }
        Ok(self.summary)
    }
}

/// Records waiting to be written, by type. A key may occur once per batch, because
/// PostgreSQL refuses to update one row twice in a single statement.
#[derive(Default)]
struct Pending {
    offices: Vec<Office>,
    teams: Vec<Team>,
    users: Vec<User>,
    employers: Vec<Employer>,
    contacts: Vec<EmployerContact>,
    participants: Vec<Participant>,
    referrals: Vec<Referral>,
    courses: Vec<Course>,
    phases: Vec<PhaseEntry>,
    passives: Vec<PassivePeriod>,
    jobs: Vec<Job>,
    educations: Vec<Education>,
    measures: Vec<Measure>,
    activities: Vec<Activity>,
    followups: Vec<FollowupCheck>,
    /// Version 1.1 rows, by position in [`CASE_TYPES`], each in its type's field order.
    cases: Vec<Vec<Vec<jobbvei_store::Value>>>,
    keys: HashSet<(usize, String)>,
    /// Types with a row in this batch that may already be stored: those are upserted.
    upsert: [bool; 15],
    len: usize,
}

impl Pending {
    /// The identity of a record within its type.
    fn key(r: &Record) -> (usize, String) {
        let key = match r {
            Record::Phase(p) => format!("{}\u{0}{}", p.course, p.from),
            Record::Passive(p) => format!("{}\u{0}{}", p.course, p.from),
            Record::Case(x) => x.key(),
            other => own_id(other).to_owned(),
        };
        (r.rank(), key)
    }

    fn add(&mut self, key: (usize, String), r: Record, new: bool) {
        if let Some(upsert) = self.upsert.get_mut(key.0) {
            *upsert |= !new;
        }
        self.keys.insert(key);
        self.len += 1;
        match r {
            Record::Office(x) => self.offices.push(x),
            Record::Team(x) => self.teams.push(x),
            Record::User(x) => self.users.push(x),
            Record::Employer(x) => self.employers.push(x),
            Record::EmployerContact(x) => self.contacts.push(x),
            Record::Participant(x) => self.participants.push(x),
            Record::Referral(x) => self.referrals.push(x),
            Record::Course(x) => self.courses.push(x),
            Record::Phase(x) => self.phases.push(x),
            Record::Passive(x) => self.passives.push(x),
            Record::Job(x) => self.jobs.push(x),
            Record::Education(x) => self.educations.push(x),
            Record::Measure(x) => self.measures.push(x),
            Record::Activity(x) => self.activities.push(x),
            Record::FollowupCheck(x) => self.followups.push(x),
            Record::Case(x) => {
                let at = crate::casefile::case_rank(x.kind);
                if self.cases.len() < CASE_TYPES.len() {
                    self.cases.resize_with(CASE_TYPES.len(), Vec::new);
                }
                self.cases[at].push(x.values);
            }
        }
    }

    /// Writes everything queued, referenced types first; in a bulk load, the types whose
    /// rows are all new are copied in.
    async fn flush(&mut self, tx: &mut Tx, bulk: bool) -> Result<(), ExchangeError> {
        let upsert = std::mem::take(&mut self.upsert);
        let new = |rank: usize| bulk && !upsert[rank];
        tx.rows_are_new(new(0));
        tx.upsert_offices(&std::mem::take(&mut self.offices)).await?;
        tx.rows_are_new(new(1));
        tx.upsert_teams(&std::mem::take(&mut self.teams)).await?;
        tx.rows_are_new(new(2));
        tx.upsert_users(&std::mem::take(&mut self.users)).await?;
        tx.rows_are_new(new(3));
        tx.upsert_employers(&std::mem::take(&mut self.employers)).await?;
        tx.rows_are_new(new(4));
        tx.upsert_contacts(&std::mem::take(&mut self.contacts)).await?;
        tx.rows_are_new(new(5));
        tx.upsert_participants(&std::mem::take(&mut self.participants)).await?;
        tx.rows_are_new(new(6));
        tx.upsert_referrals(&std::mem::take(&mut self.referrals)).await?;
        tx.rows_are_new(new(7));
        tx.upsert_courses(&std::mem::take(&mut self.courses)).await?;
        tx.rows_are_new(new(8));
        tx.upsert_phases(&std::mem::take(&mut self.phases)).await?;
        tx.rows_are_new(new(9));
        tx.upsert_passive_periods(&std::mem::take(&mut self.passives)).await?;
        tx.rows_are_new(new(10));
        tx.upsert_jobs(&std::mem::take(&mut self.jobs)).await?;
        tx.rows_are_new(new(11));
        tx.upsert_educations(&std::mem::take(&mut self.educations)).await?;
        tx.rows_are_new(new(12));
        tx.upsert_measures(&std::mem::take(&mut self.measures)).await?;
        tx.rows_are_new(new(13));
        tx.upsert_activities(&std::mem::take(&mut self.activities)).await?;
        tx.rows_are_new(new(14));
        tx.upsert_followup_checks(&std::mem::take(&mut self.followups)).await?;
        tx.rows_are_new(false);
        for (kind, rows) in CASE_TYPES.iter().zip(&mut self.cases) {
            crate::casefile::upsert(tx, kind, &std::mem::take(rows)).await?;
        }
        self.keys.clear();
        self.len = 0;
        Ok(())
    }
}

fn own_id(r: &Record) -> &str {
    match r {
        Record::Office(x) => x.id.as_str(),
        Record::Team(x) => x.id.as_str(),
        Record::User(x) => x.id.as_str(),
        Record::Employer(x) => x.id.as_str(),
        Record::EmployerContact(x) => x.id.as_str(),
        Record::Participant(x) => x.id.as_str(),
        Record::Referral(x) => x.id.as_str(),
        Record::Course(x) => x.id.as_str(),
        Record::Job(x) => x.id.as_str(),
        Record::Education(x) => x.id.as_str(),
        Record::Measure(x) => x.id.as_str(),
        Record::Activity(x) => x.id.as_str(),
        Record::FollowupCheck(x) => x.id.as_str(),
        Record::Phase(x) => x.course.as_str(),
        Record::Passive(x) => x.course.as_str(),
        Record::Case(x) => x.own_id().unwrap_or_default(),
    }
}

type Parsed = (usize, Result<Option<Record>, Rejected>);

enum Message {
    Lines(Vec<Parsed>),
    Failed(std::io::Error),
}

/// Imports exchange-format text. `progress` is told how many bytes have been read so far.
pub async fn import_reader<R>(
    db: &Db,
    reader: R,
    progress: impl Fn(u64) + Send + 'static,
) -> Result<ImportSummary, ExchangeError>
where
    R: BufRead + Send + 'static,
{
    import_reader_audited(db, reader, progress, None).await
}

/// As [`import_reader`], writing `audit` in the import's own transaction when it commits.
pub async fn import_reader_audited<R>(
    db: &Db,
    reader: R,
    progress: impl Fn(u64) + Send + 'static,
    audit: Option<AuditEntry>,
) -> Result<ImportSummary, ExchangeError>
where
    R: BufRead + Send + 'static,
{
    let (sender, mut receiver) = mpsc::channel::<Message>(8);
    let parser = std::thread::spawn(move || parse_all(reader, &sender, &progress));
    let mut importer = Importer::begin(db).await?;
    importer.audit = audit;
    let mut failure = drain(&mut importer, &mut receiver).await?;
    // The parser only ends by returning; a panic there would be a bug worth surfacing.
    if parser.join().is_err() {
        failure.get_or_insert_with(|| std::io::Error::other("the parser thread stopped"));
    }
    if let Some(e) = failure {
        importer.tx.rollback().await?;
        return Err(ExchangeError::Io(e));
    }
    complete(importer, db).await
}

/// Feeds every message to the importer; returns the reader's I/O failure, if any.
async fn drain(
    importer: &mut Importer,
    receiver: &mut mpsc::Receiver<Message>,
) -> Result<Option<std::io::Error>, ExchangeError> {
    let mut failure = None;
    while let Some(message) = receiver.recv().await {
        match message {
            Message::Lines(lines) => {
                for (line, parsed) in lines {
                    match parsed {
                        Ok(Some(record)) => importer.push(line, record).await?,
                        Ok(None) => {}
                        Err(rejected) => importer.reject(line, rejected),
                    }
                }
            }
            Message::Failed(e) => failure = Some(e),
        }
    }
    Ok(failure)
}

fn parse_all<R: BufRead>(mut reader: R, sender: &mpsc::Sender<Message>, progress: &dyn Fn(u64)) {
    let mut buf = Vec::new();
    let mut batch = Vec::with_capacity(LINES_PER_MESSAGE);
    let mut line_no = 0usize;
    let mut read = 0u64;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(n) => {
                line_no += 1;
                read += n as u64;
                let parsed = match std::str::from_utf8(&buf) {
                    Ok(text) => {
                        parse_line(text).map_err(|errors| Rejected { identity: declared_identity(text), errors })
                    }
                    Err(_) => Err(Rejected {
                        identity: None,
                        errors: vec![FieldError { field: "line".into(), message: "is not valid UTF-8".into() }],
                    }),
                };
                batch.push((line_no, parsed));
                if batch.len() == LINES_PER_MESSAGE {
                    progress(read);
                    if sender.blocking_send(Message::Lines(std::mem::take(&mut batch))).is_err() {
                        return;
                    }
                }
            }
            Err(e) => {
                let _ = sender.blocking_send(Message::Failed(e));
                return;
            }
        }
    }
    progress(read);
    let _ = sender.blocking_send(Message::Lines(batch));
}

/// Commits, then readies the tables for the first reads. Rows a bulk load copied in frozen
/// need only fresh statistics; rows upserted into tables that were empty (keys out of order,
/// as the demo generator makes them) would have the first report set a hint bit on, and
/// write back, every page it reads, and could not be read by index alone, so PostgreSQL
/// vacuums the record tables first (docs/benchmarks.md).
async fn complete(importer: Importer, db: &Db) -> Result<ImportSummary, ExchangeError> {
    let unfrozen = importer.bulk.is_some() && importer.order.broken.iter().any(|b| *b);
    let summary = importer.finish().await?;
    if unfrozen {
        db.vacuum_record_tables(true).await?;
    } else {
        db.refresh_statistics().await?;
    }
    Ok(summary)
}

/// Imports records made by `generate` (demo data) through the same checks as a file.
pub async fn import_generated<G>(db: &Db, generate: G) -> Result<ImportSummary, ExchangeError>
where
    G: FnOnce(&mut dyn FnMut(Record)) + Send + 'static,
{
    let (sender, mut receiver) = mpsc::channel::<Message>(8);
    let producer = std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(LINES_PER_MESSAGE);
        let mut n = 0usize;
        let mut open = true;
        generate(&mut |record| {
            n += 1;
            batch.push((n, Ok(Some(record))));
            if open && batch.len() == LINES_PER_MESSAGE {
                open = sender.blocking_send(Message::Lines(std::mem::take(&mut batch))).is_ok();
            }
        });
        if open {
            let _ = sender.blocking_send(Message::Lines(batch));
        }
    });
    let mut importer = Importer::begin(db).await?;
    drain(&mut importer, &mut receiver).await?;
    if producer.join().is_err() {
        importer.tx.rollback().await?;
        return Err(ExchangeError::Io(std::io::Error::other("the demo generator stopped")));
    }
    complete(importer, db).await
}
