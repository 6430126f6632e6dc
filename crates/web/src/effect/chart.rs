//! The survival curves as an SVG of steps: S(t) on the y axis from 1 down to 0, days on the
//! x axis with ticks at the at-risk days. Each curve has its own dash pattern as well as its
//! colour, so the lines can be told apart without colour; the table beside it holds the
//! numbers. Only attributes, no inline styles: the CSP forbids them.

use jobbvei_domain::survival::KaplanMeier;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 36.0;
const TOP: f64 = 12.0;
const RIGHT: f64 = 16.0;
const STROKES: [(&str, &str); 4] = [("#0067c5", ""), ("#c30000", "8 4"), ("#06893a", "2 3"), ("#23262a", "12 4 2 4")];
const TICKS: [u32; 5] = [0, 90, 180, 365, 730];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The chart, or an empty string when there is nothing to draw. `curves` are (name, curve),
/// in legend order.
pub(crate) fn svg(curves: &[(String, &KaplanMeier)]) -> String {
    if curves.is_empty() {
        return String::new();
    }
    let last = curves.iter().flat_map(|(_, c)| c.rows.last().map(|r| r.day)).max().unwrap_or(0).max(365);
    let x = |day: u32| LEFT + f64::from(day) / f64::from(last) * (WIDTH - LEFT - RIGHT);
    let y = |s: f64| TOP + (1.0 - s) * (HEIGHT - TOP - BOTTOM);
    let mut out = format!(
        "<svg class=\"survival\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"kurve-tittel\" focusable=\"false\">\
         <title id=\"kurve-tittel\">Andel uten lønnet jobb etter dager i forløpet; tallene står i tabellen</title>"
    );
    for s in [0.0, 0.5, 1.0] {
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c6c2bf\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\">{:.0} %</text>",
            WIDTH - RIGHT,
            y(s),
            y(s),
            LEFT - 6.0,
            y(s) + 4.0,
            s * 100.0
        ));
    }
    for day in TICKS.iter().copied().filter(|d| *d <= last) {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">{day}</text>",
            x(day),
            HEIGHT - BOTTOM + 16.0
        ));
    }
    out.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">dager fra start</text>",
        (LEFT + WIDTH - RIGHT) / 2.0,
        HEIGHT - 4.0
    ));
    for (i, (name, curve)) in curves.iter().enumerate() {
        let (colour, dash) = STROKES[i % STROKES.len()];
        let mut d = format!("M{:.1} {:.1}", x(0), y(1.0));
        for row in &curve.rows {
            d.push_str(&format!(" H{:.1} V{:.1}", x(row.day), y(row.survival)));
        }
        let end = curve.rows.last().map_or(0, |r| r.day);
        d.push_str(&format!(" H{:.1}", x(end)));
        let dash = if dash.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{dash}\"") };
        out.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}><title>{}</title></path>",
            escape(name)
        ));
    }
    out.push_str("</svg>");
    out
}

/// A short sample of curve number `line`'s stroke (1-based) for the table, or nothing for a
/// group that is not drawn.
pub(crate) fn legend(line: usize) -> String {
    if line == 0 {
        return String::new();
    }
    let (colour, dash) = STROKES[(line - 1) % STROKES.len()];
    let dash = if dash.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{dash}\"") };
    format!(
        "<svg width=\"36\" height=\"10\" aria-hidden=\"true\" focusable=\"false\">\
         <line x1=\"0\" x2=\"36\" y1=\"5\" y2=\"5\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/></svg>"
    )
}
