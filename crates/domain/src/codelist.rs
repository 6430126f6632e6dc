//! The public code lists Jobbvei ships inside the binary (see `data/SOURCES.md`):
//! STYRK-08 occupations and Norwegian postal codes with their municipality.

use std::collections::HashMap;
use std::sync::LazyLock;

const STYRK_CSV: &str = include_str!("../data/styrk08.csv");
const POSTAL_TSV: &str = include_str!("../data/postal_codes_no.tsv");

/// One STYRK-08 occupation from the shipped list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupation {
    pub code: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    /// NAV's level-2 category (`Salg, butikk- og varehandel`), which job ads name.
    pub subcategory: &'static str,
}

static STYRK: LazyLock<Vec<Occupation>> = LazyLock::new(|| {
    STYRK_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split(';');
            let code = cols.next()?.trim();
            let name = cols.next()?.trim();
            let category = cols.next().unwrap_or("").trim();
            let subcategory = cols.next().unwrap_or("").trim();
            // The list's own placeholder "0000 Ikke konvertert" is not an occupation.
            (code.len() == 4 && code != "0000").then_some(Occupation { code, name, category, subcategory })
        })
        .collect()
});

/// Positions in [`STYRK`] by code. A search of the list compared a code with each of its
/// 400-odd occupations: a fifth of the time an import spent reading job lines.
static STYRK_AT: LazyLock<HashMap<&'static str, usize>> =
    // Reversed, so that the first of two equal codes wins, as a search from the start found.
    LazyLock::new(|| STYRK.iter().enumerate().rev().map(|(i, o)| (o.code, i)).collect());

/// A STYRK-08 code (4 digits) that exists in the shipped code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StyrkCode(&'static str);

impl StyrkCode {
    pub fn parse(s: &str) -> Option<StyrkCode> {
        STYRK_AT.get(s).map(|&i| StyrkCode(STYRK[i].code))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    pub fn occupation(self) -> Option<&'static Occupation> {
        STYRK_AT.get(self.0).map(|&i| &STYRK[i])
    }

    /// Every occupation in the list, in list order.
    pub fn all() -> &'static [Occupation] {
        &STYRK
    }
}

/// A postal place with its municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalPlace {
    pub code: &'static str,
    pub place: &'static str,
    pub municipality: &'static str,
    pub municipality_name: &'static str,
}

static POSTAL: LazyLock<HashMap<&'static str, PostalPlace>> = LazyLock::new(|| {
    POSTAL_TSV
        .lines()
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let code = cols.next()?.trim();
            let place = cols.next()?.trim();
            let municipality = cols.next()?.trim();
            let municipality_name = cols.next()?.trim();
            Some((code, PostalPlace { code, place, municipality, municipality_name }))
        })
        .collect()
});

static POSTAL_SORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut codes: Vec<_> = POSTAL.keys().copied().collect();
    codes.sort_unstable();
    codes
});

/// A Norwegian postal code that exists in the shipped list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PostalCode(&'static str);

impl PostalCode {
    pub fn parse(s: &str) -> Option<PostalCode> {
        POSTAL.get_key_value(s).map(|(k, _)| PostalCode(k))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    pub fn place(self) -> &'static PostalPlace {
        // Every PostalCode was found in POSTAL when it was made.
        &POSTAL[self.0]
    }

    /// All postal codes, sorted; for generating demo data.
    pub fn all_codes() -> &'static [&'static str] {
        &POSTAL_SORTED
    }
}

/// Whether `s` is a municipality number that some postal code in the list belongs to.
pub fn is_known_municipality(s: &str) -> bool {
    POSTAL.values().any(|p| p.municipality == s)
}

/// The name of a municipality number, as the list writes it (capitals: `OSLO`).
pub fn municipality_name(s: &str) -> Option<&'static str> {
    POSTAL.values().find(|p| p.municipality == s).map(|p| p.municipality_name)
}

/// Every municipality in the list as (number, name), by number; for the forms' suggestions.
pub fn municipalities() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = POSTAL.values().map(|p| (p.municipality, p.municipality_name)).collect();
    out.sort_unstable();
    out.dedup_by_key(|(code, _)| *code);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styrk_list_is_loaded() {
        assert_eq!(StyrkCode::all().len(), 406);
        let c = StyrkCode::parse("5120").map(|c| c.occupation().map(|o| o.name));
        assert_eq!(c, Some(Some("Kokker")));
        assert!(StyrkCode::parse("0000").is_none());
        assert!(StyrkCode::parse("9999").is_none());
        assert!(StyrkCode::parse("512").is_none());
    }

    #[test]
    fn postal_code_gives_municipality() {
        let p = PostalCode::parse("0010").map(|p| p.place().municipality);
        assert_eq!(p, Some("0301"));
        assert!(PostalCode::parse("0000").is_none());
        assert!(is_known_municipality("0301"));
        assert!(!is_known_municipality("9999"));
        assert_eq!(municipality_name("0301"), Some("OSLO"));
        assert!(municipalities().iter().any(|(c, n)| *c == "0301" && *n == "OSLO"));
        assert!(PostalCode::all_codes().len() > 5000);
    }
}
