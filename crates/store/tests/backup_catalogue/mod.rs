//! The backup's catalogue against the live schema: every table the migrations create is
//! either backed up, column for column, or listed as excluded with a reason. A migration
//! that adds a table or a column fails here until `store/src/backup/catalogue.rs` says
//! what a backup does with it.

use std::collections::BTreeMap;

use jobbvei_store::testing::both;
use jobbvei_store::{BACKUP_TABLES, EXCLUDED, Engine, Kind};

/// PostgreSQL's name for each kind's column type (SQLite's declared types do not tell a
/// date from text, so there only the names are compared).
fn pg_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Date => "date",
        Kind::Instant => "timestamp with time zone",
        Kind::Bool => "boolean",
        Kind::Int => "bigint",
        Kind::Float => "double precision",
    }
}

#[tokio::test]
async fn every_table_is_backed_up_or_excluded() {
    for s in both("catalogue").await {
        let mut live: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (table, column, ty) in s.db.schema_columns().await.unwrap() {
            live.entry(table).or_default().push((column, ty.to_lowercase()));
        }
        assert!(live.len() > 40, "{}: the schema was read ({} tables)", s.label, live.len());
        let mut problems = Vec::new();
        for (table, columns) in &live {
            if EXCLUDED.iter().any(|e| e.name == table) {
                continue;
            }
            let Some(t) = BACKUP_TABLES.iter().find(|t| t.name == table) else {
                problems.push(format!("table {table} is neither backed up nor excluded"));
                continue;
            };
            for (column, ty) in columns {
                match t.column(column) {
                    None => problems.push(format!("column {table}.{column} is not backed up")),
                    Some(kind) if s.db.engine() == Engine::Postgres && pg_type(kind) != ty => {
                        problems.push(format!("column {table}.{column} is {ty}, backed up as {kind:?}"))
                    }
                    Some(_) => {}
                }
            }
            for (column, _) in t.columns {
                if !columns.iter().any(|(c, _)| c == column) {
                    problems.push(format!("backed-up column {table}.{column} is not in the schema"));
                }
            }
        }
        for t in BACKUP_TABLES.iter().map(|t| t.name).chain(EXCLUDED.iter().map(|e| e.name)) {
            if !live.contains_key(t) {
                problems.push(format!("listed table {t} is not in the schema"));
            }
        }
        assert!(problems.is_empty(), "{}:\n{}", s.label, problems.join("\n"));
        s.remove().await;
    }
}

#[test]
fn every_exclusion_says_why() {
    for e in EXCLUDED {
        assert!(e.why.len() > 30, "{} needs a reason", e.name);
        assert!(!BACKUP_TABLES.iter().any(|t| t.name == e.name), "{} is both backed up and excluded", e.name);
    }
}

/// The person report (innsyn) and retention read `PERSON_TABLES`: a table that refers to a
/// participant, course, job or measure and is missing there would be left out of both.
#[test]
fn every_person_table_is_in_the_report() {
    use jobbvei_store::PERSON_TABLES;
    for t in BACKUP_TABLES {
        let about_person = t.name == "participant"
            || ["participant_id", "course_id", "job_id", "measure_id"].iter().any(|c| t.column(c).is_some());
        if about_person {
            assert!(PERSON_TABLES.iter().any(|(n, _)| *n == t.name), "{} is not in PERSON_TABLES", t.name);
        }
    }
    for (name, _) in PERSON_TABLES {
        assert!(BACKUP_TABLES.iter().any(|t| t.name == *name), "{name} is not a table");
    }
}
