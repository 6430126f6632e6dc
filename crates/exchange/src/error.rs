//! Errors of the exchange layer. A refused import lists every problem by line and field.

use std::fmt;

use jobbvei_store::StoreError;

/// One field of one record that is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// `line N: field: what is wrong`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.message)
    }
}

/// How many errors a refused import lists before it only counts the rest.
pub const MAX_LISTED_ERRORS: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The import was refused and nothing was written.
    #[error("{}", render_refusal(.errors, *.total))]
    Refused { errors: Vec<LineError>, total: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    #[error("could not read or write the file: {0}")]
    Io(#[from] std::io::Error),
}

fn render_refusal(errors: &[LineError], total: usize) -> String {
    let mut out = format!("import refused, nothing was written ({total} error{}):", if total == 1 { "" } else { "s" });
    for e in errors {
        out.push('\n');
        out.push_str(&e.to_string());
    }
    if total > errors.len() {
        out.push_str(&format!("\n… and {} more errors", total - errors.len()));
    }
    out
}
