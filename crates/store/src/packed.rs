//! Many small rows packed by the database into one text per group. Fetching rows one by one
//! costs more per row than the rest of a national load together (most of a million
//! activities), so loads that read every activity of a period let the database join each
//! group's fields into one string, which is split here again. Fields are separated by the
//! unit separator (U+001F) and records by the record separator (U+001E): no packed value can
//! hold either, as ids may hold no control character (`ExtId`) and the rest are dates,
//! numbers, flags and codes from closed lists. Free text is never packed.

use std::str::Split;

use chrono::NaiveDate;
use jobbvei_domain::kpi::ActivityFact;
use jobbvei_domain::{ActivityKind, ActivityStatus, Channel, Subcategory};

use crate::mapping::corrupt;
use crate::{Db, StoreError};

/// `expr1 || US || expr2 …` over `exprs`, each as text and empty when NULL. On SQLite the
/// records of a group are joined with RS by `group_concat` (the query ends in [`group_by`]).
/// PostgreSQL hands rows over cheaply and aggregates text slowly (measured), so there each
/// row stays one record and `group_by` is empty: the same reading code serves both.
pub(crate) fn packed(db: &Db, exprs: &[&str]) -> String {
    let fields: Vec<String> = exprs.iter().map(|e| format!("COALESCE(CAST({e} AS TEXT), '')")).collect();
    let record = fields.join(&format!(" || '{US}' || "));
    match db {
        Db::Sqlite(_) => format!("group_concat({record}, '{RS}')"),
        Db::Postgres(_) => record,
    }
}

/// `GROUP BY keys` where [`packed`] aggregates, nothing where it does not.
pub(crate) fn group_by(db: &Db, keys: &str) -> String {
    match db {
        Db::Sqlite(_) => format!(" GROUP BY {keys}"),
        Db::Postgres(_) => String::new(),
    }
}

const US: char = '\u{1f}';
const RS: char = '\u{1e}';

/// The records of one packed group, each split into its fields.
pub(crate) fn records(group: &str) -> impl Iterator<Item = Split<'_, char>> {
    group.split(RS).map(|r| r.split(US))
}

/// The activity columns every packed activity starts with, in the order [`activity`] reads them.
pub(crate) const ACTIVITY_FIELDS: [&str; 6] =
    ["a.local_date", "a.kind", "a.status", "a.channel", "a.decision_maker", "a.subcategory"];

/// An activity from the first [`ACTIVITY_FIELDS`] of a packed record; the caller reads any
/// further fields (time and place) from `f`.
pub(crate) fn activity(
    staff: usize,
    course: Option<usize>,
    f: &mut Split<'_, char>,
) -> Result<ActivityFact, StoreError> {
    let mut next = || f.next().unwrap_or_default();
    let (date, kind, status, channel, decision_maker, subcategory) = (next(), next(), next(), next(), next(), next());
    Ok(ActivityFact {
        staff,
        course,
        linked: course.is_some(),
        date: date.parse().map_err(|_| corrupt("activity", "local_date", date))?,
        kind: ActivityKind::parse(kind).ok_or_else(|| corrupt("activity", "kind", kind))?,
        status: ActivityStatus::parse(status).ok_or_else(|| corrupt("activity", "status", status))?,
        channel: Channel::parse(channel),
        decision_maker: flag("activity", "decision_maker", decision_maker)?,
        subcategory: Subcategory::parse(subcategory),
        out_of_office: false,
        minutes: 0,
        travel: 0,
    })
}

/// A packed date, empty when NULL.
pub(crate) fn date(table: &'static str, field: &'static str, s: &str) -> Result<Option<NaiveDate>, StoreError> {
    if s.is_empty() { Ok(None) } else { s.parse().map(Some).map_err(|_| corrupt(table, field, s)) }
}

/// A packed boolean: `1`/`0` from SQLite, `true`/`false` from PostgreSQL, empty when NULL.
pub(crate) fn flag(table: &'static str, field: &'static str, s: &str) -> Result<Option<bool>, StoreError> {
    match s {
        "1" | "true" => Ok(Some(true)),
        "0" | "false" => Ok(Some(false)),
        "" => Ok(None),
        other => Err(corrupt(table, field, other)),
    }
}

/// A packed whole number, empty when NULL.
pub(crate) fn number(table: &'static str, field: &'static str, s: &str) -> Result<Option<i64>, StoreError> {
    if s.is_empty() { Ok(None) } else { s.parse().map(Some).map_err(|_| corrupt(table, field, s)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_numbers_read_both_engines_spelling() {
        assert_eq!(flag("activity", "x", "1").ok(), Some(Some(true)));
        assert_eq!(flag("activity", "x", "false").ok(), Some(Some(false)));
        assert_eq!(flag("activity", "x", "").ok(), Some(None));
        assert!(flag("activity", "x", "yes").is_err());
        assert_eq!(number("activity", "x", "45").ok(), Some(Some(45)));
        assert_eq!(number("activity", "x", "").ok(), Some(None));
        assert!(number("activity", "x", "4,5").is_err());
        let packed = "2024-01-02\u{1f}a,b;c\u{1f}\u{1f}1\u{1e}2024-01-03\u{1f}b\u{1f}x\u{1f}";
        let fields: Vec<Vec<&str>> = records(packed).map(|r| r.collect()).collect();
        assert_eq!(fields, vec![vec!["2024-01-02", "a,b;c", "", "1"], vec!["2024-01-03", "b", "x", ""]]);
        assert_eq!(date("job", "x", "").ok(), Some(None));
        assert!(date("job", "x", "2024-13-01").is_err());
    }
}
