//! The exchange format of `../shared/spec/exchange-format.md` (JSON Lines, version 1, and our
//! version 1.1 with the Jobbvei-side records of `docs/exchange-format.md`):
//! parsing and checking lines, importing all-or-nothing, exporting in a stable order, and
//! synthetic demo data that enters through the same importer.
//!
//! This crate decides what a valid file is; it leaves SQL to the store.

pub mod backup;
pub mod casefile;
pub mod demo;
pub mod error;
pub mod export;
mod fields;
pub mod import;
mod known;
mod line;
pub mod parse;
pub mod record;
pub mod strict;

pub use error::{ExchangeError, LineError};
pub use export::{export, record_json};
pub use import::{ImportSummary, Importer, import_reader, import_reader_audited};
pub use record::Record;
