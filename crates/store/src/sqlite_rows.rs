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

use futures_util::future;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::StoreError;
use crate::engine::Binder;

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

/// Inserts `rows` with statements `prefix VALUES (…), … suffix`.
pub(crate) async fn insert<T>(
    conn: &mut SqliteConnection,
    prefix: &str,
    suffix: &str,
    columns: usize,
    rows: &[T],
    bind: fn(&mut dyn Binder, &T),
) -> Result<(), StoreError> {
    let build = |chunk: &[T]| {
        let mut qb = QueryBuilder::<Sqlite>::new(prefix);
        qb.push_values(chunk, |mut sep, row| bind(&mut sep, row));
        qb.push(suffix);
        qb
    };
    let mut lengths = chunk_lengths(rows.len(), columns).into_iter();
    let mut at = 0;
    let mut take = |n: usize| {
        let chunk = &rows[at..at + n];
        at += n;
        chunk
    };
    let mut current = lengths.next().map(|n| build(take(n)));
    while let Some(mut qb) = current {
        let following = lengths.next().map(&mut take);
        // `join` polls the execution first, which hands the statement to SQLite's worker
        // thread, and then builds the next one here while the worker runs it.
        let (done, next) = future::join(qb.build().execute(&mut *conn), async { following.map(build) }).await;
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
}
