//! What the server-drawn pictures (the job chain, the survival curves, the `/tall` charts)
//! share: text escaped for SVG content and attribute values, and the dash attribute. They
//! are written as markup with presentation attributes only, since the CSP allows no inline
//! style.

/// Text for SVG content and attribute values: `&`, `<`, `>`, `"` and `'` escaped.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// ` stroke-dasharray="…"` for a dash pattern, nothing for a solid line.
pub(crate) fn dash(pattern: &str) -> String {
    if pattern.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{pattern}\"") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(super::esc("Ås & <b>\"x\" 'y'"), "Ås &amp; &lt;b&gt;&quot;x&quot; &#39;y&#39;");
        assert_eq!(super::dash(""), "");
        assert_eq!(super::dash("8 4"), " stroke-dasharray=\"8 4\"");
    }
}
