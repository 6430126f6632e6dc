//! The small surface where the two engines differ in Rust types: binding a value into a
//! bulk statement, and reading a column back. Everything else is written once.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Row, Sqlite};

use crate::StoreError;

/// Binds one row's values in column order: into a multi-row `INSERT` on SQLite, into one
/// array per column on PostgreSQL (`columns::Columns`). The method called fixes the SQL
/// type, whether or not the value is `None`.
pub(crate) trait Binder {
    fn text(&mut self, v: &str);
    fn opt_text(&mut self, v: Option<&str>);
    fn date(&mut self, v: NaiveDate);
    fn opt_date(&mut self, v: Option<NaiveDate>);
    fn instant(&mut self, v: DateTime<Utc>);
    fn opt_instant(&mut self, v: Option<DateTime<Utc>>);
    fn opt_bool(&mut self, v: Option<bool>);
    fn float(&mut self, v: f64);
    fn opt_float(&mut self, v: Option<f64>);
    fn int(&mut self, v: i64);
    fn opt_int(&mut self, v: Option<i64>);
}

/// One multi-row `INSERT`'s arguments on SQLite. Each text goes in as an `Arc<str>`, one
/// allocation where sqlx's `String` encoding made two, and instants are written directly in
/// the text sqlx's own encoding makes, not through chrono's formatter: both showed in a
/// profile of the importer's thread, which binds every value of a bulk load.
#[derive(Default)]
pub(crate) struct SqliteValues {
    pub args: sqlx::sqlite::SqliteArguments,
    /// The first value that could not be encoded (none of the kinds here can fail).
    pub error: Option<sqlx::error::BoxDynError>,
}

impl SqliteValues {
    fn add<'t, T: sqlx::Encode<'t, Sqlite> + sqlx::Type<Sqlite>>(&mut self, v: T) {
        if let Err(e) = sqlx::Arguments::add(&mut self.args, v) {
            self.error.get_or_insert(e);
        }
    }
}

impl Binder for SqliteValues {
    fn text(&mut self, v: &str) {
        self.add(Arc::<str>::from(v));
    }
    fn opt_text(&mut self, v: Option<&str>) {
        self.add(v.map(Arc::<str>::from));
    }
    fn date(&mut self, v: NaiveDate) {
        self.add(Arc::<str>::from(date_text(v)));
    }
    fn opt_date(&mut self, v: Option<NaiveDate>) {
        self.add(v.map(|d| Arc::<str>::from(date_text(d))));
    }
    fn instant(&mut self, v: DateTime<Utc>) {
        self.add(Arc::<str>::from(instant_text(v)));
    }
    fn opt_instant(&mut self, v: Option<DateTime<Utc>>) {
        self.add(v.map(|t| Arc::<str>::from(instant_text(t))));
    }
    fn opt_bool(&mut self, v: Option<bool>) {
        self.add(v);
    }
    fn float(&mut self, v: f64) {
        self.add(v);
    }
    fn opt_float(&mut self, v: Option<f64>) {
        self.add(v);
    }
    fn int(&mut self, v: i64) {
        self.add(v);
    }
    fn opt_int(&mut self, v: Option<i64>) {
        self.add(v);
    }
}

/// An instant as sqlx stores it on SQLite, `to_rfc3339_opts(AutoSi, false)`:
/// `2025-03-04T08:30:00+00:00`, written directly for whole seconds in years 0–9999 (every
/// instant the exchange format accepts), through chrono otherwise.
fn instant_text(v: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let date = v.date_naive();
    let time = v.time();
    if time.nanosecond() != 0 || !(0..=9999).contains(&chrono::Datelike::year(&date)) {
        return v.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    }
    let mut out = date_text(date);
    out.reserve(15);
    out.push('T');
    push_digits(&mut out, time.hour(), 2);
    out.push(':');
    push_digits(&mut out, time.minute(), 2);
    out.push(':');
    push_digits(&mut out, time.second(), 2);
    out.push_str("+00:00");
    out
}

fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// A date as SQLite stores it, `YYYY-MM-DD`: the text sqlx's own encoding makes with
/// `format("%F")`, written directly, since interpreting that format string for every date
/// was a few per cent of a large import (profiled).
fn date_text(v: NaiveDate) -> String {
    use chrono::Datelike;
    let year = v.year();
    if !(0..=9999).contains(&year) {
        return v.format("%F").to_string();
    }
    let mut out = String::with_capacity(25);
    push_digits(&mut out, year as u32, 4);
    out.push('-');
    push_digits(&mut out, v.month(), 2);
    out.push('-');
    push_digits(&mut out, v.day(), 2);
    out
}

/// Reads a column by position, whatever the engine.
pub(crate) trait Col {
    fn text(&self, i: usize) -> Result<String, StoreError>;
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError>;
    fn date(&self, i: usize) -> Result<NaiveDate, StoreError>;
    fn opt_date(&self, i: usize) -> Result<Option<NaiveDate>, StoreError>;
    fn instant(&self, i: usize) -> Result<DateTime<Utc>, StoreError>;
    fn opt_instant(&self, i: usize) -> Result<Option<DateTime<Utc>>, StoreError>;
    fn opt_bool(&self, i: usize) -> Result<Option<bool>, StoreError>;
    fn float(&self, i: usize) -> Result<f64, StoreError>;
    fn opt_float(&self, i: usize) -> Result<Option<f64>, StoreError>;
    fn int(&self, i: usize) -> Result<i64, StoreError>;
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError>;
}

macro_rules! col_for {
    ($row:ty) => {
        impl Col for $row {
            fn text(&self, i: usize) -> Result<String, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn date(&self, i: usize) -> Result<NaiveDate, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn opt_date(&self, i: usize) -> Result<Option<NaiveDate>, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn instant(&self, i: usize) -> Result<DateTime<Utc>, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn opt_instant(&self, i: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn opt_bool(&self, i: usize) -> Result<Option<bool>, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn float(&self, i: usize) -> Result<f64, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn opt_float(&self, i: usize) -> Result<Option<f64>, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn int(&self, i: usize) -> Result<i64, StoreError> {
                Ok(self.try_get(i)?)
            }
            fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
                Ok(self.try_get(i)?)
            }
        }
    };
}
col_for!(sqlx::sqlite::SqliteRow);
col_for!(sqlx::postgres::PgRow);

/// A row read from column `.1` on: for a statement that reads two tables side by side, so
/// each table's reader reads its own columns from 0 as it does alone.
pub(crate) struct Shifted<'a, R>(pub &'a R, pub usize);

impl<R: Col> Col for Shifted<'_, R> {
    fn text(&self, i: usize) -> Result<String, StoreError> {
        self.0.text(self.1 + i)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        self.0.opt_text(self.1 + i)
    }
    fn date(&self, i: usize) -> Result<NaiveDate, StoreError> {
        self.0.date(self.1 + i)
    }
    fn opt_date(&self, i: usize) -> Result<Option<NaiveDate>, StoreError> {
        self.0.opt_date(self.1 + i)
    }
    fn instant(&self, i: usize) -> Result<DateTime<Utc>, StoreError> {
        self.0.instant(self.1 + i)
    }
    fn opt_instant(&self, i: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.0.opt_instant(self.1 + i)
    }
    fn opt_bool(&self, i: usize) -> Result<Option<bool>, StoreError> {
        self.0.opt_bool(self.1 + i)
    }
    fn float(&self, i: usize) -> Result<f64, StoreError> {
        self.0.float(self.1 + i)
    }
    fn opt_float(&self, i: usize) -> Result<Option<f64>, StoreError> {
        self.0.opt_float(self.1 + i)
    }
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.0.int(self.1 + i)
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        self.0.opt_int(self.1 + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_sqlx_writes_them() {
        for (y, m, d) in [(2025, 1, 5), (1900, 12, 31), (9, 2, 3), (9999, 12, 31), (-1, 1, 1), (10_000, 1, 1)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_text(date), date.format("%F").to_string());
        }
        assert_eq!(date_text(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()), "2026-11-20");
    }

    #[test]
    fn instants_are_written_as_sqlx_writes_them() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        for s in [
            "2025-03-04T09:30:00+01:00",
            "1900-01-01T00:00:00+00:00",
            "2100-12-31T23:59:59-14:00",
            "0009-02-03T04:05:06+00:00",
            "2025-03-04T09:30:00.5+01:00",
            "2025-03-04T09:30:00.000123+01:00",
            "9999-12-31T23:59:59+00:00",
        ] {
            let t = at(s);
            assert_eq!(instant_text(t), t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false), "{s}");
        }
        assert_eq!(instant_text(at("2026-11-20T08:15:00+01:00")), "2026-11-20T07:15:00+00:00");
    }
}
