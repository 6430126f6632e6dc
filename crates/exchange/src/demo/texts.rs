//! Employer kinds and the short Norwegian texts the generator puts in free-text fields.
//! None of them carries health details or names of other people.

/// A kind of employer: its industry text, name patterns (`{s}` surname, `{p}` place) and the
/// entry-level jobs it typically offers as (STYRK-08 code, title).
pub struct EmployerKind {
    pub industry: &'static str,
    pub patterns: &'static [&'static str],
    pub jobs: &'static [(&'static str, &'static str)],
}

/// Relative weights follow where job specialists' participants are typically hired.
pub const EMPLOYER_KINDS: &[(u32, EmployerKind)] = &[
    (
        20,
        EmployerKind {
            industry: "Varehandel",
            patterns: &[
                "Kiwi {p}",
                "Rema 1000 {p}",
                "Coop Extra {p}",
                "Meny {p}",
                "{s} Dagligvare AS",
                "Europris {p}",
                "{p} Jernvare AS",
            ],
            jobs: &[("5223", "Butikkmedarbeider"), ("4321", "Lagermedarbeider"), ("9321", "Varepåfyller")],
        },
    ),
    (
        12,
        EmployerKind {
            industry: "Bygg og anlegg",
            patterns: &[
                "{s} Bygg AS",
                "{p} Tømrerservice AS",
                "{s} & Sønn Entreprenør AS",
                "{p} Rør AS",
                "{s} Maskin AS",
            ],
            jobs: &[
                ("9313", "Hjelpearbeider bygg"),
                ("7115", "Tømrer"),
                ("9312", "Hjelpearbeider anlegg"),
                ("8342", "Anleggsmaskinfører"),
                ("7126", "Rørlegger"),
            ],
        },
    ),
    (
        14,
        EmployerKind {
            industry: "Helse og omsorg",
            patterns: &["{p} sykehjem", "{p} hjemmetjeneste", "{s} Omsorg AS", "{p} bo- og servicesenter"],
            jobs: &[
                ("5321", "Helsefagarbeider"),
                ("5322", "Hjemmehjelp"),
                ("9412", "Kjøkkenassistent"),
                ("9112", "Renholder"),
            ],
        },
    ),
    (
        14,
        EmployerKind {
            industry: "Reiseliv og mat",
            patterns: &["Kafé {s}", "{p} Hotell", "{s}s Bakeri AS", "Restaurant {s}", "{p} Kantineservice AS"],
            jobs: &[("9412", "Kjøkkenassistent"), ("5131", "Servitør"), ("5120", "Kokk"), ("7512", "Bakeriarbeider")],
        },
    ),
    (
        10,
        EmployerKind {
            industry: "Transport",
            patterns: &["{s} Transport AS", "{p} Budservice AS", "{s} Logistikk AS", "{p} Flyttebyrå AS"],
            jobs: &[
                ("8322", "Varebilsjåfør"),
                ("9621", "Bud"),
                ("4321", "Lagermedarbeider"),
                ("8332", "Lastebilsjåfør"),
            ],
        },
    ),
    (
        8,
        EmployerKind {
            industry: "Industri",
            patterns: &["{s} Mekaniske AS", "{p} Plast AS", "{s} Næringsmidler AS", "{p} Trevare AS"],
            jobs: &[
                ("9329", "Produksjonsmedarbeider"),
                ("8160", "Operatør næringsmiddelproduksjon"),
                ("7233", "Mekaniker"),
                ("7522", "Møbelsnekker"),
            ],
        },
    ),
    (
        8,
        EmployerKind {
            industry: "Renhold og eiendom",
            patterns: &["{s} Renhold AS", "{p} Vaktmesterservice AS", "{s} Eiendomsservice AS"],
            jobs: &[("9112", "Renholder"), ("5153", "Vaktmester"), ("9622", "Altmuligmann")],
        },
    ),
    (
        6,
        EmployerKind {
            industry: "Offentlig forvaltning",
            patterns: &["{p} kommune", "{p} kirkelige fellesråd", "{p} barnehage"],
            jobs: &[
                ("5312", "Assistent"),
                ("4110", "Kontormedarbeider"),
                ("9611", "Renovasjonsarbeider"),
                ("6113", "Gartner"),
            ],
        },
    ),
    (
        3,
        EmployerKind {
            industry: "Jordbruk og gartneri",
            patterns: &["{s} Gartneri", "{p} Hagesenter AS", "{s} Gård"],
            jobs: &[("9214", "Gartneriarbeider"), ("6113", "Gartner")],
        },
    ),
    (
        4,
        EmployerKind {
            industry: "Personlig tjenesteyting",
            patterns: &["Frisør {s}", "{p} Bilvask AS", "{s} IT-service AS", "{p} Treningssenter AS"],
            jobs: &[("5141", "Frisør"), ("9122", "Bilvasker"), ("3512", "Brukerstøtte IT"), ("4226", "Resepsjonist")],
        },
    ),
    (1, EmployerKind { industry: "Vakt og sikkerhet", patterns: &["{p} Vakt AS"], jobs: &[("5414", "Vekter")] }),
];

pub const END_CAUSE_DETAILS: &[&str] = &[
    "flyttet",
    "sykdom",
    "overgang til uføretrygd",
    "ønsker ikke lenger bistand",
    "overgang til annet tiltak",
    "overgang til AAP uten aktivitet",
    "ikke nådd over lang tid",
];

pub const REJECTION_REASONS: &[&str] = &[
    "Kapasitet: ingen ledig plass i teamet nå",
    "Deltaker ønsker ikke tilbudet",
    "Annet tiltak vurdert som bedre egnet",
    "Bor utenfor teamets område",
];

pub const PASSIVE_REASONS: &[&str] = &["sykdom", "ferie", "ikke nådd", "ønsker pause", "familiesituasjon"];

pub const MEASURE_DECLINE_REASONS: &[&str] =
    &["Vilkårene er ikke oppfylt", "Kvoten for perioden er brukt opp", "Arbeidsgiver dekker opplæringen selv"];

pub const PLACEMENT_PURPOSES: &[&str] = &[
    "Formål: prøve arbeidsoppgavene",
    "Formål: bli kjent med arbeidsplassen",
    "Formål: avklare arbeidstid og tilrettelegging",
    "Formål: få referanse til CV",
];

pub const QUIT_REASONS: &[&str] = &["Sa opp selv", "Fikk annen jobb", "Trivdes ikke med arbeidsoppgavene"];
pub const DISMISSAL_REASONS: &[&str] = &["Nedbemanning", "Ikke behov for flere vakter", "Avsluttet i prøvetiden"];
pub const MUTUAL_REASONS: &[&str] = &["Gikk over i ny stilling", "Avtalt avslutning"];

pub const FOLLOWUP_NOTES: &[&str] =
    &["Trives godt", "Ønsker flere timer", "Avtalt oppfølging med nærmeste leder", "Mentor på plass"];

pub const ACTIVITY_NOTES: &[&str] = &[
    "Avtalt ny tid",
    "Gikk gjennom CV",
    "Søkte på to stillinger",
    "Presenterte kandidat",
    "Fulgte opp første arbeidsdag",
    "Snakket om arbeidstid",
    "Planla neste uke",
];

/// (level, programme, institution pattern with `{m}` for the municipality).
pub const EDUCATIONS: &[(&str, &str, &str)] = &[
    ("videregående", "Helsefagarbeider", "{m} videregående skole"),
    ("videregående", "Barne- og ungdomsarbeider", "{m} videregående skole"),
    ("videregående", "Salgsfaget", "{m} videregående skole"),
    ("videregående", "Kokkfaget", "{m} videregående skole"),
    ("fagskole", "Logistikk", "Fagskolen"),
    ("høyere utdanning", "Bachelor i sosialt arbeid", "OsloMet"),
    ("grunnskole for voksne", "Grunnskole for voksne", "Voksenopplæringen {m}"),
    ("kurs", "Norsk B1", "Folkeuniversitetet"),
];
