//! Cells for Norwegian Excel, shared by the command line and the pages so that a download
//! from either is the same file: `;` between cells, a decimal comma, a byte-order mark.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_separators_quoted() {
        assert_eq!(excel_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(excel_cell("a;b"), "\"a;b\"");
        assert_eq!(excel_cell("t1"), "t1");
        assert_eq!(excel_num(Some(33.5)), "33,5");
        assert_eq!(excel_num(None), "");
    }
}
