//! Writes the version 1.1 records of a snapshot, type by type, each in key order (bytewise,
//! numbers as numbers), plan items with every parent before its children.

use std::collections::HashMap;

use chrono::Timelike;
use jobbvei_domain::time::to_oslo_rfc3339;
use jobbvei_store::{Tx, Value, backup_table};

use super::{CASE_TYPES, CaseType, Need, Val};
use crate::error::ExchangeError;
use crate::line::Line;

/// Writes every version 1.1 record through `put`. A database without any writes nothing,
/// so its export is exactly a version 1.0 file.
pub(crate) async fn export(
    tx: &mut Tx,
    put: &mut dyn FnMut(&mut Line) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    for kind in CASE_TYPES {
        let table = backup_table(kind.table)
            .ok_or_else(|| ExchangeError::Io(std::io::Error::other(format!("no table {}", kind.table))))?;
        let at: Vec<usize> = kind
            .fields
            .iter()
            .map(|f| table.columns.iter().position(|(c, _)| *c == f.column).unwrap_or(usize::MAX))
            .collect();
        if at.contains(&usize::MAX) {
            return Err(ExchangeError::Io(std::io::Error::other(format!("{} lacks a column", kind.name))));
        }
        if kind.name == "plan_item" {
            let mut rows: Vec<Vec<Value>> = Vec::new();
            tx.each_backup_row(table, |row| {
                rows.push(at.iter().map(|i| row[*i].clone()).collect());
                Ok::<(), ExchangeError>(())
            })
            .await?;
            for row in parents_first(kind, rows) {
                put(&mut line(kind, &row))?;
            }
        } else {
            let mut row_values = Vec::with_capacity(at.len());
            tx.each_backup_row(table, |row| {
                row_values.clear();
                row_values.extend(at.iter().map(|i| row[*i].clone()));
                put(&mut line(kind, &row_values))
            })
            .await?;
        }
    }
    Ok(())
}

/// Plan items by depth (goals, then their sub-goals, …), by id within a depth, so that every
/// parent comes before the items under it and the order is the same on both engines.
fn parents_first(kind: &CaseType, rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    let (id_at, parent_at) = (kind.field_index("id").unwrap_or(0), kind.field_index("parent").unwrap_or(0));
    let text = |row: &Vec<Value>, i: usize| match &row[i] {
        Value::Text(t) => t.clone(),
        _ => None,
    };
    let parent_of: HashMap<String, Option<String>> =
        rows.iter().filter_map(|r| Some((text(r, id_at)?, text(r, parent_at)))).collect();
    let depth = |id: &str| {
        let (mut d, mut at) = (0usize, id.to_owned());
        // Bounded by the number of items, so a cycle (which import refuses) cannot hang it.
        while let Some(Some(p)) = parent_of.get(&at) {
            d += 1;
            if d > parent_of.len() {
                break;
            }
            at = p.clone();
        }
        d
    };
    let mut keyed: Vec<(usize, String, Vec<Value>)> = rows
        .into_iter()
        .map(|r| {
            let id = text(&r, id_at).unwrap_or_default();
            (depth(&id), id, r)
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1.as_bytes()).cmp(&(b.0, b.1.as_bytes())));
    keyed.into_iter().map(|(_, _, r)| r).collect()
}

fn line(kind: &CaseType, row: &[Value]) -> Line {
    let mut l = Line::new(kind.name);
    for (field, value) in kind.fields.iter().zip(row) {
        let name = field.name;
        match (field.val, value) {
            (Val::List { sep, .. }, Value::Text(Some(s))) => {
                let items: Vec<&str> = s.split(sep.trim()).map(str::trim).filter(|x| !x.is_empty()).collect();
                if !items.is_empty() {
                    l.str_list(name, items.into_iter());
                }
            }
            (_, Value::Text(Some(s))) if field.need == Need::Blank && s.is_empty() => {}
            (_, Value::Text(s)) => _ = l.opt_str(name, s.as_deref()),
            (_, Value::Date(d)) => _ = l.opt_date(name, *d),
            (_, Value::Instant(Some(t))) => {
                // Whole seconds, as import reads instants: a second export is the same.
                let t = t.with_nanosecond(0).unwrap_or(*t);
                l.str(name, &to_oslo_rfc3339(t));
            }
            (_, Value::Bool(b)) => _ = l.opt_bool(name, *b),
            (_, Value::Int(Some(n))) => _ = l.num(name, *n as f64),
            (_, Value::Float(x)) => _ = l.opt_num(name, *x),
            (_, Value::Instant(None) | Value::Int(None)) => {}
        }
    }
    l
}
