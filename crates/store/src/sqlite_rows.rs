//! Many rows into one SQLite table: multi-row `INSERT` statements, as few distinct ones as
//! possible, each built while SQLite runs the one before.
//!
//! A statement of n rows is parsed and compiled once per n and then found in the
//! connection's statement cache. Cut into chunks of any length, every batch's last chunk
//! was a statement never seen before: at national scale one compile per table per batch of
//! 20,000 records, about 6 % of the import's time (profiled). Chunks are therefore powers
//! of two, so a table has at most [`SIZES`] statements; see `connect` for the cache. And
//! since SQLite runs on its own worker thread, the next chunk's values are bound (on the
//! caller's thread) while it executes the current one.

use std::sync::Arc;

use futures_util::future;
use sqlx::{AssertSqlSafe, SqliteConnection};

use crate::StoreError;
use crate::engine::{Binder, SqliteValues};

/// SQLite allows 32,766 bound parameters per statement.
const MAX_PARAMS: usize = 30_000;
/// Rows per statement at most: large enough that a statement's fixed cost is small beside
/// its rows, small enough that the cached statements of every table stay a few megabytes.
const MAX_ROWS: usize = 256;
/// Distinct statement lengths per table: 256, 128, …, 1.
pub(crate) const SIZES: usize = MAX_ROWS.trailing_zeros() as usize + 1;

/// The largest power of two not above `n` (n ≥ 1).
fn power_of_two_below(n: usize) -> usize {
    1 << (usize::BITS - 1 - n.leading_zeros())
}

/// Chunk lengths for `len` rows of `columns` values: whole statements of the largest
/// length first, then the rest in falling powers of two.
pub(crate) fn chunk_lengths(len: usize, columns: usize) -> Vec<usize> {
    let largest = power_of_two_below((MAX_PARAMS / columns.max(1)).clamp(1, MAX_ROWS));
    let mut out = Vec::with_capacity(len / largest + SIZES);
    let mut left = len;
    while left > 0 {
        let n = if left >= largest { largest } else { power_of_two_below(left) };
        out.push(n);
        left -= n;
    }
    out
}

/// The text of a statement of `rows` rows: `prefix VALUES (?, …), … suffix`.
fn statement_text(prefix: &str, suffix: &str, columns: usize, rows: usize) -> Arc<str> {
    let one = format!("({})", vec!["?"; columns].join(", "));
    let mut sql = String::with_capacity(prefix.len() + suffix.len() + 7 + rows * (one.len() + 2));
    sql.push_str(prefix);
    sql.push_str("VALUES ");
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&one);
    }
    sql.push_str(suffix);
    Arc::from(sql)
}

/// Inserts `rows` with statements `prefix VALUES (…), … suffix`. Each length's text is made
/// once per call and shared with every chunk of that length; only the values are bound anew.
pub(crate) async fn insert<T>(
    conn: &mut SqliteConnection,
    prefix: &str,
    suffix: &str,
    columns: usize,
    rows: &[T],
    bind: fn(&mut dyn Binder, &T),
) -> Result<(), StoreError> {
    let mut texts: [Option<Arc<str>>; SIZES] = Default::default();
    let mut build = |chunk: &[T]| {
        let text = texts[chunk.len().trailing_zeros() as usize]
            .get_or_insert_with(|| statement_text(prefix, suffix, columns, chunk.len()))
            .clone();
        let mut values = SqliteValues::default();
        sqlx::Arguments::reserve(&mut values.args, chunk.len() * columns, 0);
        for row in chunk {
            bind(&mut values, row);
        }
        (text, values)
    };
    let mut lengths = chunk_lengths(rows.len(), columns).into_iter();
    let mut at = 0;
    let mut take = |n: usize| {
        let chunk = &rows[at..at + n];
        at += n;
        chunk
    };
    let mut current = lengths.next().map(|n| build(take(n)));
    while let Some((text, values)) = current {
        if let Some(e) = values.error {
            return Err(sqlx::Error::Encode(e).into());
        }
        let following = lengths.next().map(&mut take);
        let statement = sqlx::query_with(AssertSqlSafe(text), values.args);
        // `join` polls the execution first, which hands the statement to SQLite's worker
        // thread, and then binds the next one here while the worker runs it.
        let (done, next) = future::join(statement.execute(&mut *conn), async { following.map(&mut build) }).await;
        done?;
        current = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_powers_of_two_that_add_up() {
        assert_eq!(chunk_lengths(0, 12), Vec::<usize>::new());
        assert_eq!(chunk_lengths(1, 12), vec![1]);
        assert_eq!(chunk_lengths(600, 12), vec![256, 256, 64, 16, 8]);
        // 30,000 parameters hold 120 rows of 250 columns: 64 per statement.
        assert_eq!(chunk_lengths(130, 250), vec![64, 64, 2]);
        for len in [3, 255, 256, 257, 1000, 20_000] {
            let lengths = chunk_lengths(len, 7);
            assert_eq!(lengths.iter().sum::<usize>(), len);
            assert!(lengths.iter().all(|n| n.is_power_of_two() && *n <= MAX_ROWS));
        }
        assert_eq!(SIZES, 9);
    }

    #[test]
    fn statements_list_one_placeholder_per_value() {
        assert_eq!(&*statement_text("INSERT INTO t (a, b) ", "", 2, 1), "INSERT INTO t (a, b) VALUES (?, ?)");
        assert_eq!(
            &*statement_text("INSERT INTO t (a) ", " ON CONFLICT (a) DO NOTHING", 1, 2),
            "INSERT INTO t (a) VALUES (?), (?) ON CONFLICT (a) DO NOTHING"
        );
    }
}
