//! The job chain drawn over time: one bar per job on a month axis, its height and shade
//! following the job-percentage steps, unpaid placements hatched and labelled "ikke arbeid",
//! markers for probation end, planned end and actual end, and the job's measures (wage
//! subsidy and the like) as a band under it. Server-rendered SVG with presentation
//! attributes only, because the CSP allows no inline style and the page has no script; the
//! same facts stand in a table beside it for screen readers and print.

mod axis;
mod legend;

use std::fmt::Write;

pub(crate) use crate::dates::day as date;
use crate::svg::esc;
use axis::{Axis, bar_end, segments};
use chrono::{Datelike, Duration, NaiveDate};
use legend::{legend, legend_rows};

/// One job in the chain, as the picture needs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    /// Form and title, e.g. "Jobbsmak · Miljøarbeider".
    pub label: String,
    /// Jobbsmak and arbeidstrening: hatched, and labelled as not work.
    pub unpaid: bool,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// How it ended, as shown: "avsluttet av arbeidsgiver", "utløpt" …
    pub ended_by: Option<&'static str>,
    pub probation_end: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    /// (from, percent), sorted by date.
    pub steps: Vec<(NaiveDate, f64)>,
    pub bands: Vec<Band>,
}

/// A measure linked to the job, drawn under its bar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Band {
    pub label: String,
    pub from: NaiveDate,
    /// Open: until the bar ends.
    pub to: Option<NaiveDate>,
}

pub(crate) const WIDTH: f64 = 720.0;
const LEFT: f64 = 10.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 22.0;
const ROW: f64 = 78.0;
/// The height of a bar at 100 %.
const BAR: f64 = 32.0;
/// The height of a bar whose percentage is not recorded (drawn outlined).
const UNKNOWN_BAR: f64 = 14.0;
/// The narrowest piece of a bar, in px.
const MIN_BAR: f64 = 6.0;
const AXIS: f64 = 40.0;
const LEGEND: f64 = 30.0;

/// How a picture is drawn: wide for a desktop, or narrow with larger text and fewer month labels
/// for a phone, where the wide one would shrink its text to a few pixels.
pub(crate) struct Frame {
    width: f64,
    /// The size of every text but the job's label.
    font: f64,
    label_font: f64,
    max_month_labels: usize,
    /// Appended to the picture's ids, so both pictures can be on one page.
    id: &'static str,
}

pub(crate) const WIDE: Frame = Frame { width: WIDTH, font: 11.0, label_font: 12.0, max_month_labels: 12, id: "" };
pub(crate) const PHONE: Frame = Frame { width: 360.0, font: 14.0, label_font: 15.0, max_month_labels: 4, id: "-mobil" };

const MONTHS: [&str; 12] =
    ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."];

pub(crate) fn percent(p: f64) -> String {
    format!("{} %", p.to_string().replace('.', ","))
}

/// Shade of a percentage step: (fill, text colour), light to dark as the percentage grows,
/// each text colour at 4.5:1 or more against its fill.
pub(crate) fn shade(p: f64) -> (&'static str, &'static str) {
    if p <= 30.0 {
        ("#b3d4f5", "#23262a")
    } else if p <= 60.0 {
        ("#66a3e0", "#23262a")
    } else {
        ("#00347d", "#ffffff")
    }
}

fn marker(s: &mut String, x: f64, y: f64, dash: &str, colour: &str, width: f64, title: &str) {
    let _ = write!(
        s,
        "<line class=\"marker\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" \
         stroke-width=\"{width}\"{dash}><title>{}</title></line>",
        y - 2.0,
        y + BAR + 4.0,
        esc(title)
    );
}

/// The first line of a row: number, label, period and how it ended.
pub(crate) fn row_text(n: usize, l: &Link) -> String {
    let mut t = format!("{n}. {}", l.label);
    if l.unpaid {
        t.push_str(" – ikke arbeid");
    }
    let _ = write!(t, " · {} – {}", date(l.start), l.end.map(date).unwrap_or_else(|| "pågår".into()));
    if let Some(by) = l.ended_by {
        let _ = write!(t, " ({by})");
    }
    t
}

/// The picture. `summary` is the text alternative (`<desc>`); the page's table says the same.
pub(crate) fn svg(links: &[Link], today: NaiveDate, summary: &str) -> String {
    draw(links, today, summary, &WIDE)
}

/// The picture drawn for a phone: 360 wide, larger text, at most four month labels.
pub(crate) fn svg_phone(links: &[Link], today: NaiveDate, summary: &str) -> String {
    draw(links, today, summary, &PHONE)
}

fn draw(links: &[Link], today: NaiveDate, summary: &str, f: &Frame) -> String {
    let Some(axis) = Axis::of(links, today) else { return String::new() };
    let (width, font, id) = (f.width, f.font, f.id);
    let x_of = |d: NaiveDate| axis.x_in(d, width);
    let legend_rows = legend_rows(width, font);
    let height = TOP + ROW * links.len() as f64 + AXIS + LEGEND * legend_rows as f64;
    let mut s = format!(
        "<svg class=\"chain-picture\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"chain-title{id} chain-desc{id}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chain-title{id}\">Jobbkjeden over tid</title><desc id=\"chain-desc{id}\">{}</desc>\
         <defs><pattern id=\"chain-hatch{id}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#49515e\" stroke-width=\"3\"/></pattern></defs>",
        esc(summary)
    );
    let plot_bottom = TOP + ROW * links.len() as f64;
    // Month grid and labels, at most about twelve (four on a phone) whatever the span.
    let months = axis.months();
    let every = months.len().div_ceil(f.max_month_labels).max(1);
    for (i, m) in months.iter().enumerate() {
        let x = x_of(*m);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{TOP}\" y2=\"{:.1}\" stroke=\"#ecedef\" stroke-width=\"1\"/>",
            plot_bottom + 4.0
        );
        // No label on the last tick, nor where it would run off the right edge.
        if i % every == 0 && i + 1 < months.len() && x < width - RIGHT - font * 4.5 {
            let label = format!("{} {}", MONTHS[m.month0() as usize], m.year());
            let _ = write!(
                s,
                "<text class=\"month\" x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{font}\" fill=\"#23262a\">{}</text>",
                plot_bottom + 18.0,
                esc(&label)
            );
        }
    }
    let _ = write!(
        s,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#49515e\" stroke-width=\"1\"/>",
        width - RIGHT,
        plot_bottom + 4.0,
        plot_bottom + 4.0
    );
    let hatch = format!("url(#chain-hatch{id})");
    for (i, l) in links.iter().enumerate() {
        let y0 = TOP + ROW * i as f64;
        let bar_top = y0 + 20.0;
        let bar_bottom = bar_top + BAR;
        let _ = write!(s, "<g class=\"job{}\">", if l.unpaid { " unpaid" } else { "" });
        let _ = write!(
            s,
            "<text class=\"job-label\" x=\"{LEFT}\" y=\"{:.1}\" font-size=\"{}\" fill=\"#23262a\">{}</text>",
            f.label_font,
            y0 + 14.0,
            esc(&row_text(i + 1, l))
        );
        for (from, to, p) in segments(l, today) {
            let (x1, x2) = (x_of(from), x_of(to));
            // A few days on a span of years would vanish: never narrower than MIN_BAR.
            let w = (x2 - x1).max(MIN_BAR);
            let h = p.map_or(UNKNOWN_BAR, |p| (BAR * p / 100.0).clamp(4.0, BAR));
            let (fill, ink) = p.map_or(("#ecedef", "#23262a"), shade);
            let fill = if l.unpaid { hatch.as_str() } else { fill };
            let dash = if p.is_none() || l.unpaid { " stroke-dasharray=\"4 2\"" } else { "" };
            let _ = write!(
                s,
                "<rect class=\"step\" x=\"{x1:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{fill}\" \
                 stroke=\"#23262a\" stroke-width=\"1\"{dash}/>",
                bar_bottom - h
            );
            if let Some(p) = p
                && w >= 34.0
                && !l.unpaid
            {
                // Inside a tall enough bar, else just above it.
                let (ty, colour) = if h >= 14.0 { (bar_bottom - 4.0, ink) } else { (bar_bottom - h - 3.0, "#23262a") };
                let _ = write!(
                    s,
                    "<text class=\"pct\" x=\"{:.1}\" y=\"{ty:.1}\" font-size=\"{font}\" fill=\"{colour}\">{}</text>",
                    x1 + 3.0,
                    esc(&percent(p))
                );
            }
        }
        if let Some(d) = l.probation_end {
            marker(&mut s, x_of(d), bar_top, " stroke-dasharray=\"5 3\"", "#a8590a", 2.0, "Prøvetid slutter");
        }
        if let Some(d) = l.planned_end {
            marker(&mut s, x_of(d), bar_top, " stroke-dasharray=\"2 2\"", "#23262a", 2.0, "Planlagt slutt");
        }
        if let Some(d) = l.end {
            let who = l.ended_by.map(|b| format!("Sluttet: {b}")).unwrap_or_else(|| "Sluttet".into());
            marker(&mut s, x_of(d), bar_top, "", "#c30000", 3.0, &who);
        }
        for b in &l.bands {
            let from = b.from.max(l.start);
            let to = b.to.unwrap_or_else(|| bar_end(l, today)).max(from + Duration::days(1));
            let (x1, x2) = (x_of(from), x_of(to));
            let _ = write!(
                s,
                "<rect class=\"band\" x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"7\" fill=\"#06893a\"/>\
                 <text class=\"band-label\" x=\"{x1:.1}\" y=\"{:.1}\" font-size=\"{font}\" fill=\"#23262a\">{}</text>",
                bar_bottom + 6.0,
                (x2 - x1).max(2.0),
                bar_bottom + 25.0,
                esc(&b.label)
            );
        }
        s.push_str("</g>");
    }
    // Today.
    let xt = x_of(today);
    let _ = write!(
        s,
        "<line class=\"today\" x1=\"{xt:.1}\" x2=\"{xt:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#0067c5\" \
         stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{font}\" fill=\"#0056b4\" \
         text-anchor=\"end\">i dag</text>",
        TOP - 4.0,
        plot_bottom + 4.0,
        xt - 2.0,
        TOP - 8.0
    );
    legend(&mut s, plot_bottom + AXIS, width, font, id);
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    pub(super) fn link(start: &str, end: Option<&str>) -> Link {
        Link {
            label: "Tidsbegrenset · Vikar".into(),
            unpaid: false,
            start: d(start),
            end: end.map(d),
            ended_by: None,
            probation_end: None,
            planned_end: None,
            steps: Vec::new(),
            bands: Vec::new(),
        }
    }

    #[test]
    fn the_picture_draws_one_group_per_job_with_heights_by_percent() {
        // Axis 1 Jan – 1 Mar 2026 (59 days): the vikariat's 20 % piece runs from 5 January
        // (x = 10 + 4/59 × 700 = 57.5) to 16 February (x = 10 + 46/59 × 700 = 555.8), and is
        // 32 × 20 % = 6.4 high, so its top is at 22 + 78 + 20 + 32 − 6.4 = 145.6.
        let mut smak = link("2026-01-02", Some("2026-01-03"));
        smak.unpaid = true;
        smak.label = "Jobbsmak · Miljøarbeider <verksted>".into();
        smak.ended_by = Some("avsluttet av arbeidstaker");
        let mut vik = link("2026-01-05", None);
        vik.steps = vec![(d("2026-01-05"), 20.0), (d("2026-02-16"), 40.0)];
        vik.probation_end = Some(d("2026-02-05"));
        vik.bands.push(Band { label: "Midlertidig lønnstilskudd 40 %".into(), from: d("2026-01-05"), to: None });
        let s = svg(&[smak, vik], d("2026-02-20"), "To jobber & et tiltak");
        assert_eq!(s.matches("<g class=\"job").count(), 2);
        assert_eq!(s.matches("<g class=\"job unpaid\">").count(), 1);
        assert!(s.contains("1. Jobbsmak · Miljøarbeider &lt;verksted&gt; – ikke arbeid · 02.01.2026 – 03.01.2026"));
        assert!(s.contains("03.01.2026 (avsluttet av arbeidstaker)</text>"));
        assert!(s.contains("<desc id=\"chain-desc\">To jobber &amp; et tiltak</desc>"));
        assert!(s.contains("role=\"img\"") && s.contains("<title id=\"chain-title\">"));
        assert!(
            s.contains("<rect class=\"step\" x=\"57.5\" y=\"145.6\" width=\"498.3\" height=\"6.4\" fill=\"#b3d4f5\""),
            "{s}"
        );
        // The 40 % piece is 12.8 high, darker, from 16 February to today (20 February).
        assert!(
            s.contains("<rect class=\"step\" x=\"555.8\" y=\"139.2\" width=\"47.5\" height=\"12.8\" fill=\"#66a3e0\"")
        );
        assert!(s.contains(">20 %</text>") && s.contains(">40 %</text>"));
        // The placement is hatched, never shaded as work.
        assert!(s.contains("fill=\"url(#chain-hatch)\" stroke=\"#23262a\" stroke-width=\"1\" stroke-dasharray"));
        assert!(
            s.contains("<title>Prøvetid slutter</title>")
                && s.contains("<title>Sluttet: avsluttet av arbeidstaker</title>")
        );
        assert!(s.contains("<rect class=\"band\" x=\"57.5\"") && s.contains(">Midlertidig lønnstilskudd 40 %</text>"));
        assert!(!s.contains("style="), "the CSP forbids inline style");
    }

    #[test]
    fn shades_darken_with_the_percentage() {
        assert_eq!(shade(20.0).0, "#b3d4f5");
        assert_eq!(shade(40.0).0, "#66a3e0");
        assert_eq!(shade(80.0), ("#00347d", "#ffffff"));
        assert_eq!(percent(12.5), "12,5 %");
    }
}
