//! Many small rows packed by the database into one text per group. Fetching rows one by one
//! costs more per row than the rest of a national load together (most of a million
//! activities), so loads that read every activity of a period let the database join each
//! group's fields into one string, which is split here again; on SQLite the KPI load packs
//! its courses, jobs and their facts too (`kpi::unpack`). Fields are separated by the
//! unit separator (U+001F) and records by the record separator (U+001E): no packed value can
//! hold either, as ids may hold no control character (`ExtId`) and the rest are dates,
//! numbers, flags and codes from closed lists. Free text is never packed.

use std::str::Split;

use chrono::NaiveDate;
use jobbvei_domain::kpi::{ActivityFact, StoredActivity};
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
        Db::Sqlite(..) => format!("group_concat({record}, '{RS}')"),
        Db::Postgres(_) => record,
    }
}

/// `GROUP BY keys` where [`packed`] aggregates, nothing where it does not.
pub(crate) fn group_by(db: &Db, keys: &str) -> String {
    match db {
        Db::Sqlite(..) => format!(" GROUP BY {keys}"),
        Db::Postgres(_) => String::new(),
    }
}

const US: char = '\u{1f}';
const RS: char = '\u{1e}';

/// The records of one packed group, each split into its fields.
pub(crate) fn records(group: &str) -> impl Iterator<Item = Split<'_, char>> {
    group.split(RS).map(|r| r.split(US))
}

/// The activity columns a packed activity starts with when its meeting fields are read, in the
/// order [`stored`] reads them; without them only `a.local_date` and `a.status`.
pub(crate) const ACTIVITY_FIELDS: [&str; 6] =
    ["a.local_date", "a.kind", "a.status", "a.channel", "a.decision_maker", "a.subcategory"];

/// What a packed activity holds next when its time is read, in the order [`stored`] reads it.
pub(crate) const TIME_FIELDS: [&str; 4] = ["a.out_of_office", "a.minutes", "a.travel_to", "a.travel_from"];

/// A packed activity's date and stored fields: [`ACTIVITY_FIELDS`] when `meetings` (else the
/// date and status, and any kind: no figure asked for looks at it), then [`TIME_FIELDS`] when
/// `time`. What they mean to the rules is [`StoredActivity::fact`]'s to say.
pub(crate) fn stored(
    f: &mut Split<'_, char>,
    meetings: bool,
    time: bool,
    linked: bool,
) -> Result<(NaiveDate, StoredActivity), StoreError> {
    let mut next = || f.next().unwrap_or_default();
    let date = next();
    let date = date.parse().map_err(|_| corrupt("activity", "local_date", date))?;
    let kind = if meetings {
        let kind = next();
        ActivityKind::parse(kind).ok_or_else(|| corrupt("activity", "kind", kind))?
    } else {
        ActivityKind::Other
    };
    let status = next();
    let status = ActivityStatus::parse(status).ok_or_else(|| corrupt("activity", "status", status))?;
    let mut a = StoredActivity { linked, ..StoredActivity::bare(kind, status) };
    if meetings {
        let (channel, decision_maker, subcategory) = (next(), next(), next());
        a.channel = Channel::parse(channel);
        a.decision_maker = flag("activity", "decision_maker", decision_maker)?;
        a.subcategory = Subcategory::parse(subcategory);
    }
    if time {
        let (out_of_office, length, travel_to, travel_from) = (next(), next(), next(), next());
        a.out_of_office = flag("activity", "out_of_office", out_of_office)?;
        a.minutes = number("activity", "minutes", length)?;
        a.travel_to = number("activity", "travel_to", travel_to)?;
        a.travel_from = number("activity", "travel_from", travel_from)?;
    }
    Ok((date, a))
}

/// An activity of [`ACTIVITY_FIELDS`] as the rules see it, at `staff` and `course`.
pub(crate) fn activity(
    staff: usize,
    course: Option<usize>,
    f: &mut Split<'_, char>,
) -> Result<ActivityFact, StoreError> {
    let (date, a) = stored(f, true, false, course.is_some())?;
    Ok(a.fact(staff, course, date))
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
