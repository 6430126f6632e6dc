//! One value, written one canonical way and read back strictly by its column's kind.

use chrono::{DateTime, NaiveDate, SecondsFormat, Timelike, Utc};
use jobbvei_store::{Kind, Value};
use serde_json::Value as Json;

/// Appends `v` as JSON to `out`.
pub(super) fn write(out: &mut Vec<u8>, v: &Value) {
    fn string(out: &mut Vec<u8>, s: &str) {
        // Writing a &str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
    match v {
        Value::Text(Some(s)) => string(out, s),
        Value::Date(Some(d)) => string(out, &d.format("%Y-%m-%d").to_string()),
        Value::Instant(Some(t)) => string(out, &instant(*t)),
        Value::Bool(Some(b)) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(Some(n)) => out.extend_from_slice(n.to_string().as_bytes()),
        // Rust's `Display` is the shortest text that parses back to the same f64.
        Value::Float(Some(x)) => string(out, &x.to_string()),
        _ => out.extend_from_slice(b"null"),
    }
}

/// UTC, `Z`, and six fractional digits only when the instant has a fraction. Both engines
/// keep microseconds at most (PostgreSQL cannot hold more), so finer parts are dropped here.
fn instant(t: DateTime<Utc>) -> String {
    let micros = t.nanosecond() / 1_000 * 1_000;
    let t = t.with_nanosecond(micros).unwrap_or(t);
    let form = if micros == 0 { SecondsFormat::Secs } else { SecondsFormat::Micros };
    t.to_rfc3339_opts(form, true)
}

/// Reads a value of `kind` from JSON; the message says what was expected.
pub(super) fn read(kind: Kind, j: Json) -> Result<Value, String> {
    let text = |j: Json| match j {
        Json::Null => Ok(None),
        Json::String(s) => Ok(Some(s)),
        _ => Err(()),
    };
    let result = match kind {
        Kind::Text => text(j).map(Value::Text),
        Kind::Date => text(j).and_then(|s| s.map(|s| date(&s)).transpose()).map(Value::Date),
        Kind::Instant => text(j).and_then(|s| s.map(|s| parse_instant(&s)).transpose()).map(Value::Instant),
        Kind::Float => text(j).and_then(|s| s.map(|s| s.parse::<f64>().map_err(|_| ())).transpose()).map(Value::Float),
        Kind::Bool => match j {
            Json::Null => Ok(Value::Bool(None)),
            Json::Bool(b) => Ok(Value::Bool(Some(b))),
            _ => Err(()),
        },
        Kind::Int => match j {
            Json::Null => Ok(Value::Int(None)),
            Json::Number(n) => n.as_i64().map(|n| Value::Int(Some(n))).ok_or(()),
            _ => Err(()),
        },
    };
    result.map_err(|()| {
        match kind {
            Kind::Text => "expected text or null",
            Kind::Date => "expected a date YYYY-MM-DD or null",
            Kind::Instant => "expected an instant like 2024-01-15T09:30:00Z or null",
            Kind::Bool => "expected true, false or null",
            Kind::Int => "expected a whole number or null",
            Kind::Float => "expected a decimal number as text or null",
        }
        .to_owned()
    })
}

/// Only the form [`write`] produces.
fn date(s: &str) -> Result<NaiveDate, ()> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ())?;
    if d.format("%Y-%m-%d").to_string() == s { Ok(d) } else { Err(()) }
}

fn parse_instant(s: &str) -> Result<DateTime<Utc>, ()> {
    let t = DateTime::parse_from_rfc3339(s).map_err(|_| ())?.with_timezone(&Utc);
    if instant(t) == s { Ok(t) } else { Err(()) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn text(v: &Value) -> String {
        let mut out = Vec::new();
        write(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn values_have_one_form_and_read_back() {
        let t = DateTime::parse_from_rfc3339("2024-10-28T00:30:00.123456789+01:00").unwrap().with_timezone(&Utc);
        let cases = [
            (Value::Instant(Some(t)), "\"2024-10-27T23:30:00.123456Z\""),
            (Value::Instant(Some(t.with_nanosecond(0).unwrap())), "\"2024-10-27T23:30:00Z\""),
            (Value::Float(Some(0.1)), "\"0.1\""),
            (Value::Float(Some(37.5)), "\"37.5\""),
            (Value::Float(Some(1.0)), "\"1\""),
            (Value::Float(Some(1e300)), &format!("\"1{}\"", "0".repeat(300))),
            (Value::Bool(Some(false)), "false"),
            (Value::Int(Some(-7)), "-7"),
            (Value::Date(None), "null"),
            (Value::Text(Some("a\n\"b\"\tæ".into())), "\"a\\n\\\"b\\\"\\tæ\""),
        ];
        for (v, want) in cases {
            assert_eq!(text(&v), want);
            let kind = match v {
                Value::Instant(_) => Kind::Instant,
                Value::Float(_) => Kind::Float,
                Value::Bool(_) => Kind::Bool,
                Value::Int(_) => Kind::Int,
                Value::Date(_) => Kind::Date,
                Value::Text(_) => Kind::Text,
            };
            let back = read(kind, serde_json::from_str(want).unwrap()).unwrap();
            assert_eq!(text(&back), want, "{want} reads back to itself");
        }
    }

    #[test]
    fn other_forms_are_refused() {
        let j = |s: &str| serde_json::from_str::<Json>(s).unwrap();
        assert!(read(Kind::Date, j("\"2024-1-5\"")).is_err());
        assert!(read(Kind::Instant, j("\"2024-10-28T00:30:00+01:00\"")).is_err(), "only UTC with Z");
        assert!(read(Kind::Float, j("0.1")).is_err(), "decimals travel as text");
        assert!(read(Kind::Int, j("1.5")).is_err());
        assert!(read(Kind::Bool, j("1")).is_err());
        assert!(read(Kind::Text, j("5")).is_err());
    }
}
