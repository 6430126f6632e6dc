//! Numbers as the pages show them: rounded, with a decimal comma (one decimal for figures,
//! none for counts), and as the exports write them: unrounded, so a spreadsheet can redo the
//! sums. Shared by `/tall`, its rows, and the reviews' pre-filled figures.

/// One decimal with a decimal comma, halves rounded away from zero ("1,35" → "1,4"); a dash
/// for no value (DOMAIN.md §5: no data is not zero).
pub(crate) fn one(v: Option<f64>) -> String {
    let Some(x) = v.filter(|x| x.is_finite()) else { return "–".into() };
    let r = (x * 10.0).round() / 10.0;
    // `-0.04` rounds to a zero that would print with a sign.
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r:.1}").replace('.', ",")
}

/// A count: no decimals, thousands grouped with a no-break space ("2 250"); a dash for none.
pub(crate) fn count(v: Option<f64>) -> String {
    let Some(x) = v.filter(|x| x.is_finite()) else { return "–".into() };
    let n = x.round().abs() as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    if x.round() < 0.0 { format!("-{out}") } else { out }
}

/// A count where the value is whole, else one decimal: a denominator that is a number of
/// courses reads "12", one that is FTE × weeks "4,4".
pub(crate) fn count_or_one(v: Option<f64>) -> String {
    match v {
        Some(x) if x.fract() == 0.0 => count(Some(x)),
        _ => one(v),
    }
}

/// Unrounded, with a decimal comma, for CSV; empty for no value.
pub(crate) fn exact(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite()).map(|x| x.to_string().replace('.', ",")).unwrap_or_default()
}
