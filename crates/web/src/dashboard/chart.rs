//! The bar chart of one figure on `/tall`, drawn as SVG without script or inline style (the
//! CSP forbids both): a value axis with its numbers, a bar per period with its value, the
//! ideal as a labelled dashed line, and the period still in progress drawn hatched and
//! outlined and labelled "pågår", so that a week that has only begun does not read as a
//! drop. Two layouts: wide for a desktop, and narrow for a phone (larger text, fewer labels),
//! of which the stylesheet shows one.

use super::numbers;
use crate::svg::esc;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Wide,
    Narrow,
}

/// What to draw.
pub(crate) struct Series<'a> {
    /// Unique on the page: the SVG's title is referred to by id.
    pub id: &'a str,
    pub title: &'a str,
    pub labels: &'a [String],
    pub values: &'a [Option<f64>],
    pub ideal: Option<f64>,
    /// The period in progress, if it is in the series.
    pub partial: Option<usize>,
    /// Values are percentages: the axis says "%".
    pub percent: bool,
}

struct Frame {
    w: f64,
    h: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    font: f64,
}

impl Frame {
    fn of(layout: Layout) -> Frame {
        match layout {
            Layout::Wide => Frame { w: 600.0, h: 240.0, left: 48.0, right: 64.0, top: 28.0, bottom: 32.0, font: 12.0 },
            Layout::Narrow => Frame { w: 340.0, h: 260.0, left: 40.0, right: 8.0, top: 28.0, bottom: 36.0, font: 13.0 },
        }
    }
}

/// A step of 1, 2, 2,5 or 5 × 10ⁿ giving about four gridlines up to `max`.
pub(crate) fn step(max: f64) -> f64 {
    let raw = (max / 4.0).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag)
}

fn tick_text(v: f64, step: f64) -> String {
    if step.fract() == 0.0 { numbers::count(Some(v)) } else { numbers::one(Some(v)) }
}

pub(crate) fn draw(s: &Series, layout: Layout) -> String {
    let f = Frame::of(layout);
    let top_value = s.values.iter().flatten().copied().chain(s.ideal).fold(0.0_f64, f64::max);
    let step = step(if top_value > 0.0 { top_value * 1.1 } else { 1.0 });
    let max = ((top_value * 1.1 / step).ceil().max(1.0)) * step;
    let plot_h = f.h - f.top - f.bottom;
    let y = |v: f64| f.top + plot_h - v / max * plot_h;
    let n = s.labels.len().max(1);
    let bw = (f.w - f.left - f.right) / n as f64;
    let id = format!("figur-{}-{}", s.id, if layout == Layout::Wide { "bred" } else { "smal" });
    let mut out = format!(
        "<svg class=\"chart chart-{}\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}\">{}</title>",
        if layout == Layout::Wide { "wide" } else { "narrow" },
        f.w,
        f.h,
        esc(s.title)
    );
    out.push_str(&format!(
        "<defs><pattern id=\"{id}-pagar\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#0067c5\" stroke-width=\"2\"/></pattern></defs>"
    ));
    // The value axis: gridlines with their numbers.
    let mut v = 0.0;
    while v <= max + step / 2.0 {
        out.push_str(&format!(
            "<line x1=\"{}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#cfd3d8\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"end\" fill=\"#23262a\">{}{}</text>",
            f.left,
            f.w - f.right,
            y(v),
            y(v),
            f.left - 4.0,
            y(v) + f.font / 3.0,
            f.font,
            tick_text(v, step),
            if s.percent { " %" } else { "" }
        ));
        v += step;
    }
    out.push_str(&format!(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2:.1}\" stroke=\"#23262a\" stroke-width=\"1\"/>",
        f.left,
        f.top,
        f.top + plot_h
    ));
    // A narrow chart labels every second or third period, always the last.
    let every = if layout == Layout::Narrow { n.div_ceil(5) } else { n.div_ceil(9) };
    for (i, (label, value)) in s.labels.iter().zip(s.values).enumerate() {
        let x = f.left + i as f64 * bw;
        let mid = x + bw / 2.0;
        let partial = s.partial == Some(i);
        if let Some(v) = value {
            let (fill, stroke) = if partial {
                (format!("url(#{id}-pagar)"), " stroke=\"#0067c5\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"")
            } else {
                ("#0067c5".to_owned(), "")
            };
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fill}\"{stroke}/>",
                x + bw * 0.15,
                y(*v),
                (bw * 0.7).max(1.0),
                (f.top + plot_h - y(*v)).max(0.0)
            ));
            let show_value = layout == Layout::Wide || i + 2 >= n;
            if show_value {
                out.push_str(&format!(
                    "<text x=\"{mid:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#23262a\">{}</text>",
                    y(*v) - 3.0,
                    f.font,
                    numbers::one(Some(*v))
                ));
            }
        }
        if partial {
            let above = value.map_or(f.top + plot_h, y) - if value.is_some() { f.font + 4.0 } else { 3.0 };
            out.push_str(&format!(
                "<text x=\"{mid:.1}\" y=\"{above:.1}\" font-size=\"{}\" text-anchor=\"middle\" font-style=\"italic\" \
                 fill=\"#23262a\">pågår</text>",
                f.font
            ));
        }
        if i % every == 0 || i + 1 == n {
            out.push_str(&format!(
                "<text x=\"{mid:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#23262a\">{}</text>",
                f.h - f.bottom + f.font + 6.0,
                f.font,
                esc(&short(label, layout))
            ));
        }
    }
    if let Some(i) = s.ideal {
        out.push_str(&format!(
            "<line x1=\"{}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#a8000a\" stroke-width=\"2\" \
             stroke-dasharray=\"6 4\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"{}\" \
             fill=\"#a8000a\">ideal {}</text>",
            f.left,
            f.w - f.right,
            y(i),
            y(i),
            // Right of the plot when there is room; else above the line at the left, clear of
            // the bars whose values a narrow chart prints (the last two).
            if layout == Layout::Wide { f.w - f.right + 4.0 } else { f.left + 4.0 },
            if layout == Layout::Wide { y(i) + f.font / 3.0 } else { y(i) - 4.0 },
            f.font,
            "start",
            numbers::one(Some(i)).trim_end_matches(",0")
        ));
    }
    out.push_str("</svg>");
    out
}

/// A period label short enough to sit under its bar: `W47` for `2024-W47`, and on a phone
/// `Q4` for `2024-Q4` (the table under the chart keeps the year).
fn short(label: &str, layout: Layout) -> String {
    let cut = if layout == Layout::Wide { &['W'][..] } else { &['W', 'Q'][..] };
    match label.split_once('-') {
        Some((_, rest)) if rest.starts_with(cut) => rest.to_owned(),
        _ => label.to_owned(),
    }
}
