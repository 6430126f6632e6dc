//! A participant's county, from the municipality of their postal code (a municipality
//! number's first two digits are its county), and the five regions (landsdeler) a county
//! is widened to when the extract's groups are too small.

use crate::codelist::PostalCode;
use crate::codes;

codes! {
    /// Norway's five regions, as the extract writes them.
    pub enum Region {
        East = "ostlandet", South = "sorlandet", West = "vestlandet", Central = "trondelag", North = "nord-norge",
    }
}

/// The two-digit county number of a postal code in the shipped list; `None` for an unknown
/// code.
pub fn county_of(postal_code: &str) -> Option<&'static str> {
    let municipality = PostalCode::parse(postal_code.trim())?.place().municipality;
    municipality.get(..2)
}

/// The region of a county number (the counties of 2024: Oslo 03, Rogaland 11, Møre og
/// Romsdal 15, Nordland 18, Svalbard 21, Jan Mayen 22, Østfold 31, Akershus 32, Buskerud 33,
/// Innlandet 34, Vestfold 39, Telemark 40, Agder 42, Vestland 46, Trøndelag 50, Troms 55,
/// Finnmark 56); `None` for a number not among them.
pub fn region_of(county: &str) -> Option<Region> {
    Some(match county {
        "03" | "31" | "32" | "33" | "34" | "39" | "40" => Region::East,
        "42" => Region::South,
        "11" | "15" | "46" => Region::West,
        "50" => Region::Central,
        "18" | "55" | "56" | "21" | "22" => Region::North,
        _ => return None,
    })
}
