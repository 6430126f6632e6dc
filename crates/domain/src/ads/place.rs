//! Places as ads and profiles write them, mapped to municipality numbers through the shipped
//! postal-code register.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::codelist::{PostalCode, is_known_municipality, municipalities};

/// Municipality numbers by upper-case name; a name two municipalities share gives both.
static BY_NAME: LazyLock<HashMap<String, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<&'static str>> = HashMap::new();
    for (code, name) in municipalities() {
        map.entry(name.to_uppercase()).or_default().push(code);
    }
    map
});

/// The municipality numbers named `name` (any case); empty when none is.
pub fn municipality_by_name(name: &str) -> &'static [&'static str] {
    BY_NAME.get(&name.trim().to_uppercase()).map_or(&[], Vec::as_slice)
}

/// The county of a municipality: its number's first two digits.
pub fn county_of(municipality: &str) -> Option<&str> {
    municipality.get(..2)
}

/// A work location's municipality: its number if the register knows it, else its postal
/// code's, else its name's when the name is unambiguous.
pub(crate) fn locate(code: &str, postal: &str, name: &str) -> Option<String> {
    let code = code.trim();
    if code.len() == 4 && is_known_municipality(code) {
        return Some(code.to_owned());
    }
    if let Some(p) = PostalCode::parse(postal.trim()) {
        return Some(p.place().municipality.to_owned());
    }
    match municipality_by_name(name) {
        [one] => Some((*one).to_owned()),
        _ => None,
    }
}

/// Every municipality a free text names, by number or by name (one or two words), in order.
pub(crate) fn named_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut push = |code: &str| {
        if !out.iter().any(|c| c == code) {
            out.push(code.to_owned());
        }
    };
    for (i, w) in words.iter().enumerate() {
        if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) && is_known_municipality(w) {
            push(w);
            continue;
        }
        if let Some(next) = words.get(i + 1) {
            for code in municipality_by_name(&format!("{w} {next}")) {
                push(code);
            }
        }
        // Only capitalised words, so "og" or "for" in running text never name a place.
        if w.chars().next().is_some_and(char::is_uppercase) {
            for code in municipality_by_name(w) {
                push(code);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_map_to_municipalities() {
        assert_eq!(locate("", "0010", ""), Some("0301".to_owned()));
        assert_eq!(locate("0301", "", ""), Some("0301".to_owned()));
        assert_eq!(locate("", "", "oslo"), Some("0301".to_owned()));
        assert_eq!(locate("9999", "0000", "Atlantis"), None);
        assert_eq!(county_of("4601"), Some("46"));
    }

    #[test]
    fn free_text_names_places() {
        assert_eq!(named_in("Oslo og Nordre Follo, helst ikke lenger"), vec!["0301".to_owned(), "3207".to_owned()]);
        assert_eq!(named_in("kan reise 30 min fra 4601"), vec!["4601".to_owned()]);
        assert!(named_in("bare buss og tog").is_empty());
    }
}
