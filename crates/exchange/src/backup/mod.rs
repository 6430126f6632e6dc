//! The backup file: every table of the database (docs/operations.md, "Backup format"),
//! streamed as JSON Lines between a header and a trailer with a SHA-256 checksum.
//!
//! ```text
//! {"format":"jobbvei-backup","version":1,"schema":15}
//! {"table":"office","columns":["id","name"]}
//! ["0314","NAV Sagene"]
//! …
//! {"end":"jobbvei-backup","tables":41,"rows":1234,"sha256":"…"}
//! ```
//!
//! Values are written one way only, so that the same database gives the same bytes on
//! either engine: dates `YYYY-MM-DD`, instants in UTC with `Z` and microseconds only when
//! there are any, decimals as strings in the shortest form that reads back to the same
//! number (no JSON parser can round them), booleans `true`/`false`, absent values `null`.

mod read;
mod value;
mod write;

pub use read::{RestoreSummary, restore};
pub use write::{BackupSummary, backup};

/// The format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u64 = 1;
const FORMAT_NAME: &str = "jobbvei-backup";

/// Why a backup could not be restored. Nothing was written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("this is not a Jobbvei backup file: {0}")]
    NotABackup(String),
    #[error(
        "the backup was made by a newer Jobbvei (backup format {found}, this one reads up to {FORMAT_VERSION}); \
         restore it with that version or newer"
    )]
    NewerFormat { found: u64 },
    #[error(
        "the backup was made at database schema {found}, newer than this Jobbvei's {ours}; restore it with \
         the version that made it or a newer one"
    )]
    NewerSchema { found: i64, ours: i64 },
    #[error("the backup file is damaged at line {line}: {what}")]
    Damaged { line: usize, what: String },
    #[error("the backup file is incomplete: it ends at line {line} without its trailer")]
    Truncated { line: usize },
    #[error("the backup file is damaged: its checksum does not match its content")]
    Checksum,
    #[error("the database is not empty (table {table} has rows); a backup is restored only into an empty database")]
    NotEmpty { table: &'static str },
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
