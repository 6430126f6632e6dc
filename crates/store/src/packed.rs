//! Many small rows packed by the database into one text per group. Fetching rows one by one
//! costs more per row than the rest of a national load together (most of a million
//! activities), so loads that read every activity of a period let the database join each
//! group's fields into one string, which is split here again. Only dates, numbers, flags and
//! codes from closed lists are packed: `,` and `;` never occur in them. Ids, which may hold
//! any character, stay in their own columns as the groups' keys.

use crate::mapping::corrupt;
use crate::{Db, StoreError};

/// `expr1 || ',' || expr2 …` over `exprs`, each as text and empty when NULL, joined with `;`
/// across the group by the engine's string aggregate.
pub(crate) fn packed(db: &Db, exprs: &[&str]) -> String {
    let aggregate = match db {
        Db::Sqlite(_) => "group_concat",
        Db::Postgres(_) => "string_agg",
    };
    let fields: Vec<String> = exprs.iter().map(|e| format!("COALESCE(CAST({e} AS TEXT), '')")).collect();
    format!("{aggregate}({}, ';')", fields.join(" || ',' || "))
}

/// The records of one packed group, each split into its fields.
pub(crate) fn records(group: &str) -> impl Iterator<Item = std::str::Split<'_, char>> {
    group.split(';').map(|r| r.split(','))
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
        let fields: Vec<Vec<&str>> = records("2024-01-02,a,,1;2024-01-03,b,x,").map(|r| r.collect()).collect();
        assert_eq!(fields, vec![vec!["2024-01-02", "a", "", "1"], vec!["2024-01-03", "b", "x", ""]]);
    }
}
