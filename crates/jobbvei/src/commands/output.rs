//! Small writers shared by the commands that print rows.

/// A CSV cell, quoted when it holds a separator, a quote or a line break.
pub fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// A JSON string literal.
pub fn json_text(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// A JSON number: whole numbers without a fraction, `null` for none.
pub fn json_num(v: Option<f64>) -> String {
    match v {
        None => "null".into(),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        Some(x) => serde_json::Value::from(x).to_string(),
    }
}

pub use jobbvei_domain::excel::{EXCEL_BOM, excel_cell, excel_num};
