//! The survival curves as an SVG of steps: S(t) on the y axis from 100 % down to 0, days on
//! the x axis with ticks at the at-risk days, each curve's 95 % interval as a shaded step
//! band behind it, and the numbers at risk in rows under the axis. Each curve has its own
//! dash pattern as well as its colour, so the lines can be told apart without colour; the
//! tables beside it hold every number drawn. Only attributes and classes, no inline styles:
//! the CSP forbids them.

use jobbvei_domain::survival::{AT_RISK_DAYS, KaplanMeier};

use crate::svg::{self, esc};

const WIDTH: f64 = 720.0;
const PLOT_HEIGHT: f64 = 300.0;
/// Room for the group names of the at-risk rows and the y axis's values.
const LEFT: f64 = 150.0;
const TOP: f64 = 12.0;
const RIGHT: f64 = 20.0;
/// The x axis's values and title under the plot.
const AXIS: f64 = 40.0;
const RISK_ROW: f64 = 18.0;
const STROKES: [(&str, &str); 4] = [("#0067c5", ""), ("#c30000", "8 4"), ("#06893a", "2 3"), ("#23262a", "12 4 2 4")];

/// The most curves drawn with bands and at-risk rows: beyond the four line styles two
/// curves would look alike, and the bands would cover each other.
pub(crate) const DETAILED: usize = STROKES.len();

/// A name short enough for the at-risk rows' margin; the tables carry it whole.
fn short(name: &str) -> String {
    const MAX: usize = 20;
    if name.chars().count() <= MAX {
        name.to_owned()
    } else {
        format!("{}…", name.chars().take(MAX - 1).collect::<String>())
    }
}

/// The band's corners: the interval of each step from its day to the next, forward along the
/// upper bound and back along the lower. Where the interval is undefined (S = 1 before the
/// first event, S = 0, or a variance that is) the band closes to the line.
fn band_points(curve: &KaplanMeier, x: &dyn Fn(u32) -> f64, y: &dyn Fn(f64) -> f64) -> String {
    let mut steps = vec![(0, curve.rows.first().map_or(0, |r| r.day), 1.0, 1.0)];
    for (i, r) in curve.rows.iter().enumerate() {
        let end = curve.rows.get(i + 1).map_or(r.day, |n| n.day);
        steps.push((r.day, end, r.lower.unwrap_or(r.survival), r.upper.unwrap_or(r.survival)));
    }
    let mut points: Vec<String> = Vec::new();
    for (start, end, _, hi) in &steps {
        points.push(format!("{:.1},{:.1}", x(*start), y(*hi)));
        points.push(format!("{:.1},{:.1}", x(*end), y(*hi)));
    }
    for (start, end, lo, _) in steps.iter().rev() {
        points.push(format!("{:.1},{:.1}", x(*end), y(*lo)));
        points.push(format!("{:.1},{:.1}", x(*start), y(*lo)));
    }
    points.join(" ")
}

/// The chart, or an empty string when there is nothing to draw. `curves` are (name, curve),
/// in legend order. With more than [`DETAILED`] curves only the lines are drawn.
pub(crate) fn svg(curves: &[(String, &KaplanMeier)]) -> String {
    if curves.is_empty() {
        return String::new();
    }
    let detailed = curves.len() <= DETAILED;
    let last = curves.iter().flat_map(|(_, c)| c.rows.last().map(|r| r.day)).max().unwrap_or(0).max(365);
    let x = |day: u32| LEFT + f64::from(day) / f64::from(last) * (WIDTH - LEFT - RIGHT);
    let y = |s: f64| TOP + (1.0 - s) * (PLOT_HEIGHT - TOP);
    let risk_rows = if detailed { curves.len() + 1 } else { 0 };
    let height = PLOT_HEIGHT + AXIS + RISK_ROW * risk_rows as f64 + 4.0;
    let mut out = format!(
        "<svg class=\"survival\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"kurve-tittel\" focusable=\"false\">\
         <title id=\"kurve-tittel\">Andel uten lønnet jobb etter dager i forløpet{}; tallene står i tabellene</title>",
        if detailed { ", med 95 % konfidensintervall og antall i risiko" } else { "" }
    );
    // The y axis: gridlines and values every 25 %.
    for s in [0.0, 0.25, 0.5, 0.75, 1.0] {
        out.push_str(&format!(
            "<line class=\"survival-grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c6c2bf\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\">{:.0} %</text>",
            WIDTH - RIGHT,
            y(s),
            y(s),
            LEFT - 6.0,
            y(s) + 4.0,
            s * 100.0
        ));
    }
    out.push_str(&format!(
        "<line class=\"survival-axis\" x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{PLOT_HEIGHT}\" stroke=\"#23262a\"/>\
         <line class=\"survival-axis\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{PLOT_HEIGHT}\" y2=\"{PLOT_HEIGHT}\" stroke=\"#23262a\"/>",
        WIDTH - RIGHT
    ));
    // The x axis: a tick and value at each at-risk day within the curves, and the last day.
    let mut ticks: Vec<u32> = AT_RISK_DAYS.iter().copied().filter(|d| *d <= last).collect();
    if ticks.last().is_some_and(|t| x(last) - x(*t) > 36.0) {
        ticks.push(last);
    }
    for day in &ticks {
        out.push_str(&format!(
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{PLOT_HEIGHT}\" y2=\"{1:.1}\" stroke=\"#23262a\"/>\
             <text x=\"{0:.1}\" y=\"{2:.1}\" text-anchor=\"middle\" font-size=\"12\">{day}</text>",
            x(*day),
            PLOT_HEIGHT + 5.0,
            PLOT_HEIGHT + 18.0
        ));
    }
    out.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">dager fra start</text>",
        (LEFT + WIDTH - RIGHT) / 2.0,
        PLOT_HEIGHT + 34.0
    ));
    if detailed {
        for (i, (_, curve)) in curves.iter().enumerate() {
            out.push_str(&format!(
                "<polygon class=\"survival-band\" points=\"{}\" fill=\"{}\" fill-opacity=\"0.15\" stroke=\"none\"/>",
                band_points(curve, &x, &y),
                STROKES[i].0
            ));
        }
    }
    for (i, (name, curve)) in curves.iter().enumerate() {
        let (colour, dash) = STROKES[i % STROKES.len()];
        let mut d = format!("M{:.1} {:.1}", x(0), y(1.0));
        for row in &curve.rows {
            d.push_str(&format!(" H{:.1} V{:.1}", x(row.day), y(row.survival)));
        }
        let end = curve.rows.last().map_or(0, |r| r.day);
        d.push_str(&format!(" H{:.1}", x(end)));
        let dash = svg::dash(dash);
        out.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}><title>{}</title></path>",
            esc(name)
        ));
    }
    if detailed {
        let top = PLOT_HEIGHT + AXIS + RISK_ROW;
        out.push_str(&format!(
            "<text class=\"survival-risk\" x=\"4\" y=\"{top:.1}\" font-size=\"12\" font-weight=\"bold\">Antall i risiko</text>"
        ));
        for (i, (name, curve)) in curves.iter().enumerate() {
            let row_y = top + RISK_ROW * (i + 1) as f64;
            let (colour, dash) = STROKES[i];
            let dash = svg::dash(dash);
            out.push_str(&format!(
                "<line x1=\"4\" x2=\"24\" y1=\"{0:.1}\" y2=\"{0:.1}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>\
                 <text class=\"survival-risk\" x=\"28\" y=\"{1:.1}\" font-size=\"12\">{2}</text>",
                row_y - 4.0,
                row_y,
                esc(&short(name))
            ));
            for (day, n) in curve.at_risk.iter().filter(|(d, _)| *d <= last) {
                out.push_str(&format!(
                    "<text class=\"survival-risk\" x=\"{:.1}\" y=\"{row_y:.1}\" text-anchor=\"middle\" font-size=\"12\">{n}</text>",
                    x(*day)
                ));
            }
        }
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
    let dash = svg::dash(dash);
    format!(
        "<svg width=\"36\" height=\"10\" aria-hidden=\"true\" focusable=\"false\">\
         <line x1=\"0\" x2=\"36\" y1=\"5\" y2=\"5\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use jobbvei_domain::survival::{Observation, kaplan_meier};

    use super::*;

    #[test]
    fn bands_follow_the_interval_and_rows_give_the_numbers_at_risk() {
        let km = kaplan_meier(&[
            Observation::event(100),
            Observation::event(200),
            Observation::censored(200),
            Observation::event(400),
            Observation::censored(500),
        ]);
        let chart = svg(&[("Team <Nord>".into(), &km)]);
        assert!(chart.contains("<polygon class=\"survival-band\""), "{chart}");
        // x runs from 150 (day 0) to 700 (day 500); y from 12 (100 %) to 300 (0 %). The
        // band's upper bound after day 100 is the row's upper value.
        let row = &km.rows[0];
        let x100 = LEFT + 100.0 / 500.0 * (WIDTH - LEFT - RIGHT);
        let up = TOP + (1.0 - row.upper.unwrap()) * (PLOT_HEIGHT - TOP);
        assert!(chart.contains(&format!("{x100:.1},{up:.1}")), "{chart}");
        // At risk on days 0, 90, 180 and 365 (730 is past the curve): 5, 5, 4, 2.
        for n in ["5", "4", "2"] {
            assert!(chart.contains(&format!("text-anchor=\"middle\" font-size=\"12\">{n}</text>")), "{n}");
        }
        assert!(chart.contains(">Team &lt;Nord&gt;</text>") && chart.contains(">Antall i risiko</text>"));
        for value in ["0 %", "25 %", "50 %", "75 %", "100 %", ">90<", ">365<", ">500<"] {
            assert!(chart.contains(value), "{value}");
        }
        // Five curves: lines only, no bands or at-risk rows.
        let many: Vec<(String, &KaplanMeier)> = (0..5).map(|i| (format!("G{i}"), &km)).collect();
        let chart = svg(&many);
        assert_eq!(chart.matches("<path d=").count(), 5);
        assert!(!chart.contains("survival-band") && !chart.contains("Antall i risiko"));
        assert_eq!(short("Et svært langt teamnavn i Oslo"), "Et svært langt team…");
    }
}
