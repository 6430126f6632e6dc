//! Word lists for synthetic people, employers and free texts. Every person is invented:
//! first names and surnames are combined at random from lists of common names.

use super::rng::Rng;

const FIRST_NAMES: &[&str] = &[
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Anna",
    "Solveig",
    "Marianne",
    "Randi",
    "Ida",
    "Nina",
    "Maria",
    "Elisabeth",
    "Kristin",
    "Silje",
    "Hanne",
    "Ingeborg",
    "Camilla",
    "Tone",
    "Nora",
    "Emma",
    "Sara",
    "Thea",
    "Julie",
    "Ingvild",
    "Tuva",
    "Maja",
    "Sofie",
    "Jan",
    "Per",
    "Bjørn",
    "Ole",
    "Lars",
    "Kjell",
    "Knut",
    "Arne",
    "Svein",
    "Hans",
    "Geir",
    "Thomas",
    "Tor",
    "Morten",
    "Terje",
    "Odd",
    "Martin",
    "Erik",
    "Andreas",
    "John",
    "Anders",
    "Rune",
    "Trond",
    "Jonas",
    "Magnus",
    "Kristian",
    "Henrik",
    "Even",
    "Sindre",
    "Emil",
    "Jakob",
    "Sander",
    "Mathias",
    "Håkon",
    "Eirik",
    "Vegard",
    "Øyvind",
];

const SURNAMES: &[&str] = &[
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Hauge",
    "Christensen",
    "Andresen",
    "Nielsen",
    "Knudsen",
    "Evensen",
    "Sæther",
    "Aas",
    "Myhre",
    "Hanssen",
    "Ahmed",
    "Haugland",
    "Thomassen",
    "Sivertsen",
    "Simonsen",
    "Danielsen",
    "Berntsen",
    "Sandvik",
    "Rønning",
];

const OTHER_FIRST_NAMES: &[&str] = &[
    "Mohammed",
    "Ahmed",
    "Ali",
    "Hassan",
    "Abdi",
    "Omar",
    "Yonas",
    "Tesfaye",
    "Dawit",
    "Mustafa",
    "Piotr",
    "Tomasz",
    "Andrzej",
    "Mantas",
    "Arif",
    "Fatima",
    "Amina",
    "Sahra",
    "Hodan",
    "Maryam",
    "Leila",
    "Aisha",
    "Samira",
    "Helen",
    "Mebrat",
    "Agnieszka",
    "Katarzyna",
    "Olena",
    "Iryna",
    "Nasra",
    "Khadija",
    "Zainab",
];

const OTHER_SURNAMES: &[&str] = &[
    "Mohamed",
    "Ahmed",
    "Ali",
    "Hussein",
    "Abdullahi",
    "Yusuf",
    "Tesfay",
    "Haile",
    "Gebremedhin",
    "Nowak",
    "Kowalski",
    "Wiśniewska",
    "Kazlauskas",
    "Hassan",
    "Rahimi",
    "Hosseini",
    "Karimi",
    "Osman",
    "Jama",
    "Kovalenko",
    "Shevchenko",
    "Nguyen",
    "Tran",
    "Khan",
    "Hussain",
];

/// A synthetic full name; `other_background` picks names common among immigrants to Norway.
pub fn person_name(rng: &mut Rng, other_background: bool) -> String {
    let (firsts, lasts) = if other_background { (OTHER_FIRST_NAMES, OTHER_SURNAMES) } else { (FIRST_NAMES, SURNAMES) };
    let first = rng.pick_or(firsts, "Kari");
    let last = rng.pick_or(lasts, "Nordmann");
    format!("{first} {last}")
}

pub fn surname(rng: &mut Rng) -> &'static str {
    rng.pick_or(SURNAMES, "Hansen")
}

/// Postal register names are upper case ("NORDRE FOLLO"); people write "Nordre Follo".
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start_of_word = true;
    for c in s.chars() {
        if start_of_word {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = c == ' ' || c == '-';
    }
    out
}

/// Lower-case ASCII for e-mail addresses.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' | 'ö' => out.push('o'),
            'å' | 'ä' => out.push('a'),
            'ś' => out.push('s'),
            'é' | 'è' => out.push('e'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}
