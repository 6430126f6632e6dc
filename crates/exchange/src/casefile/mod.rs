//! Version 1.1 of the exchange format: the Jobbvei-side records a person's record consists of
//! (vocational profile versions, disclosure plan, support needs, plan, referral details,
//! cooperation agreements, outreach, interval reports, handover plans, placement purposes).
//!
//! They live in Jobbvei's own tables, which the backup already describes column by column, so
//! each type here is a table of fields over one backup table rather than a struct of its own:
//! one description drives parsing, reference checks, writing and export, and a field cannot
//! mean one thing on the way in and another on the way out. docs/exchange-format.md lists them.

mod parse;
mod types;
mod write;

pub(crate) use parse::parse;
pub use types::CASE_TYPES;
pub(crate) use write::export;

use jobbvei_store::Value;

/// What another record a field refers to is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Participant,
    User,
    Team,
    Course,
    Job,
    PlanItem,
}

/// A closed code list from the domain.
#[derive(Debug, Clone, Copy)]
pub struct Codes {
    pub ok: fn(&str) -> bool,
    pub expected: fn() -> String,
}

/// What a field holds, and so how it is read, checked and written.
#[derive(Debug, Clone, Copy)]
pub enum Val {
    /// The record's own id.
    Id,
    /// The id of another record, which must exist.
    Ref(Target),
    Text,
    Code(Codes),
    /// A JSON list of strings, stored as one text joined by `sep`; items from `codes` if given.
    List {
        codes: Option<Codes>,
        sep: &'static str,
    },
    Date,
    Instant,
    Bool,
    /// A whole number, 0 or more.
    Count,
}

/// Whether a field must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    /// Absent or `null` is stored as NULL, and NULL is left out.
    Optional,
    /// A text the database always holds: absent is stored as empty text, and empty text is
    /// left out, as the format leaves out every field without a value.
    Blank,
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub column: &'static str,
    pub val: Val,
    pub need: Need,
}

/// A rule between two fields of one record.
#[derive(Debug)]
pub enum Check {
    /// The first date is not before the second (both optional).
    NotBefore(&'static str, &'static str),
    /// A support need belongs to the level given with it.
    NeedOfLevel,
    /// A plan item's parent is not the item itself.
    NotOwnParent,
}

/// One record type of version 1.1.
#[derive(Debug)]
pub struct CaseType {
    pub name: &'static str,
    /// The backup table that holds it (`jobbvei_store::backup_table`).
    pub table: &'static str,
    pub fields: &'static [Field],
    /// The fields that say which record it is: an import of the same key updates it.
    pub key: &'static [&'static str],
    pub checks: &'static [Check],
}

impl CaseType {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Whether others can refer to it by an `id` of its own.
    pub fn has_id(&self) -> bool {
        self.fields.iter().any(|f| matches!(f.val, Val::Id))
    }
}

/// A parsed version 1.1 record: its type and one value per field, in the type's field order.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub kind: &'static CaseType,
    pub values: Vec<Value>,
}

impl PartialEq for CaseRecord {
    fn eq(&self, other: &Self) -> bool {
        self.kind.name == other.kind.name && self.values == other.values
    }
}

impl CaseRecord {
    pub fn value(&self, field: &str) -> Option<&Value> {
        self.kind.field_index(field).map(|i| &self.values[i])
    }

    pub fn text(&self, field: &str) -> Option<&str> {
        match self.value(field)? {
            Value::Text(t) => t.as_deref(),
            _ => None,
        }
    }

    /// The record's own id, for the types that have one.
    pub fn own_id(&self) -> Option<&str> {
        self.text("id")
    }

    /// The record's identity within its type: its key fields' values.
    pub fn key(&self) -> String {
        let parts: Vec<String> = self.kind.key.iter().map(|k| self.value(k).map(shown).unwrap_or_default()).collect();
        parts.join("\u{0}")
    }

    /// Every reference: (field name, target, id).
    pub fn references(&self) -> impl Iterator<Item = (&'static str, Target, &str)> {
        self.kind.fields.iter().zip(&self.values).filter_map(|(f, v)| match (f.val, v) {
            (Val::Ref(target), Value::Text(Some(id))) => Some((f.name, target, id.as_str())),
            _ => None,
        })
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Text(x) => x.clone().unwrap_or_default(),
        Value::Date(x) => x.map(|d| d.to_string()).unwrap_or_default(),
        Value::Int(x) => x.map(|n| n.to_string()).unwrap_or_default(),
        other => format!("{other:?}"),
    }
}

/// The type of that name, if it is one of version 1.1.
pub fn case_type(name: &str) -> Option<&'static CaseType> {
    CASE_TYPES.iter().find(|t| t.name == name)
}

/// Position of a type in [`CASE_TYPES`].
pub fn case_rank(kind: &CaseType) -> usize {
    CASE_TYPES.iter().position(|t| t.name == kind.name).unwrap_or(0)
}

/// Writes `rows` of `kind` (values in field order), replacing records with the same key.
pub(crate) async fn upsert(
    tx: &mut jobbvei_store::Tx,
    kind: &CaseType,
    rows: &[Vec<Value>],
) -> Result<(), crate::ExchangeError> {
    if rows.is_empty() {
        return Ok(());
    }
    let table = jobbvei_store::backup_table(kind.table)
        .ok_or_else(|| crate::ExchangeError::Io(std::io::Error::other(format!("no table {}", kind.table))))?;
    let columns: Vec<&str> = kind.fields.iter().map(|f| f.column).collect();
    let key: Vec<&str> =
        kind.key.iter().filter_map(|k| kind.fields.iter().find(|f| f.name == *k).map(|f| f.column)).collect();
    tx.upsert_backup_rows(table, &columns, &key, rows).await?;
    Ok(())
}
