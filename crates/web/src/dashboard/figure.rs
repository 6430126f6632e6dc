//! How each figure reads on `/tall`: its unit, its ideal as a number to draw (where
//! DOMAIN.md §5 gives one), and the line a card leads with: the value for the current
//! period against the ideal ("4,2 per uke · ideal 6").

use jobbvei_domain::kpi::{Kpi, PeriodKind};

use super::numbers::one;

/// An ideal as DOMAIN.md gives it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Ideal {
    AtLeast(f64),
    AtMost(f64),
    Band(f64, f64),
}

impl Ideal {
    /// The value the chart draws its line at.
    pub fn line(self) -> f64 {
        match self {
            Ideal::AtLeast(x) | Ideal::AtMost(x) => x,
            // The band's middle would say nothing; its lower edge is the one to reach.
            Ideal::Band(lo, _) => lo,
        }
    }

    pub fn text(self, unit: &str) -> String {
        let n = |x: f64| one(Some(x)).trim_end_matches(",0").to_owned();
        let u = if unit == "%" { " %" } else { "" };
        match self {
            Ideal::AtLeast(x) => format!("ideal {}{u}", n(x)),
            Ideal::AtMost(x) => format!("ideal høyst {}{u}", n(x)),
            Ideal::Band(lo, hi) => format!("ideal {}–{}{u}", n(lo), n(hi)),
        }
    }
}

/// The ideal of a figure for a period of `kind`. K5a's "9 per job specialist per year" is
/// shared out over the year's weeks, months or quarters.
pub(crate) fn ideal(k: Kpi, kind: PeriodKind) -> Option<Ideal> {
    Some(match k {
        Kpi::K1p => Ideal::AtLeast(6.0),
        Kpi::K2 => Ideal::AtLeast(40.0),
        Kpi::K3 => Ideal::AtMost(30.0),
        Kpi::K4 => Ideal::Band(12.0, 20.0),
        Kpi::K5a => Ideal::AtLeast(
            9.0 / match kind {
                PeriodKind::Week => 52.0,
                PeriodKind::Month => 12.0,
                PeriodKind::Quarter => 4.0,
                _ => 1.0,
            },
        ),
        Kpi::K5b => Ideal::AtLeast(65.0),
        // DOMAIN.md's benchmarks: 31 % minimum, 41 % average, 50 % excellent.
        Kpi::K6 => Ideal::AtLeast(41.0),
        Kpi::K8 => Ideal::AtLeast(6.0),
        Kpi::K1 | Kpi::K7 | Kpi::K9 => return None,
    })
}

/// What a value is counted in, after the number: "per uke", "%", "dager".
pub(crate) fn unit(k: Kpi) -> &'static str {
    match k {
        Kpi::K1 | Kpi::K1p => "per uke",
        Kpi::K2 | Kpi::K5b | Kpi::K6 | Kpi::K7 | Kpi::K9 => "%",
        Kpi::K3 => "dager",
        Kpi::K4 | Kpi::K5a => "per årsverk",
        Kpi::K8 => "av 6 måneder",
    }
}

/// A value with its unit: "4,2 per uke", "2,0 %", "–" for none.
pub(crate) fn with_unit(k: Kpi, v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(_) if unit(k) == "%" => format!("{} %", one(v)),
        Some(_) => format!("{} {}", one(v), unit(k)),
    }
}

/// "4,2 per uke · ideal 6"
pub(crate) fn lead(k: Kpi, kind: PeriodKind, v: Option<f64>) -> String {
    match ideal(k, kind) {
        Some(i) => format!("{} · {}", with_unit(k, v), i.text(unit(k))),
        None => with_unit(k, v),
    }
}

/// The tab's words: (this period, the one before, the title's noun with its possessive).
pub(crate) fn period_words(kind: PeriodKind) -> (&'static str, &'static str) {
    match kind {
        PeriodKind::Month => ("Denne måneden", "Forrige måned"),
        PeriodKind::Quarter => ("Dette kvartalet", "Forrige kvartal"),
        _ => ("Denne uken", "Forrige uke"),
    }
}
