//! A rule broken by a record, named by the field it concerns.

/// One thing wrong with a record. Import prefixes the line number; the UI shows the
/// message next to the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub message: String,
}

impl Problem {
    pub fn new(field: &'static str, message: impl Into<String>) -> Problem {
        Problem { field, message: message.into() }
    }
}

/// Collects `field must not be before other` problems for optional dates.
pub(crate) fn not_before<T: PartialOrd>(
    out: &mut Vec<Problem>,
    field: &'static str,
    value: Option<T>,
    other_field: &str,
    other: T,
) {
    if let Some(v) = value
        && v < other
    {
        out.push(Problem::new(field, format!("must not be before {other_field}")));
    }
}
