//! JSON as the exchange format reads it: like `serde_json::Value`, except that an object
//! with the same key twice is refused. serde_json keeps the last of two equal keys, so a
//! line `{"id":"p1",…,"id":"p2"}` would silently become p2; here it is an error, in import
//! lines and API bodies alike.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// What a duplicate key error starts with, so that callers can word it for their reader.
const DUPLICATE: &str = "the key ";

/// Parses one JSON text, refusing duplicate keys at any depth. The error is a message for
/// the reader: `the key "id" appears more than once`, or serde_json's own.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    value.map_err(|e| {
        let text = e.to_string();
        if text.starts_with(DUPLICATE) {
            // "… at line 1 column 20": a line of the file is one line of JSON, so drop it.
            text.split(" at line ").next().unwrap_or(&text).to_owned()
        } else {
            format!("is not valid JSON ({text})")
        }
    })
}

struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("a number must be finite"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(Strict)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Strict)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // One walk of the map for the check and the insert, not two.
            match out.entry(key) {
                Entry::Occupied(o) => {
                    return Err(de::Error::custom(format!("{DUPLICATE}{:?} appears more than once", o.key())));
                }
                Entry::Vacant(v) => {
                    v.insert(map.next_value_seed(Strict)?);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        assert_eq!(parse(r#"{"id":"p1","name":"A","id":"p2"}"#), Err(r#"the key "id" appears more than once"#.into()));
        assert_eq!(
            parse(r#"{"percent":[{"from":"2024-01-01","percent":20,"percent":40}]}"#),
            Err(r#"the key "percent" appears more than once"#.into())
        );
        // Keys that differ only in escaping are the same key.
        assert!(parse(r#"{"id":"a","\u0069d":"b"}"#).is_err());
    }

    #[test]
    fn everything_else_reads_as_serde_json_does() {
        let text = r#"{"a":[1,-2,2.5,true,null,"x\ny"],"b":{"c":{}},"big":18446744073709551615}"#;
        assert_eq!(parse(text), Ok(serde_json::from_str::<Value>(text).unwrap()));
        assert!(parse(r#"{"a":1} x"#).unwrap_err().starts_with("is not valid JSON"));
        assert!(parse("{").unwrap_err().starts_with("is not valid JSON"));
    }
}
