//! The small surface where the two engines differ in Rust types: binding a value into a
//! bulk statement, and reading a column back. Everything else is written once.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::query_builder::Separated;
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

macro_rules! binder_for {
    ($db:ty) => {
        impl Binder for Separated<'_, $db, &'static str> {
            fn text(&mut self, v: &str) {
                self.push_bind(v.to_owned());
            }
            fn opt_text(&mut self, v: Option<&str>) {
                self.push_bind(v.map(str::to_owned));
            }
            fn date(&mut self, v: NaiveDate) {
                self.push_bind(date_text(v));
            }
            fn opt_date(&mut self, v: Option<NaiveDate>) {
                self.push_bind(v.map(date_text));
            }
            fn instant(&mut self, v: DateTime<Utc>) {
                self.push_bind(v);
            }
            fn opt_instant(&mut self, v: Option<DateTime<Utc>>) {
                self.push_bind(v);
            }
            fn opt_bool(&mut self, v: Option<bool>) {
                self.push_bind(v);
            }
            fn float(&mut self, v: f64) {
                self.push_bind(v);
            }
            fn opt_float(&mut self, v: Option<f64>) {
                self.push_bind(v);
            }
            fn int(&mut self, v: i64) {
                self.push_bind(v);
            }
            fn opt_int(&mut self, v: Option<i64>) {
                self.push_bind(v);
            }
        }
    };
}
binder_for!(Sqlite);

/// A date as SQLite stores it, `YYYY-MM-DD`: the text sqlx's own encoding makes with
/// `format("%F")`, written directly, since interpreting that format string for every date
/// was a few per cent of a large import (profiled).
fn date_text(v: NaiveDate) -> String {
    use chrono::Datelike;
    let year = v.year();
    if !(0..=9999).contains(&year) {
        return v.format("%F").to_string();
    }
    let mut out = String::with_capacity(10);
    let digits = |out: &mut String, n: u32, width: u32| {
        for place in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
        }
    };
    digits(&mut out, year as u32, 4);
    out.push('-');
    digits(&mut out, v.month(), 2);
    out.push('-');
    digits(&mut out, v.day(), 2);
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
}
