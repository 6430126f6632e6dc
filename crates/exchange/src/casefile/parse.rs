//! One version 1.1 line to a [`CaseRecord`], with the same messages as the 1.0 types.

use jobbvei_domain::profile::{SupportLevel, SupportNeed};
use jobbvei_store::Value;
use serde_json::Value as Json;

use super::{CaseRecord, CaseType, Check, Field, Need, Val};
use crate::error::FieldError;
use crate::fields::Fields;

/// Reads every field of `kind` from `f` (errors go to `f`), then the type's own rules.
/// `None` when any field was wrong.
pub(crate) fn parse(kind: &'static CaseType, f: &mut Fields) -> Option<CaseRecord> {
    let before = f.errors.len();
    let values: Vec<Option<Value>> = kind.fields.iter().map(|field| read(f, field)).collect();
    if f.errors.len() > before {
        return None;
    }
    let record = CaseRecord { kind, values: values.into_iter().collect::<Option<Vec<_>>>()? };
    for check in kind.checks {
        if let Some(e) = broken(&record, check) {
            f.errors.push(e);
        }
    }
    (f.errors.len() == before).then_some(record)
}

/// The field's value; `None` once an error has been recorded for it.
fn read(f: &mut Fields, field: &Field) -> Option<Value> {
    let (name, before) = (field.name, f.errors.len());
    let present = f.present(name);
    if field.need == Need::Required && !present {
        f.fail(name, "is required");
        return None;
    }
    let value = match field.val {
        Val::Id | Val::Ref(_) => Value::Text(f.opt_id(name).map(|id| id.as_str().to_owned())),
        Val::Text => {
            let text = f.opt_str(name);
            match field.need {
                Need::Blank => Value::Text(Some(text.unwrap_or_default())),
                _ => Value::Text(text),
            }
        }
        Val::Code(codes) => Value::Text(f.opt_parsed(name, &format!("must be one of {}", (codes.expected)()), |s| {
            (codes.ok)(s).then(|| s.to_owned())
        })),
        Val::List { codes, sep } => Value::Text(list(f, name, codes, sep)),
        Val::Date => Value::Date(f.opt_date(name)),
        Val::Instant => Value::Instant(f.opt_instant(name)),
        Val::Bool => Value::Bool(f.opt_bool(name)),
        Val::Count => Value::Int(f.opt_u32(name).map(i64::from)),
    };
    (f.errors.len() == before).then_some(value)
}

/// A list of strings joined by `sep` as the pages store it; absent is the empty list.
fn list(f: &mut Fields, name: &str, codes: Option<super::Codes>, sep: &str) -> Option<String> {
    let items = f.opt_list(name).unwrap_or_default();
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let text = match item {
            Json::String(s) => s.as_str(),
            _ => {
                f.fail(name, "each item must be a string");
                return None;
            }
        };
        let wrong = match codes {
            Some(codes) if !(codes.ok)(text) => Some(format!("each item must be one of {}", (codes.expected)())),
            // A separator inside an item would split it in two on the way back out.
            _ if text.trim().is_empty() || text.trim() != text || text.contains(',') => {
                Some("each item must be a non-blank text without commas or surrounding spaces".to_owned())
            }
            _ if !jobbvei_domain::bounds::plain_text(text) => Some("must not contain control characters".to_owned()),
            _ => None,
        };
        if let Some(message) = wrong {
            f.fail(name, format!("{message}, got {}", crate::fields::quoted(text)));
            return None;
        }
        out.push(text);
    }
    Some(out.join(sep))
}

fn broken(r: &CaseRecord, check: &Check) -> Option<FieldError> {
    let date = |name| match r.value(name) {
        Some(Value::Date(d)) => *d,
        _ => None,
    };
    let fail = |field: &str, message: String| Some(FieldError { field: field.into(), message });
    match check {
        Check::NotBefore(later, earlier) => match (date(later), date(earlier)) {
            (Some(a), Some(b)) if a < b => fail(later, format!("must not be before {earlier} ({b})")),
            _ => None,
        },
        Check::NeedOfLevel => {
            let level = r.text("level").and_then(SupportLevel::parse)?;
            let need = r.text("need").and_then(SupportNeed::parse)?;
            (need.level() != level).then(|| FieldError {
                field: "need".into(),
                message: format!("\"{need}\" is a need of level \"{}\", not of \"{level}\"", need.level()),
            })
        }
        Check::NotOwnParent => match (r.own_id(), r.text("parent")) {
            (Some(id), Some(parent)) if id == parent => fail("parent", "must not be the item itself".into()),
            _ => None,
        },
    }
}
