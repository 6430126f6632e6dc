//! The random source and the values it draws: dates, instants, texts, ids and numbers from
//! the whole accepted range, with its edges drawn far more often than chance would.

use chrono::{Duration, NaiveDate};
use jobbvei_domain::Fnr;
use jobbvei_domain::bounds::{FIRST_DAY, LAST_DAY};

/// Longest text and id an import takes (docs/exchange-format.md, "Values").
pub const MAX_TEXT: usize = 10_000;
pub const MAX_ID: usize = 100;

/// splitmix64: small, fast and the same on every machine.
pub struct Gen(u64);

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A date on or after `from`; one in four is an edge of the range.
    pub fn date_from(&mut self, from: NaiveDate) -> NaiveDate {
        let span = (LAST_DAY - from).num_days();
        match self.below(8) {
            0 => from,
            1 => LAST_DAY,
            _ => from + Duration::days((self.next() % (span as u64 + 1)) as i64),
        }
    }

    pub fn date(&mut self) -> NaiveDate {
        self.date_from(FIRST_DAY)
    }

    pub fn opt_date_from(&mut self, from: NaiveDate) -> Option<NaiveDate> {
        self.chance(50).then(|| self.date_from(from))
    }

    /// An instant as a source might write it: any offset, the edges of the range included.
    pub fn instant(&mut self) -> String {
        match self.below(8) {
            0 => "1900-01-01T00:00:00+01:00".into(),
            1 => "2100-12-31T23:59:59+01:00".into(),
            2 => "2024-10-27T02:30:00+02:00".into(),
            _ => {
                // A day away from the edges, so that no offset moves it out of the range.
                let day = FIRST_DAY + Duration::days(1 + (self.next() % 73_046) as i64);
                let (h, m, s) = (self.below(24), self.below(60), self.below(60));
                let offset = self.pick(&["Z", "+01:00", "+02:00", "-14:00", "+14:00", "+05:45", "-03:30"]);
                // Now and then a fraction of a second, which import drops.
                let fraction = if self.chance(10) { ".999" } else { "" };
                format!("{day}T{h:02}:{m:02}:{s:02}{fraction}{offset}")
            }
        }
    }

    pub fn opt_instant(&mut self) -> Option<String> {
        self.chance(60).then(|| self.instant())
    }

    /// A text that is never blank: some visible piece, and the awkward ones around it.
    pub fn text(&mut self) -> String {
        let pieces = [
            "Linje én\nlinje to",
            "med\ttabulator",
            "æøå ÆØÅ",
            "\"sitat\" og \\ skråstrek",
            "emoji 🙂",
            "vanlig tekst",
            "  mellomrom rundt  ",
            "</script><b>",
            // Nothing on the way may normalise, join or split these.
            "familie 👩‍👩‍👧 og flagg 🇳🇴",
            "kombinert e\u{301} og é",
            "skille\u{2028}avsnitt\u{2029}",
            "hardt\u{a0}mellomrom og \u{feff}bom",
            "høyre-til-venstre \u{202e}tekst",
            "\n\tinnrykk\n",
        ];
        let n = 1 + self.below(3);
        (0..n).map(|_| *self.pick(&pieces)).collect::<Vec<_>>().join(" ")
    }

    pub fn opt_text(&mut self) -> Option<String> {
        self.chance(60).then(|| self.text())
    }

    /// An optional text of version 1.1: absent, empty, blank, ordinary or as long as allowed.
    pub fn any_text(&mut self) -> Option<String> {
        match self.below(20) {
            0..=5 => None,
            6 => Some(String::new()),
            7 => Some(self.pick(&[" ", "\n", "\t", "  \n\t "]).to_string()),
            8 => Some(longest_text(self.below(4))),
            _ => Some(self.text()),
        }
    }

    /// An item of a list the pages store joined by commas: no comma and no space around it.
    pub fn item(&mut self) -> String {
        let items = [
            "deltaker",
            "veileder",
            "jobbspesialist",
            "Æøå",
            "emoji🙂",
            "to ord",
            "med\ttab",
            "linje\nto",
            "\"sitat\"",
        ];
        self.pick(&items).to_string()
    }

    pub fn items(&mut self) -> Vec<String> {
        (0..self.below(4)).map(|_| self.item()).collect()
    }

    /// An id built on `base` (unique within its type): plain, with æøå, emoji, quotes and
    /// backslashes, or padded to the longest id allowed.
    pub fn id(&mut self, base: &str) -> String {
        match self.below(6) {
            0 => format!("Ø {base}"),
            1 => format!("{base} 🙂"),
            2 => format!("{base}\"\\'"),
            3 => longest_id(base),
            _ => base.to_owned(),
        }
    }

    pub fn opt_bool(&mut self) -> Option<bool> {
        match self.below(3) {
            0 => None,
            1 => Some(true),
            _ => Some(false),
        }
    }

    pub fn bool(&mut self) -> bool {
        self.chance(50)
    }

    /// Distinct whole numbers for keys such as a profile's versions: 0, the largest a field
    /// takes, and 10 after 2 (numbers sort as numbers, not as text).
    pub fn numbers(&mut self, at_most: usize) -> Vec<u64> {
        let all = [1, 2, 10, 3, 0, u64::from(u32::MAX)];
        let n = self.below(at_most + 1).min(all.len());
        let skip = self.below(all.len());
        (0..n).map(|i| all[(skip + i) % all.len()]).collect()
    }

    pub fn orgnr(&mut self) -> String {
        loop {
            let d: Vec<u32> =
                (0..8).map(|i| if i == 0 { 8 + self.below(2) as u32 } else { self.below(10) as u32 }).collect();
            let sum: u32 = d.iter().zip([3, 2, 7, 6, 5, 4, 3, 2]).map(|(a, w)| a * w).sum();
            let check = match 11 - sum % 11 {
                11 => 0,
                10 => continue,
                c => c,
            };
            return d.iter().chain([check].iter()).map(u32::to_string).collect();
        }
    }

    pub fn fnr(&mut self, n: usize) -> String {
        loop {
            let (day, month, year) = (1 + self.below(28), 1 + self.below(12), self.below(100));
            // The individual number is n itself, so no two participants share a number.
            let nine = format!("{day:02}{month:02}{year:02}{:03}", n % 1000);
            if let Some(f) = Fnr::from_nine(&nine) {
                return f.as_str().to_owned();
            }
        }
    }
}

/// A text of exactly the longest length allowed, in characters (not bytes): multibyte
/// letters, emoji, newlines and tabs, starting at a different place for `variant`.
pub fn longest_text(variant: usize) -> String {
    "Æøå 🙂 linje\n\tslutt ".chars().cycle().skip(variant).take(MAX_TEXT).collect()
}

/// `base` padded with æ to the longest id allowed.
pub fn longest_id(base: &str) -> String {
    let pad: String = "æ-".chars().cycle().take(MAX_ID.saturating_sub(base.chars().count())).collect();
    format!("{base}{pad}")
}

pub fn day(d: NaiveDate) -> String {
    d.to_string()
}
