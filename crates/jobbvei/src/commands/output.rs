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

/// A cell for Norwegian Excel (`;`-separated): a start that Excel would read as a formula
/// (`=`, `+`, `-`, `@`) is neutralised with `'`, and `;`, quotes and line breaks are quoted.
pub fn excel_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([';', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// A number for Norwegian Excel: a decimal comma, empty for none.
pub fn excel_num(v: Option<f64>) -> String {
    v.map(|x| x.to_string().replace('.', ",")).unwrap_or_default()
}

/// The start of a file for Norwegian Excel: UTF-8 is recognised by its byte-order mark.
pub const EXCEL_BOM: &str = "\u{feff}";
