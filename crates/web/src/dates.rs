//! The one way the pages write a date or an instant: `02.12.2026` and `02.12.2026 kl. 08.15`,
//! in Europe/Oslo whatever the server's zone. Two places keep ISO `YYYY-MM-DD` on purpose,
//! because machines read them: the value of an `<input type="date">` (the browser's wire
//! format) and the date columns of CSV files. KPI period labels (`2026-11`, `2026-W47`) are
//! DOMAIN.md's names for periods, not dates. See `docs/names-and-dates.md`.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Europe::Oslo;
use jobbvei_domain::bounds;

/// A date typed as the browser's date field sends it (`2026-12-02`), and only within the
/// range every way in accepts (`jobbvei_domain::bounds`); `None` otherwise, and the form
/// says how to write a date.
pub(crate) fn typed_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|d| bounds::date_ok(*d))
}

/// Why a typed date was not taken.
pub(crate) enum BadDate {
    /// Not a date in either way of writing one.
    Unreadable,
    /// A real date, outside the range every way in accepts.
    OutOfRange,
}

/// A date typed into a page as the browser's date field sends it (`2026-12-02`) or as a person
/// writes it (`02.12.2026`), within the range every way in accepts (`jobbvei_domain::bounds`).
pub(crate) fn typed(s: &str) -> Result<NaiveDate, BadDate> {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y")) {
        Ok(d) if bounds::date_ok(d) => Ok(d),
        Ok(_) => Err(BadDate::OutOfRange),
        Err(_) => Err(BadDate::Unreadable),
    }
}

/// The message for a real date outside the accepted range, for forms that can say it.
pub(crate) fn out_of_range() -> String {
    format!("Datoen må være mellom {}.", bounds::range_text_nb())
}

/// A calendar date: `02.12.2026`. Written from the date's numbers, as `strftime`'s
/// `%d.%m.%Y` writes years 0 to 9999 (every year the pages accept): a busy page shows a
/// hundred dates, and parsing the pattern for each was 2 % of the participant page's CPU.
pub(crate) fn day(d: NaiveDate) -> String {
    if (0..=9999).contains(&d.year()) {
        format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
    } else {
        d.format("%d.%m.%Y").to_string()
    }
}

/// An instant, in Oslo: `02.12.2026 kl. 08.15`.
pub(crate) fn moment(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Oslo);
    format!("{} kl. {:02}.{:02}", day(local.date_naive()), local.hour(), local.minute())
}

/// The Oslo date of an instant, when the time of day does not matter: `02.12.2026`.
pub(crate) fn day_of(t: DateTime<Utc>) -> String {
    day(jobbvei_domain::time::oslo_date(t))
}

/// The Oslo time of day of an instant, for lists that are already under a date: `08.15`.
pub(crate) fn clock(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Oslo);
    format!("{:02}.{:02}", local.hour(), local.minute())
}

/// The calendar month of a date, in words: `desember 2026`. (KPI periods keep their labels.)
pub(crate) fn month(d: NaiveDate) -> String {
    const NAMES: [&str; 12] = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    format!("{} {}", NAMES[d.month0() as usize], d.year())
}

/// A date for a CSV file or a form field's value: `2026-12-02`.
pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn dates_have_two_digit_day_and_month() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(day(d), "02.12.2026");
        assert_eq!(iso(d), "2026-12-02");
        assert_eq!(day(NaiveDate::from_ymd_opt(2025, 1, 31).unwrap()), "31.01.2025");
        assert_eq!(month(d), "desember 2026");
        assert_eq!(month(NaiveDate::from_ymd_opt(2025, 1, 31).unwrap()), "januar 2025");
    }

    #[test]
    fn instants_are_oslo_wall_clock_in_winter_and_summer() {
        // Winter: UTC+1.
        assert_eq!(moment(utc("2026-12-02T07:15:00Z")), "02.12.2026 kl. 08.15");
        assert_eq!(clock(utc("2026-12-02T07:15:00Z")), "08.15");
        // Summer: UTC+2.
        assert_eq!(moment(utc("2026-06-30T06:05:00Z")), "30.06.2026 kl. 08.05");
        // Late evening UTC is already the next day in Oslo.
        assert_eq!(moment(utc("2026-12-31T23:30:00Z")), "01.01.2027 kl. 00.30");
        assert_eq!(day_of(utc("2026-12-31T23:30:00Z")), "01.01.2027");
    }

    #[test]
    fn written_as_strftime_writes_them() {
        // Every day of four centuries and the years at the edges, and an instant every 7 h
        // 13 min over three years (every hour, minute step and both clock changes).
        let mut d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        while d.year() < 2300 {
            assert_eq!(day(d), d.format("%d.%m.%Y").to_string());
            d = d.succ_opt().unwrap();
        }
        for y in [0, 9, 99, 999, 9999, 10_000, -1] {
            let d = NaiveDate::from_ymd_opt(y, 3, 4).unwrap();
            assert_eq!(day(d), d.format("%d.%m.%Y").to_string(), "{y}");
        }
        let mut t = utc("2024-01-01T00:00:00Z");
        while t < utc("2027-01-01T00:00:00Z") {
            let local = t.with_timezone(&Oslo);
            assert_eq!(moment(t), local.format("%d.%m.%Y kl. %H.%M").to_string());
            assert_eq!(clock(t), local.format("%H.%M").to_string());
            t += chrono::Duration::minutes(7 * 60 + 13);
        }
    }
}
