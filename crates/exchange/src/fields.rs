//! Reads the fields of one JSON object, collecting a message for every field that is
//! missing, of the wrong kind or not valid, instead of stopping at the first.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use jobbvei_domain::{ExtId, bounds};
use serde_json::{Map, Value};

use crate::error::FieldError;

/// Longest free text accepted in any field; names and codes are far shorter.
const MAX_TEXT: usize = 10_000;

pub(crate) struct Fields {
    map: Map<String, Value>,
    pub errors: Vec<FieldError>,
}

impl Fields {
    pub fn new(map: Map<String, Value>) -> Fields {
        Fields { map, errors: Vec::new() }
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.to_owned(), message: message.into() });
    }

    /// Removes a field; `null` counts as absent.
    fn take(&mut self, name: &str) -> Option<Value> {
        self.map.remove(name).filter(|v| !v.is_null())
    }

    fn required<T>(&mut self, name: &str, value: Option<T>, present: bool) -> Option<T> {
        if !present {
            self.fail(name, "is required");
        }
        value
    }

    pub fn opt_str(&mut self, name: &str) -> Option<String> {
        match self.take(name)? {
            // A character takes at least one byte: most texts need no counting.
            Value::String(s) if s.len() > MAX_TEXT && s.chars().count() > MAX_TEXT => {
                self.fail(name, format!("must be at most {MAX_TEXT} characters"));
                None
            }
            Value::String(s) if !bounds::plain_text(&s) => {
                self.fail(name, "must not contain control characters (newline and tab are allowed)");
                None
            }
            Value::String(s) => Some(s),
            _ => {
                self.fail(name, "must be a string");
                None
            }
        }
    }

    /// A required text that must not be blank.
    pub fn req_str(&mut self, name: &str) -> Option<String> {
        let present = self.map.get(name).is_some_and(|v| !v.is_null());
        let value = self.opt_str(name);
        if present && value.as_deref().is_some_and(|s| s.trim().is_empty()) {
            self.fail(name, "must not be blank");
            return None;
        }
        self.required(name, value, present)
    }

    /// A text parsed by `parse`, with `what` naming the expected form in the message.
    pub fn opt_parsed<T>(&mut self, name: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        self.parsed_or(name, || what.to_owned(), parse)
    }

    /// As [`Fields::opt_parsed`], with the message made only for a value that fails: a
    /// code's list of expected values is long, and nearly every value is good.
    fn parsed_or<T>(
        &mut self,
        name: &str,
        what: impl FnOnce() -> String,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let s = self.opt_str(name)?;
        let parsed = parse(&s);
        if parsed.is_none() {
            self.fail(name, format!("{}, got {}", what(), quoted(&s)));
        }
        parsed
    }

    pub fn req_parsed<T>(&mut self, name: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let present = self.map.get(name).is_some_and(|v| !v.is_null());
        let value = self.opt_parsed(name, what, parse);
        self.required(name, value, present)
    }

    pub fn opt_code<T>(&mut self, name: &str, parse: fn(&str) -> Option<T>, expected: fn() -> String) -> Option<T> {
        self.parsed_or(name, || format!("must be one of {}", expected()), parse)
    }

    pub fn req_code<T>(&mut self, name: &str, parse: fn(&str) -> Option<T>, expected: fn() -> String) -> Option<T> {
        let present = self.map.get(name).is_some_and(|v| !v.is_null());
        let value = self.opt_code(name, parse, expected);
        self.required(name, value, present)
    }

    pub fn opt_id(&mut self, name: &str) -> Option<ExtId> {
        let s = self.opt_str(name)?;
        match ExtId::parse(&s) {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail(name, format!("is not a valid id: {e}"));
                None
            }
        }
    }

    pub fn req_id(&mut self, name: &str) -> Option<ExtId> {
        let present = self.map.get(name).is_some_and(|v| !v.is_null());
        let value = self.opt_id(name);
        self.required(name, value, present)
    }

    pub fn opt_date(&mut self, name: &str) -> Option<NaiveDate> {
        let s = self.opt_str(name)?;
        let parsed = parse_date(&s);
        if parsed.is_none() {
            let what = match parse_any_date(&s) {
                Some(_) => format!("must lie in {}", bounds::range_text()),
                None => "must be a date YYYY-MM-DD".to_owned(),
            };
            self.fail(name, format!("{what}, got {}", quoted(&s)));
        }
        parsed
    }

    pub fn req_date(&mut self, name: &str) -> Option<NaiveDate> {
        let present = self.map.get(name).is_some_and(|v| !v.is_null());
        let value = self.opt_date(name);
        self.required(name, value, present)
    }

    /// Whether the field is there with a value other than `null`.
    pub fn present(&self, name: &str) -> bool {
        self.map.get(name).is_some_and(|v| !v.is_null())
    }

    pub fn req_instant(&mut self, name: &str) -> Option<DateTime<Utc>> {
        let present = self.present(name);
        let value = self.opt_instant(name);
        self.required(name, value, present)
    }

    pub fn opt_instant(&mut self, name: &str) -> Option<DateTime<Utc>> {
        let s = self.opt_str(name);
        s.as_deref().and_then(|s| {
            let parsed = parse_instant(s);
            if parsed.is_none() {
                let what = match parse_any_instant(s) {
                    Some(_) => format!("must lie in {} (Europe/Oslo date)", bounds::range_text()),
                    None => "must be an RFC 3339 time with offset, like 2024-03-04T09:30:00+01:00".to_owned(),
                };
                self.fail(name, format!("{what}, got {}", quoted(s)));
            }
            parsed
        })
    }

    pub fn opt_bool(&mut self, name: &str) -> Option<bool> {
        match self.take(name)? {
            Value::Bool(b) => Some(b),
            _ => {
                self.fail(name, "must be true or false");
                None
            }
        }
    }

    pub fn opt_f64(&mut self, name: &str) -> Option<f64> {
        match self.take(name)? {
            Value::Number(n) => n.as_f64(),
            _ => {
                self.fail(name, "must be a number");
                None
            }
        }
    }

    pub fn opt_u32(&mut self, name: &str) -> Option<u32> {
        match self.take(name)? {
            Value::Number(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Some(n),
                None => {
                    self.fail(name, "must be a whole number, 0 or more");
                    None
                }
            },
            _ => {
                self.fail(name, "must be a whole number");
                None
            }
        }
    }

    pub fn req_u32(&mut self, name: &str) -> Option<u32> {
        let present = self.map.get(name).is_some_and(|v| !v.is_null());
        let value = self.opt_u32(name);
        self.required(name, value, present)
    }

    /// An optional list; `None` when absent, and an error unless it is an array.
    pub fn opt_list(&mut self, name: &str) -> Option<Vec<Value>> {
        match self.take(name)? {
            Value::Array(items) => Some(items),
            _ => {
                self.fail(name, "must be a list");
                None
            }
        }
    }

    /// Whatever fields remain were not expected.
    pub fn finish(mut self) -> Vec<FieldError> {
        let mut unknown: Vec<String> = self.map.keys().cloned().collect();
        unknown.sort();
        for name in unknown {
            self.fail(&name, "unknown field");
        }
        self.errors
    }
}

/// Strictly `YYYY-MM-DD`, in the accepted range (`jobbvei_domain::bounds`).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_any_date(s).filter(|d| bounds::date_ok(*d))
}

/// Strictly `YYYY-MM-DD`, any year.
fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    // The shape is checked, so each part is plain digits: as `%Y-%m-%d` reads them.
    let number = |from: usize, to: usize| b[from..to].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    NaiveDate::from_ymd_opt(number(0, 4) as i32, number(5, 7), number(8, 10))
}

/// RFC 3339 with an explicit offset, truncated to whole seconds: a meeting's start needs
/// no finer grain, and both engines then store exactly the same instant.
pub(crate) fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    parse_any_instant(s).filter(|t| bounds::instant_ok(*t))
}

fn parse_any_instant(s: &str) -> Option<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(s).ok()?.with_timezone(&Utc);
    t.with_nanosecond(0)
}

/// A value quoted for a message, cut short so a huge field cannot flood the output, and
/// with control characters written as escapes (`\u{1b}`): a message goes to a terminal or
/// a page, where a raw escape sequence could recolour or rewrite what is shown.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars().take(40) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2024-2-03").is_none());
        assert!(parse_date("20240203").is_none());
        assert!(parse_date("2024-02-03T00:00").is_none());
        for s in ["2024-00-10", "2024-12-00", "2024-04-31", "2024-13-01", "2023-02-28", "2100-12-31"] {
            assert_eq!(parse_any_date(s), NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(), "{s}");
        }
    }

    #[test]
    fn dates_and_instants_lie_in_the_accepted_range() {
        assert!(parse_date("1900-01-01").is_some() && parse_date("2100-12-31").is_some());
        assert!(parse_date("1899-12-31").is_none() && parse_date("2101-01-01").is_none());
        assert!(parse_date("0000-01-01").is_none());
        assert!(parse_instant("1900-01-01T00:00:00+01:00").is_some());
        assert!(parse_instant("2100-12-31T23:59:59+01:00").is_some());
        assert!(parse_instant("9999-12-31T23:59:59-14:00").is_none());
        assert!(parse_instant("1894-06-01T12:00:00+00:43").is_none());
        let mut f = Fields::new(
            serde_json::json!({"a": "2101-01-01", "b": "2024-13-01", "c": "9999-12-31T23:59:59-14:00", "d": "a\u{0}b"})
                .as_object()
                .unwrap()
                .clone(),
        );
        assert_eq!((f.opt_date("a"), f.opt_date("b"), f.req_instant("c"), f.opt_str("d")), (None, None, None, None));
        let messages: Vec<String> = f.errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        assert_eq!(
            messages,
            [
                "a: must lie in 1900-01-01 to 2100-12-31, got \"2101-01-01\"",
                "b: must be a date YYYY-MM-DD, got \"2024-13-01\"",
                "c: must lie in 1900-01-01 to 2100-12-31 (Europe/Oslo date), got \"9999-12-31T23:59:59-14:00\"",
                "d: must not contain control characters (newline and tab are allowed)",
            ]
        );
    }

    #[test]
    fn quoted_values_are_short_and_show_control_characters_as_escapes() {
        assert_eq!(quoted("vei\u{7}leder \u{1b}[31m"), r#""vei\u{7}leder \u{1b}[31m""#);
        assert_eq!(quoted(&"ø".repeat(41)), format!("\"{}…\"", "ø".repeat(40)));
        assert_eq!(quoted(&"ø".repeat(40)), format!("\"{}\"", "ø".repeat(40)));
    }

    #[test]
    fn instants_need_an_offset() {
        assert!(parse_instant("2024-03-04T09:30:00+01:00").is_some());
        assert!(parse_instant("2024-03-04T09:30:00Z").is_some());
        assert!(parse_instant("2024-03-04T09:30:00").is_none());
        let t = parse_instant("2024-03-04T09:30:00.75+01:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-03-04T08:30:00+00:00");
    }
}
