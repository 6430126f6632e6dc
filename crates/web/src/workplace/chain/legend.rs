//! The job chain's legend under the axis: what the hatching, the markers and the measure band
//! mean, wrapped onto as many lines as the picture's width needs.

use std::fmt::Write;

use super::{LEFT, LEGEND};

/// How wide a legend item is: its mark, its text and the space after it.
fn legend_width(text: &str, font: f64) -> f64 {
    22.0 + text.chars().count() as f64 * font * 0.5636 + 16.0
}

/// The legend's texts, in order.
pub(super) const LEGEND_TEXTS: [&str; 5] =
    ["Ikke arbeid", "Prøvetid slutter", "Planlagt slutt", "Sluttet", "Tiltak (lønnstilskudd o.l.)"];

/// How many lines the legend takes on a picture `width` wide.
pub(super) fn legend_rows(width: f64, font: f64) -> usize {
    let mut rows = 1;
    let mut x = LEFT;
    for text in LEGEND_TEXTS {
        let w = legend_width(text, font);
        if x > LEFT && x + w > width {
            rows += 1;
            x = LEFT;
        }
        x += w;
    }
    rows
}

/// What the marks mean, under the axis: one line on a desktop, as many as it needs on a phone.
pub(super) fn legend(s: &mut String, y: f64, width: f64, font: f64, id: &str) {
    let hatch = format!(
        "<rect x=\"0\" y=\"-9\" width=\"14\" height=\"10\" fill=\"url(#chain-hatch{id})\" stroke=\"#23262a\"/>"
    );
    let marks: [&str; 5] = [
        &hatch,
        "<line x1=\"7\" x2=\"7\" y1=\"-11\" y2=\"3\" stroke=\"#a8590a\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
        "<line x1=\"7\" x2=\"7\" y1=\"-11\" y2=\"3\" stroke=\"#23262a\" stroke-width=\"2\" stroke-dasharray=\"2 2\"/>",
        "<line x1=\"7\" x2=\"7\" y1=\"-11\" y2=\"3\" stroke=\"#c30000\" stroke-width=\"3\"/>",
        "<rect x=\"0\" y=\"-6\" width=\"14\" height=\"7\" fill=\"#06893a\"/>",
    ];
    let (mut x, mut y) = (LEFT, y);
    for (mark, text) in marks.into_iter().zip(LEGEND_TEXTS) {
        let w = legend_width(text, font);
        if x > LEFT && x + w > width {
            (x, y) = (LEFT, y + LEGEND);
        }
        let _ = write!(
            s,
            "<g class=\"legend\" transform=\"translate({x:.1} {y:.1})\">{mark}<text x=\"20\" y=\"0\" font-size=\"{font}\" \
             fill=\"#23262a\">{text}</text></g>"
        );
        x += w;
    }
}
