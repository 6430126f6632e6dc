//! Time as a parameter: the clock is injected, and every calendar figure is counted in
//! Europe/Oslo, so a meeting at 00:30 on a Monday belongs to that Monday's week.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Oslo;

/// An instant in UTC; calendar questions go through the Oslo helpers below.
pub type Instant = DateTime<Utc>;

/// The source of "now". Production uses [`SystemClock`]; tests pass a [`FixedClock`].
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Europe/Oslo.
    fn today(&self) -> NaiveDate {
        oslo_date(self.now())
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The Europe/Oslo calendar date of an instant.
pub fn oslo_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Oslo).date_naive()
}

/// An instant written with its Europe/Oslo offset, as the exchange format prints it.
pub fn to_oslo_rfc3339(t: DateTime<Utc>) -> String {
    t.with_timezone(&Oslo).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// The instant of a wall-clock time in Oslo; on the autumn overlap the earlier one,
/// and in the spring gap the first valid minute after it.
pub fn oslo_instant(date: NaiveDate, hour: u32, minute: u32) -> Option<DateTime<Utc>> {
    let naive = date.and_hms_opt(hour, minute, 0)?;
    match Oslo.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::None => oslo_instant(date, hour + 1, 0),
    }
}

/// ISO week label of a date, `2024-W07`.
pub fn iso_week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn monday_after_october_change() {
        // 2024-10-27 03:00 CEST became 02:00 CET. Monday 28 Oct 00:30 Oslo = 27 Oct 23:30 UTC.
        let t = utc("2024-10-27T23:30:00Z");
        let d = oslo_date(t);
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 10, 28).unwrap());
        assert_eq!(iso_week_label(d), "2024-W44");
        assert_eq!(to_oslo_rfc3339(t), "2024-10-28T00:30:00+01:00");
    }

    #[test]
    fn summer_offset_and_year_boundary() {
        assert_eq!(to_oslo_rfc3339(utc("2024-06-01T08:00:00Z")), "2024-06-01T10:00:00+02:00");
        // 2024-12-30 is in ISO week 1 of 2025.
        assert_eq!(iso_week_label(NaiveDate::from_ymd_opt(2024, 12, 30).unwrap()), "2025-W01");
    }

    #[test]
    fn oslo_wall_clock() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        // 02:30 does not exist that night; the next valid hour is 03:00 CEST = 01:00 UTC.
        assert_eq!(oslo_instant(d, 2, 30), Some(utc("2024-03-31T01:00:00Z")));
        assert_eq!(oslo_instant(d, 9, 0), Some(utc("2024-03-31T07:00:00Z")));
    }
}
