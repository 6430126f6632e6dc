//! The values every way in (pages, API, import) accepts, decided once here so that whatever
//! is stored can be exported and imported again unchanged (docs/exchange-format.md, "Value
//! ranges").
//!
//! Why these bounds: a year outside four digits cannot be written as `YYYY-MM-DD`, so an
//! export of it cannot be read back; before 1895 Europe/Oslo ran on local mean time
//! (+00:43), whose odd offset moves an instant on its way through RFC 3339. 1900–2100 holds
//! every birth, course and meeting the work can have, with room on both sides.

use std::ops::RangeInclusive;

use chrono::{DateTime, NaiveDate, Utc};

use crate::time::oslo_date;

/// The years a date may fall in.
pub const YEARS: RangeInclusive<i32> = 1900..=2100;

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("not a date"),
    }
}

/// The first and last day accepted.
pub const FIRST_DAY: NaiveDate = ymd(*YEARS.start(), 1, 1);
pub const LAST_DAY: NaiveDate = ymd(*YEARS.end(), 12, 31);

/// Whether a date lies in [`FIRST_DAY`]`..=`[`LAST_DAY`].
pub fn date_ok(d: NaiveDate) -> bool {
    (FIRST_DAY..=LAST_DAY).contains(&d)
}

/// Whether an instant's Europe/Oslo date lies in the accepted range: the date an export
/// writes, so that the written instant is accepted again.
pub fn instant_ok(t: DateTime<Utc>) -> bool {
    date_ok(oslo_date(t))
}

/// The range in words for a message, `1900-01-01 to 2100-12-31`.
pub fn range_text() -> String {
    format!("{FIRST_DAY} to {LAST_DAY}")
}

/// The range as the pages write dates, `01.01.1900 og 31.12.2100`.
pub fn range_text_nb() -> String {
    format!("{} og {}", FIRST_DAY.format("%d.%m.%Y"), LAST_DAY.format("%d.%m.%Y"))
}

/// Whether a text is plain: no control characters except newline and tab. A carriage
/// return is refused too (the pages turn `\r\n` into `\n` before asking), and so is NUL,
/// which PostgreSQL cannot store in text at all.
pub fn plain_text(s: &str) -> bool {
    // Nearly every text is printable ASCII, which needs no decoding into characters.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t') {
        return true;
    }
    !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_edges_are_inside_and_one_step_beyond_is_not() {
        assert!(date_ok(ymd(1900, 1, 1)) && date_ok(ymd(2100, 12, 31)));
        assert!(!date_ok(ymd(1899, 12, 31)) && !date_ok(ymd(2101, 1, 1)) && !date_ok(ymd(0, 1, 1)));
        assert!(instant_ok(utc("1900-01-01T00:00:00+01:00")));
        assert!(instant_ok(utc("2100-12-31T23:59:59+01:00")));
        // Oslo's date decides: 23:30 UTC on New Year's Eve 2100 is already 2101 in Oslo.
        assert!(!instant_ok(utc("2100-12-31T23:30:00Z")));
        assert!(!instant_ok(utc("1900-01-01T00:00:00+14:00")));
        assert!(!instant_ok(utc("9999-12-31T23:59:59-14:00")));
        assert_eq!(range_text(), "1900-01-01 to 2100-12-31");
        assert_eq!(range_text_nb(), "01.01.1900 og 31.12.2100");
    }

    #[test]
    fn plain_text_keeps_newline_and_tab_only() {
        assert!(plain_text("Linje 1\nLinje 2\tmed tab, æøå ÆØÅ"));
        for bad in ["a\0b", "a\rb", "a\u{1b}[31m", "a\u{7f}", "a\u{85}b"] {
            assert!(!plain_text(bad), "{bad:?}");
        }
    }
}
