//! The text of rule `R1@1` in plain Norwegian, shown beside the outcome tables and printed
//! as `docs/outcomes.md`, so the page, the export and the code cannot tell different stories.
//! A change to what the rule counts must bump the version in [`RULE_ID`].

/// The rule's id and version.
pub const RULE_ID: &str = "R1@1";

pub const RULE_NAME: &str = "Resultater: hva ble det av deltakerne";

/// The rule, one section per table: (heading, text).
pub const SECTIONS: [(&str, &str); 9] = [
    (
        "Populasjon",
        "Rapporten har et vindu fra og med `from` til og med `to`. Populasjonen er alle forløp som var åpne minst én \
         dag i vinduet: startet senest `to`, og uten slutt eller med slutt tidligst `from`. Forløp som sluttet senest \
         `to` er avsluttet (`avsluttet`), de andre er åpne (`apne`). Et forløp hører til jobbspesialisten som har det, \
         et team til teamets jobbspesialister og et kontor til kontorets team; `all` er hele landet.",
    ),
    (
        "Status på dagen `to`",
        "Hvert forløp får én status, den første som passer: \
         1) `arbeid`: en lønnet jobb i forløpet (fast, tidsbegrenset, tilkalling, lærling eller selvstendig, registrert \
         som lønnet) pågår på dagen `to`, eller forløpet er avsluttet med sluttårsak arbeid. En passiv periode endrer \
         ikke dette, heller ikke en praksisplass ved siden av. Et forløp som er avsluttet til arbeid, forblir `arbeid` \
         også etter at jobben er slutt. \
         2) `utdanning`: en utdanning i forløpet med status pågår (`pagar`) har startet senest `to` og er ikke slutt \
         før `to`, eller forløpet er avsluttet med sluttårsak utdanning. Søkt (`sokt`) og planlagt er ikke utdanning \
         ennå. \
         3) `passiv`: et åpent forløp i en passiv periode som omfatter `to`. \
         4) `praksis`: et åpent forløp med en ulønnet praksisplass (jobbsmak eller arbeidstrening) som pågår på `to`. \
         Jobbsmak og arbeidstrening teller aldri som arbeid. \
         5) `oppfolging`: alle andre åpne forløp; tabellen `fase` deler dem etter forløpets fase på `to` (siste \
         faseendring senest `to`; `ukjent` uten fase). \
         6) `avsluttet_uten_arbeid`: avsluttede forløp med sluttårsak annet eller ingen; tabellen `sluttarsak` deler \
         dem etter detaljert sluttårsak (`ukjent` når den mangler). \
         Nevneren er populasjonen.",
    ),
    (
        "Praksis og ansettelse",
        "Blant forløpene som ble avsluttet i vinduet krysses to spørsmål. Fullførte deltakeren en ulønnet praksisplass \
         i forløpet? En praksisplass er fullført når den har en slutt, og enten løp ut (avsluttet av `utlopt`) eller \
         sluttet på eller etter planlagt slutt. Fikk deltakeren lønnet arbeid? En lønnet jobb startet mellom forløpets \
         start og slutt, eller sluttårsaken er arbeid. Cellene er `fullfort_jobb`, `fullfort_uten_jobb`, \
         `ikke_fullfort_jobb` og `ikke_fullfort_uten_jobb` (ingen praksisplass regnes som ikke fullført), med de \
         avsluttede forløpene som nevner. `konvertering` er `fullfort_jobb` delt på dem som fullførte.",
    ),
    (
        "Jobbene til dem i arbeid",
        "For hvert forløp med status `arbeid` velges én statusjobb: den lønnede jobben som pågår på `to` med høyest \
         stillingsandel (ukjent andel teller lavest; deretter sist startet), ellers den lønnede jobben i forløpet som \
         startet sist (senest `to`). Statusjobbene telles etter jobbform (`jobbform`), etter stillingsandel på `to`, \
         eller den siste før jobben sluttet, i båndene `100`, `60-99`, `1-59` og `ukjent` (`stillingsandel`), etter \
         lønnstilskudd (`tilskudd`: `med` når et lønnstilskudd, midlertidig eller varig, knyttet til jobben er \
         innvilget, aktivt eller senere avsluttet, og datoene omfatter `to`; ellers `uten`) og etter arbeidsgiverens \
         bransje (`bransje`). Et forløp avsluttet til arbeid uten registrert lønnet jobb har ingen statusjobb og telles \
         som `ukjent` (og `uten` tilskudd). Nevneren er forløpene med status `arbeid`.",
    ),
    (
        "Henvisninger",
        "Henvisninger sendt i vinduet, til teamet (og dermed kontoret) de ble sendt til, etter beslutning slik den \
         var på `to`: `akseptert`, `avvist` eller `ubesvart` (ingen beslutning, eller en beslutning tatt etter `to`). \
         Henvisninger sendt før vinduet telles ikke. `avvisningsgrunn` deler de avviste etter grunn (`ukjent` når den \
         mangler). En henvisning har ennå ingen jobbspesialist, så disse tabellene finnes ikke per jobbspesialist.",
    ),
    (
        "Arbeidsgivere",
        "`arbeidsgivere`: antall ulike arbeidsgivere med en jobb eller praksisplass (alle former) i populasjonens \
         forløp som overlapper vinduet. Tallet har ingen nevner.",
    ),
    (
        "Bakgrunn",
        "Alle tabeller kan deles etter deltakerens norsknivå (`ingen`, `A` for A1–A2+, `B` for B1–B2+, `ukjent`), \
         tolkebehov (`ja`, `nei`, `ukjent`), fødselsår i tiårsbånd (`1980-1989`, `ukjent`) eller metode (`SE`, `UO`, \
         `IPS`: forløpets metode, for en henvisning teamets). Andeler regnes innenfor hver verdi.",
    ),
    ("Andeler", "Andelen er antall delt på nevneren ganger 100, uavrundet, og tom når nevneren er 0."),
    (
        "Små tall",
        "Sider for leder og analytiker viser antall fra 1 til 4 som «under 5» og tilhørende andeler tomme, så ingen \
         kan kjennes igjen. Rader om enkeltpersoner vises bare for saksrollene.",
    ),
];

/// `docs/outcomes.md`: generated from the texts above, so the page and the code never differ.
pub fn markdown() -> String {
    let mut s = format!(
        "# Outcomes (resultater), rule `{RULE_ID}`\n\n\
         Generated by `jobbvei docs outcomes` from the rule text in `crates/domain/src/outcomes/text.rs`; the test \
         suite fails if this file and the code differ. The text is the one shown beside the outcome tables \
         (Norwegian). DOMAIN.md §10 is the source; a change to what the rule counts gets a new version.\n\n\
         ## {RULE_NAME}\n"
    );
    for (heading, text) in SECTIONS {
        s.push_str(&format!("\n### {heading}\n\n{text}\n"));
    }
    s.push_str(
        "\n## Report fields (`jobbvei report outcomes`)\n\n\
         `jobbvei report outcomes --from D --to D --by job_specialist|team|office|all \
         [--split norwegian_level|interpreter|birth_year|method] [--format json|csv]`\n\n\
         Each row: `rule` (`R1@1`), `group_kind`, `group_id` (exchange id; `all` for the whole country), with \
         `--split` also `split_value`, then `table`, `category`, `count`, `denominator` and `share` (a percentage, \
         unrounded; `null` when the denominator is 0, and for `arbeidsgivere`, which has no denominator).\n\n\
         Rows come in a fixed order: groups by id; split values as listed above (birth-year bands by year); tables \
         as `population`, `status`, `fase`, `sluttarsak`, `praksis`, `jobbform`, `stillingsandel`, `tilskudd`, \
         `bransje`, `henvisninger`, `avvisningsgrunn`, `arbeidsgivere`; categories in the order of the rule, or for \
         `fase` in the method's working order and for `sluttarsak`, `bransje` and `avvisningsgrunn` by spelling, \
         `ukjent` last. Every group and split value lists the same categories (those found anywhere in the report), \
         zeros included. `jobbform` lists the paid forms `tilkalling`, `tidsbegrenset`, `fast`, `laerling`, \
         `selvstendig`, then `ukjent`.\n\n\
         CSV (`--format csv`) is for Norwegian Excel: UTF-8 with a byte-order mark, `;` between cells, CRLF line \
         ends, a decimal comma, and a cell that starts with `=`, `+`, `-` or `@` prefixed with `'` so that it is \
         never read as a formula. Its columns are the JSON fields, `split_value` only with `--split`.\n",
    );
    s.push_str(
        "\n## The page (`/resultater`)\n\n\
         The same loader and rule as the command line, for the viewer's own scope: a team lead sees the team, a \
         leader the office, an analyst or a fagrevisor the whole country; each table shows the whole country's \
         share beside the group's. The window defaults to this year up to today. Leaders, analysts and fagrevisorer \
         see counts of 1 to 4 as \"under 5\" with the share blank, denominators included; shares are shown with one \
         decimal. The team lead may open the courses behind a `status` or `population` figure, by participant name \
         (`/resultater/forlop`, audited).\n",
    );
    s.push_str("\n## Decisions where DOMAIN.md §10 is silent\n\n");
    for line in DECISIONS {
        s.push_str(&format!("- {line}\n"));
    }
    s.push_str(&quarterly_markdown());
    s
}

/// The IPS quarterly report's part of `docs/outcomes.md` (rule `R5@1`, issue 12 part 3).
fn quarterly_markdown() -> String {
    use super::quarterly::{QUARTERLY_DECISIONS, QUARTERLY_RULE_ID, QUARTERLY_RULE_NAME, QUARTERLY_TEXT};
    let mut s = format!(
        "\n# The IPS quarterly report, rule `{QUARTERLY_RULE_ID}`\n\n\
         The figures that IPS programmes send to the IPS Learning Community every quarter (people served, people \
         in a competitive job, and the employment rate against the benchmarks 31 % minimum, 41 % average and 50 % \
         excellent), with the new jobs and education beside them. Same loader as `{RULE_ID}`.\n\n\
         ## {QUARTERLY_RULE_NAME}\n"
    );
    for (heading, text) in QUARTERLY_TEXT {
        s.push_str(&format!("\n### {heading}\n\n{text}\n"));
    }
    s.push_str(
        "\n## Report fields (`jobbvei report ips-quarterly`)\n\n\
         `jobbvei report ips-quarterly --from D --to D --by team|office|all [--format json|csv]`\n\n\
         Each row: `rule` (`R5@1`), `group_kind`, `group_id`, `quarter` (`2026-Q1`; the first and last quarters \
         are cut to `--from` and `--to`), `served`, `working`, `new_jobs`, `education`, `rate` (a percentage, \
         unrounded, `null` when `served` is 0) and `benchmark` (`under_minimum`, `minimum`, `gjennomsnitt`, \
         `fremragende`; `null` with the rate). Rows come by group id, then quarter. CSV is the outcome report's \
         Norwegian Excel format with the same columns.\n\n\
         The page `/resultater/ips` shows the viewer's scope (the team lead's team, the leader's office, the whole \
         country for analysts and fagrevisorer) and downloads the same CSV for that scope \
         (`jobbvei-ips-<kind>-<id>-<from>-<to>.csv`). For leaders, analysts and fagrevisorer, counts of 1 to 4 \
         read \"under 5\" on the page and in the file, and a rate made from such a count is left empty.\n",
    );
    s.push_str("\n## Decisions\n\n");
    for line in QUARTERLY_DECISIONS {
        s.push_str(&format!("- {line}\n"));
    }
    s
}

/// How the rule reads what §10 leaves open (English, for `docs/outcomes.md`).
pub const DECISIONS: [&str; 10] = [
    "Groups: a course belongs to its job specialist, the job specialist's team and that team's office, as in the \
     KPIs (the team the user is in now). Grouped by job specialist, the groups are the users with the role \
     `jobbspesialist` and anyone else who holds a course of the window.",
    "Referrals belong to the team they were sent to (and its office). A referral has no job specialist yet, so \
     `henvisninger` and `avvisningsgrunn` are left out of `--by job_specialist`. Split by method, a referral \
     takes its team's method. A decision dated after `to` counts as `ubesvart`; a decision without a date counts.",
    "The phase of an `oppfolging` course is the last phase entry on or before `to`; `ukjent` when there is none.",
    "`sluttarsak` is the course's detailed end cause as written (trimmed); `ukjent` when it has none, which is \
     also the case for a course ended without any end cause. `avvisningsgrunn` and `bransje` read the same way.",
    "Status job ties: among ongoing paid jobs, an unknown percentage ranks below any known one, then the later \
     start, then the higher id wins; among ended ones, the later start, then the higher id.",
    "A course ended to work without a recorded paid job has no status job: it counts as `ukjent` in `jobbform`, \
     `stillingsandel` and `bransje`, and as `uten` in `tilskudd`, so each table adds up to the courses in work.",
    "The percentage is read on `to`, or on the job's end day if it ended before `to`. Bands: 100 or more is \
     `100`; 60 up to 100 is `60-99`; above 0 up to 60 is `1-59`; 0 or none is `ukjent`.",
    "A wage subsidy (`lonnstilskudd_midlertidig` or `lonnstilskudd_varig`, linked to the job) is active on `to` \
     when its status is `innvilget`, `aktiv` or `avsluttet` and its dates cover `to`; no start date counts as \
     open, no end date as open except on an `avsluttet` one (when it ended is unknown, so it is not counted). \
     Drafts, requests sent and declined ones never count.",
    "`arbeidsgivere` counts the employers of the jobs and placements of the population's courses (any form) \
     that overlap the window.",
    "A job or placement that starts after `to` is not read: it cannot be ongoing, completed or overlapping then.",
];
