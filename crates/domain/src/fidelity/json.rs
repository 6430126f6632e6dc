//! Typed access to a `serde_json` object, with errors that say where.

use serde_json::{Map, Value};

pub(super) type Obj = Map<String, Value>;

pub(super) fn keys(o: &Obj, allowed: &[&str], ctx: &str) -> Result<(), String> {
    match o.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!("{ctx}: unknown key {k:?}")),
        None => Ok(()),
    }
}

pub(super) fn field<'a>(o: &'a Obj, key: &str, ctx: &str) -> Result<&'a Value, String> {
    o.get(key).ok_or_else(|| format!("{ctx}: {key} missing"))
}

pub(super) fn object<'a>(v: &'a Value, ctx: &str) -> Result<&'a Obj, String> {
    v.as_object().ok_or_else(|| format!("{ctx}: expected an object"))
}

pub(super) fn array<'a>(o: &'a Obj, key: &str, ctx: &str) -> Result<&'a [Value], String> {
    field(o, key, ctx)?.as_array().map(Vec::as_slice).ok_or_else(|| format!("{ctx}: {key} must be a list"))
}

pub(super) fn opt_array<'a>(o: &'a Obj, key: &str, ctx: &str) -> Result<&'a [Value], String> {
    if o.contains_key(key) { array(o, key, ctx) } else { Ok(&[]) }
}

/// A required, non-blank string.
pub(super) fn string(o: &Obj, key: &str, ctx: &str) -> Result<String, String> {
    let s = field(o, key, ctx)?.as_str().ok_or_else(|| format!("{ctx}: {key} must be text"))?;
    if s.trim().is_empty() {
        return Err(format!("{ctx}: {key} is empty"));
    }
    Ok(s.to_owned())
}

/// Absent or null: `None`; otherwise a non-blank string.
pub(super) fn opt_string(o: &Obj, key: &str, ctx: &str) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => string(o, key, ctx).map(Some),
    }
}

/// An optional list of non-blank strings.
pub(super) fn strings(o: &Obj, key: &str, ctx: &str) -> Result<Vec<String>, String> {
    opt_array(o, key, ctx)?
        .iter()
        .map(|v| v.as_str().filter(|s| !s.trim().is_empty()).map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| format!("{ctx}: {key} must be a list of non-empty texts"))
}

pub(super) fn uint(o: &Obj, key: &str, ctx: &str) -> Result<u64, String> {
    field(o, key, ctx)?.as_u64().ok_or_else(|| format!("{ctx}: {key} must be a whole number ≥ 0"))
}

pub(super) fn small(o: &Obj, key: &str, ctx: &str) -> Result<u8, String> {
    u8::try_from(uint(o, key, ctx)?).map_err(|_| format!("{ctx}: {key} must be at most 255"))
}

pub(super) fn code<T>(s: &str, parse: fn(&str) -> Option<T>, expected: fn() -> String, ctx: &str) -> Result<T, String> {
    parse(s).ok_or_else(|| format!("{ctx}: {s:?} is not one of {}", expected()))
}
