//! PostgreSQL's `COPY … FROM STDIN` in text format, for rows that are known to be new: the
//! server parses tab-separated text straight into the table, with no statement to plan,
//! no arrays to unpack and no conflict check per row. Used only by a bulk load (see
//! `bulk`), where the tables started empty and the importer knows no key repeats.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use crate::StoreError;
use crate::engine::Binder;
use crate::mapping::Table;

/// Rows sent per `CopyData` message; bounded so a large batch is not held twice.
const SEND_BYTES: usize = 1 << 20;

/// One row after another in COPY's text format: values separated by tabs, rows ended by a
/// newline, `\N` for NULL, and backslash escapes for the characters that would break them.
struct CopyText {
    buf: String,
    first_in_row: bool,
}

impl CopyText {
    fn start(&mut self) {
        if !self.first_in_row {
            self.buf.push('\t');
        }
        self.first_in_row = false;
    }

    fn end_row(&mut self) {
        self.buf.push('\n');
        self.first_in_row = true;
    }

    fn null(&mut self) {
        self.start();
        self.buf.push_str("\\N");
    }

    fn escaped(&mut self, v: &str) {
        self.start();
        for c in v.chars() {
            match c {
                '\\' => self.buf.push_str("\\\\"),
                '\t' => self.buf.push_str("\\t"),
                '\n' => self.buf.push_str("\\n"),
                '\r' => self.buf.push_str("\\r"),
                c => self.buf.push(c),
            }
        }
    }

    fn display(&mut self, v: impl std::fmt::Display) {
        self.start();
        let _ = write!(self.buf, "{v}");
    }
}

impl Binder for CopyText {
    fn text(&mut self, v: &str) {
        self.escaped(v);
    }
    fn opt_text(&mut self, v: Option<&str>) {
        match v {
            Some(v) => self.escaped(v),
            None => self.null(),
        }
    }
    fn date(&mut self, v: NaiveDate) {
        self.display(v.format("%Y-%m-%d"));
    }
    fn opt_date(&mut self, v: Option<NaiveDate>) {
        match v {
            Some(v) => self.date(v),
            None => self.null(),
        }
    }
    fn instant(&mut self, v: DateTime<Utc>) {
        // Microseconds, truncated, as the binary encoding of the other path sends them.
        self.display(v.format("%Y-%m-%dT%H:%M:%S%.6fZ"));
    }
    fn opt_instant(&mut self, v: Option<DateTime<Utc>>) {
        match v {
            Some(v) => self.instant(v),
            None => self.null(),
        }
    }
    fn opt_bool(&mut self, v: Option<bool>) {
        match v {
            Some(v) => self.display(if v { 't' } else { 'f' }),
            None => self.null(),
        }
    }
    fn float(&mut self, v: f64) {
        // Rust prints the shortest text that reads back as the same f64; so does the server.
        if v.is_finite() {
            self.display(v);
        } else if v.is_nan() {
            self.display("NaN");
        } else {
            self.display(if v > 0.0 { "Infinity" } else { "-Infinity" });
        }
    }
    fn opt_float(&mut self, v: Option<f64>) {
        match v {
            Some(v) => self.float(v),
            None => self.null(),
        }
    }
    fn int(&mut self, v: i64) {
        self.display(v);
    }
    fn opt_int(&mut self, v: Option<i64>) {
        match v {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }
}

/// Appends `rows` to `table` with one `COPY`. Any row the table refuses fails the whole
/// statement (and with it the import's transaction). `freeze` only where the table was
/// emptied by `TRUNCATE` in this transaction, as PostgreSQL requires.
pub(crate) async fn copy_in<T>(
    conn: &mut PgConnection,
    table: &Table,
    rows: &[T],
    bind: fn(&mut dyn Binder, &T),
    freeze: bool,
) -> Result<(), StoreError> {
    copy_columns(conn, table.name, table.columns, rows, bind, freeze).await
}

/// [`copy_in`] for any table and a list of its columns, in the order `bind` gives values.
pub(crate) async fn copy_columns<T>(
    conn: &mut PgConnection,
    table: &str,
    columns: &[&str],
    rows: &[T],
    bind: fn(&mut dyn Binder, &T),
    freeze: bool,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    // FREEZE writes the rows with their visibility settled and the visibility map set, as a
    // VACUUM would; the first reads after the import then neither set hint bits on (and
    // write back) every page nor fall back from index-only scans to the table.
    let with = if freeze { " WITH (FREEZE)" } else { "" };
    let sql = format!("COPY {table} ({}) FROM STDIN{with}", columns.join(", "));
    let mut copy = conn.copy_in_raw(&sql).await?;
    let mut text = CopyText { buf: String::with_capacity(SEND_BYTES + 4096), first_in_row: true };
    for row in rows {
        bind(&mut text, row);
        text.end_row();
        if text.buf.len() >= SEND_BYTES {
            if let Err(e) = copy.send(std::mem::take(&mut text.buf).into_bytes()).await {
                let _ = copy.abort("the client could not send").await;
                return Err(e.into());
            }
            text.buf.reserve(SEND_BYTES + 4096);
        }
    }
    if !text.buf.is_empty()
        && let Err(e) = copy.send(text.buf.into_bytes()).await
    {
        let _ = copy.abort("the client could not send").await;
        return Err(e.into());
    }
    copy.finish().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(f: impl FnOnce(&mut CopyText)) -> String {
        let mut t = CopyText { buf: String::new(), first_in_row: true };
        f(&mut t);
        t.end_row();
        t.buf
    }

    #[test]
    fn values_are_separated_escaped_and_null_marked() {
        let line = row(|t| {
            t.text("a\tb\\c\nd\re");
            t.opt_text(None);
            t.opt_bool(Some(true));
            t.int(-7);
            t.float(0.1);
            t.date(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap());
        });
        assert_eq!(line, "a\\tb\\\\c\\nd\\re\t\\N\tt\t-7\t0.1\t2024-03-04\n");
    }

    #[test]
    fn instants_are_utc_to_the_microsecond() {
        let at = DateTime::parse_from_rfc3339("2024-10-27T23:30:00.1234567+01:00").unwrap().with_timezone(&Utc);
        assert_eq!(row(|t| t.instant(at)), "2024-10-27T22:30:00.123456Z\n");
    }
}
