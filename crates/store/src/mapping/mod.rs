//! How each record maps to its table: the columns, how a row is bound and how it is read.
//! Column order in `COLUMNS` is the order of both `bind_*` and `read_*`.

mod course;
mod organisation;
mod work;

pub(crate) use course::*;
pub(crate) use organisation::*;
pub(crate) use work::*;

use jobbvei_domain::ExtId;

use crate::StoreError;

/// A table that records are upserted into.
pub(crate) struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// The conflict target: the record's identity.
    pub key: &'static [&'static str],
}

impl Table {
    pub fn insert_prefix(&self) -> String {
        format!("INSERT INTO {} ({}) ", self.name, self.columns.join(", "))
    }

    pub fn upsert_suffix(&self) -> String {
        let updates: Vec<String> =
            self.columns.iter().filter(|c| !self.key.contains(c)).map(|c| format!("{c} = excluded.{c}")).collect();
        format!(" ON CONFLICT ({}) DO UPDATE SET {}", self.key.join(", "), updates.join(", "))
    }

    pub fn select_all(&self) -> String {
        format!("SELECT {} FROM {}", self.columns.join(", "), self.name)
    }
}

pub(crate) fn corrupt(table: &'static str, column: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt { table, column, value: value.chars().take(40).collect() }
}

pub(crate) fn ext_id(table: &'static str, column: &'static str, v: String) -> Result<ExtId, StoreError> {
    ExtId::parse(&v).map_err(|_| corrupt(table, column, &v))
}

pub(crate) fn opt_ext_id(
    table: &'static str,
    column: &'static str,
    v: Option<String>,
) -> Result<Option<ExtId>, StoreError> {
    v.map(|v| ext_id(table, column, v)).transpose()
}

/// Parses a stored code with the code list's own parser.
pub(crate) fn code<T>(
    table: &'static str,
    column: &'static str,
    v: String,
    parse: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    parse(&v).ok_or_else(|| corrupt(table, column, &v))
}

pub(crate) fn opt_code<T>(
    table: &'static str,
    column: &'static str,
    v: Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, StoreError> {
    v.map(|v| code(table, column, v, parse)).transpose()
}

pub(crate) fn opt_u32(table: &'static str, column: &'static str, v: Option<i64>) -> Result<Option<u32>, StoreError> {
    v.map(|n| u32::try_from(n).map_err(|_| corrupt(table, column, &n.to_string()))).transpose()
}

/// Lowercased copy of a name for case-insensitive search, since SQLite folds only ASCII.
pub(crate) fn search_key(name: &str) -> String {
    name.to_lowercase()
}
