//! The text of rule `R3@1` in plain Norwegian, shown beside the figures on the page and
//! quoted in docs/referrals.md. A change to what the rule counts must bump [`RULE_ID`].

/// The rule's id and version.
pub const RULE_ID: &str = "R3@1";

pub const RULE_NAME: &str = "Nullutelukking: henvisninger og svar";

/// The rule, one section per figure: (heading, text).
pub const SECTIONS: [(&str, &str); 6] = [
    (
        "Henvisninger",
        "Henvisninger sendt fra og med `fra` til og med `til`, til teamet de ble sendt til (og teamets kontor). \
         Utkast er ikke sendt og telles ikke.",
    ),
    (
        "Svar",
        "Hver henvisning er `akseptert`, `avvist` eller `ubesvart` slik den stod på dagen `til`: et svar datert \
         etter `til` er ikke gitt ennå.",
    ),
    (
        "Andel avvist",
        "Avviste delt på besvarte (aksepterte og avviste) ganger 100. Tom når ingen er besvart. Tallet lagres \
         uavrundet; siden viser det avrundet til hele prosent (0,5 rundes opp).",
    ),
    (
        "Avvist etter grunn",
        "De avviste etter grunn fra den faste listen. En grunn skrevet som fritekst i eldre filer regnes som \
         `annet`.",
    ),
    (
        "Dager til svar",
        "Medianen av dager fra sendt til svar, for henvisninger besvart senest `til`. Ved et partall henvisninger \
         er medianen snittet av de to midterste.",
    ),
    (
        "Dager til trekantsamtale",
        "For aksepterte henvisninger: medianen av dager fra svaret til forløpet startet (trekantsamtalen), når \
         forløpet har startet senest `til`. Forløpet er det som ble laget da henvisningen ble akseptert; for \
         henvisninger fra andre systemer deltakerens forløp henvist samme dag som henvisningen ble sendt, ellers \
         deltakerens første forløp som startet den dagen eller senere.",
    ),
];

/// How the rule reads what DOMAIN.md leaves open (English, for docs/referrals.md).
pub const DECISIONS: [&str; 4] = [
    "The share rejected is taken of the answered referrals, not of all sent: an unanswered referral may still \
     go either way, and counting it would make a slow team look inclusive.",
    "A decision without a date counts as made, but gives no days to decision.",
    "Days to the three-party meeting can be negative when an imported course started before the recorded \
     decision; they are reported as they are, not clamped.",
    "Groups list every team (or office) known, with zeros and empty medians when nothing was sent: a team \
     without referrals is shown, not hidden.",
];
