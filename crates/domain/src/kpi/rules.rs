//! The KPI rules of DOMAIN.md §5: their ids, versions and plain-Norwegian texts (shown
//! beside every figure and in `docs/kpi.md`), and the predicates they are built on.
//! A change to what a rule counts must bump its version.

use crate::activity::{ActivityKind, ActivityStatus, Channel, Subcategory};
use crate::codes;

use super::data::ActivityFact;

codes! {
    /// The key figures. K5 has two parts, a and b.
    pub enum Kpi {
        K1 = "K1", K1p = "K1p", K2 = "K2", K3 = "K3", K4 = "K4", K5a = "K5a", K5b = "K5b",
        K6 = "K6", K7 = "K7", K8 = "K8", K9 = "K9",
    }
}

/// A published rule: what a figure counts, in words everyone can read.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub kpi: Kpi,
    pub version: u32,
    pub name: &'static str,
    pub text: &'static str,
    pub ideal: &'static str,
}

impl Rule {
    /// `K2@1`
    pub fn id(&self) -> String {
        format!("{}@{}", self.kpi.code(), self.version)
    }
}

impl Kpi {
    /// Parses a `--kpi` item; `K5` stands for both K5a and K5b.
    pub fn parse_list_item(s: &str) -> Option<Vec<Kpi>> {
        match s.trim() {
            "K5" => Some(vec![Kpi::K5a, Kpi::K5b]),
            other => Kpi::parse(other).map(|k| vec![k]),
        }
    }

    pub fn rule(self) -> &'static Rule {
        // RULES is in Kpi::ALL order.
        &RULES[self as usize]
    }

    /// Whether the figure reads courses (and their jobs, passive periods and measures):
    /// all but K1 and K2, which are figures of the activity log and the FTE alone.
    pub fn reads_courses(self) -> bool {
        !matches!(self, Kpi::K1 | Kpi::K2)
    }

    /// Whether the figure reads the activity log: K1, K1p and K2 count activities, K3 looks
    /// for each course's first K1p meeting and K8 for its follow-up activities.
    pub fn reads_activities(self) -> bool {
        matches!(self, Kpi::K1 | Kpi::K1p | Kpi::K2 | Kpi::K3 | Kpi::K8)
    }

    /// Whether the figure reads an activity's kind, channel, decision maker or subcategory:
    /// all that read activities but K2, which reads only their status and time.
    pub fn reads_meetings(self) -> bool {
        self.reads_activities() && self != Kpi::K2
    }
}

pub const RULES: [Rule; 11] = [
    Rule {
        kpi: Kpi::K1,
        version: 1,
        name: "Tellende arbeidsgivermøter",
        text: "Gjennomførte aktiviteter av typen arbeidsgivermøte, med kanal fysisk, der personen jobbspesialisten møtte \
               kan ta beslutninger om ansettelse, og med underkategori jobbutvikling eller relasjonsbygging (ikke \
               jobbstøtte eller oppfølging). Digitale møter, telefon og avlyste møter teller ikke. Tallet er møter per \
               jobbspesialist-årsverk per uke: antall møter delt på summen av jobbspesialistenes stillingsandel × \
               antall uker i perioden. Møtet hører til uken det startet i (norsk tid) og til den som gjennomførte det.",
        ideal: "",
    },
    Rule {
        kpi: Kpi::K1p,
        version: 1,
        name: "Deltakerspesifikke arbeidsgivermøter",
        text: "Tellende arbeidsgivermøter (K1) som er knyttet til en deltakers forløp. Regnes per jobbspesialist-årsverk \
               per uke som K1.",
        ideal: "Minst 6 per jobbspesialist per uke",
    },
    Rule {
        kpi: Kpi::K2,
        version: 1,
        name: "Utetid",
        text: "Summen av minutter for gjennomførte aktiviteter merket «ute av kontoret», med reisetid til og fra, delt \
               på 37,5 timer × 60 minutter × stillingsandel × antall uker i perioden, summert over gruppens \
               jobbspesialister, ganger 100.",
        ideal: "40 % (IPS: 65 %)",
    },
    Rule {
        kpi: Kpi::K3,
        version: 1,
        name: "Dager til første arbeidsgiverkontakt",
        text: "For forløp som startet i perioden: dager fra forløpets start til datoen (norsk tid) for forløpets første \
               deltakerspesifikke arbeidsgivermøte (K1p) på eller etter start. Verdien er medianen for forløpene som \
               har hatt et slikt møte innen rapportens sluttdato; teller er hvor mange som er målt, nevner hvor mange \
               som startet.",
        ideal: "Høyst 30 dager",
    },
    Rule {
        kpi: Kpi::K4,
        version: 1,
        name: "Portefølje",
        text: "På periodens siste dag: forløp som har startet og ikke er avsluttet, og som ikke er i en passiv periode, \
               delt på jobbspesialistenes samlede stillingsandel. Passive forløp vises for seg.",
        ideal: "12–20 per jobbspesialist",
    },
    Rule {
        kpi: Kpi::K5a,
        version: 1,
        name: "Til arbeid",
        text: "Deltakere der forløpets første lønnede jobb starter i perioden, per jobbspesialist-årsverk. Lønnet jobb \
               er fast, tidsbegrenset, tilkalling, lærling eller selvstendig med lønn, med eller uten lønnstilskudd \
               (de med tilskudd vises også for seg). Jobbsmak og arbeidstrening teller aldri.",
        ideal: "9 per jobbspesialist per år",
    },
    Rule {
        kpi: Kpi::K5b,
        version: 1,
        name: "Til arbeid innen et år",
        text: "Av forløpene som startet i perioden: andelen (prosent) der første lønnede jobb startet innen 365 dager \
               etter forløpets start, og senest på rapportens sluttdato.",
        ideal: "65 %",
    },
    Rule {
        kpi: Kpi::K6,
        version: 1,
        name: "Sysselsettingsrate",
        text: "Av deltakerne som hadde et forløp åpent en eller flere dager i perioden: andelen (prosent) som hadde en \
               lønnet jobb som varte en eller flere dager i perioden.",
        ideal: "Minst 31 %, snitt 41 %, svært godt 50 %",
    },
    Rule {
        kpi: Kpi::K7,
        version: 1,
        name: "Varighet i jobb",
        text: "Av de lønnede jobbene som startet i perioden: andelen (prosent) som fortsatt varte 3, 6 og 12 måneder \
               etter start. Bare jobber der tidspunktet er passert innen rapportens sluttdato er med.",
        ideal: "",
    },
    Rule {
        kpi: Kpi::K8,
        version: 1,
        name: "Oppfølging etter ansettelse",
        text: "For lønnede jobber som startet i perioden og har passert 6 måneder innen rapportens sluttdato: antall \
               av de første 6 månedene med minst én gjennomført oppfølgingsaktivitet i forløpet (underkategori \
               jobbstøtte eller oppfølging, eller et deltakermøte). Verdien er snittet per jobb.",
        ideal: "Alle 6 månedene",
    },
    Rule {
        kpi: Kpi::K9,
        version: 1,
        name: "Bredde i jobbtyper",
        text: "Av de lønnede jobbene som startet i perioden: antall ulike STYRK-koder delt på antall jobber, og antall \
               ulike arbeidsgivere delt på antall jobber (prosent).",
        ideal: "",
    },
];

/// What "done" means for K1, K1p, K2 and K8, shown with their rules.
pub const DONE_TEXT: &str = "«Gjennomført» betyr status gjennomført eller deltaker uteble (jobbspesialisten var der).";

impl ActivityFact {
    pub fn is_done(&self) -> bool {
        self.status.is_done()
    }

    /// Why the activity is not done, in the words of the drill-down; `None` when it is.
    fn not_done(&self) -> Option<&'static str> {
        match self.status {
            _ if self.is_done() => None,
            ActivityStatus::Cancelled => Some("avlyst"),
            _ => Some("ikke gjennomført (planlagt)"),
        }
    }

    /// K1: why the activity is not a countable employer meeting; `None` when it is one.
    /// [`ActivityFact::is_k1`] and the drill-down's reasons both read this one rule.
    pub fn k1_exclusion(&self) -> Option<&'static str> {
        if let Some(reason) = self.not_done() {
            return Some(reason);
        }
        if self.kind != ActivityKind::EmployerMeeting {
            return Some("ikke arbeidsgivermøte");
        }
        match self.channel {
            Some(Channel::Physical) => {}
            Some(Channel::Digital) => return Some("digitalt møte"),
            Some(Channel::Phone) => return Some("telefon"),
            None => return Some("kanal mangler"),
        }
        match self.decision_maker {
            Some(true) => {}
            Some(false) => return Some("ikke beslutningstaker"),
            None => return Some("ukjent om beslutningstaker"),
        }
        if !matches!(self.subcategory, Some(Subcategory::JobDevelopment | Subcategory::RelationshipBuilding)) {
            return Some("ikke jobbutvikling eller relasjonsbygging");
        }
        None
    }

    /// K1: a countable employer meeting.
    pub fn is_k1(&self) -> bool {
        self.k1_exclusion().is_none()
    }

    /// K1p: why the activity is not a K1 meeting on a participant's course; `None` when it is.
    pub fn k1p_exclusion(&self) -> Option<&'static str> {
        self.k1_exclusion().or(if self.linked { None } else { Some("ikke knyttet til et forløp") })
    }

    /// K1p: a K1 meeting on a participant's course.
    pub fn is_k1p(&self) -> bool {
        self.k1p_exclusion().is_none()
    }

    /// K2: why the activity gives no time out of office; `None` when it gives its minutes.
    pub fn k2_exclusion(&self) -> Option<&'static str> {
        self.not_done().or(if self.out_of_office { None } else { Some("ikke ute av kontoret") })
    }

    /// K2's minutes: done, out of office, with travel.
    pub fn k2_minutes(&self) -> u32 {
        if self.k2_exclusion().is_none() { self.minutes + self.travel } else { 0 }
    }

    /// K8: follow-up after hiring.
    pub fn is_followup(&self) -> bool {
        self.is_done()
            && (matches!(self.subcategory, Some(Subcategory::JobSupport | Subcategory::FollowUp))
                || self.kind == ActivityKind::ParticipantMeeting)
    }
}

/// What holds for every figure, in the words shown with them.
pub const COMMON_TEXT: &[&str] = &[
    "Aktivitetsbaserte tall (K1, K1p, K2) hører til den som gjorde aktiviteten; forløpsbaserte tall til forløpets \
     jobbspesialist. Et team samler sine medlemmers tall, et kontor sine teams, landet alle.",
    "En aktivitet hører til uken, måneden, kvartalet og året den startet i, etter norsk tid (Europe/Oslo, også \
     rundt overgang til og fra sommertid). Uker er ISO-uker.",
    "Antall uker i en periode er antall dager delt på 7; første og siste periode kuttes ved rapportens datoer.",
    "Bare brukere med rollen jobbspesialist teller i nevneren (stillingsandel), og bare deres egne aktiviteter i \
     K1, K1p og K2.",
    "En gruppe uten data i en periode får ingen verdi (tom), aldri en oppdiktet null.",
    "Målene er idealer for teamet, ikke en rangering av personer.",
];

/// `docs/kpi.md`: generated from the texts above, so the page and the code never differ.
pub fn markdown() -> String {
    let mut s = String::from(
        "# KPI definitions\n\n\
         Generated by `jobbvei docs kpi` from the rule texts in `crates/domain/src/kpi/rules.rs`; the test suite \
         fails if this file and the code differ. The texts are the ones shown beside every figure in Jobbvei \
         (Norwegian). Each rule has an id and a version (`K2@1`); a change to what a rule counts gets a new \
         version.\n\n## Felles regler\n\n",
    );
    for line in COMMON_TEXT {
        s.push_str(&format!("- {line}\n"));
    }
    s.push_str(&format!("- {DONE_TEXT}\n"));
    for rule in &RULES {
        s.push_str(&format!("\n## {} – {} (`{}`)\n\n{}\n", rule.kpi.code(), rule.name, rule.id(), rule.text));
        if !rule.ideal.is_empty() {
            s.push_str(&format!("\nIdeal: {}\n", rule.ideal));
        }
    }
    s.push_str(
        "\n## Report fields (`jobbvei report kpi`)\n\n\
         Each row: `kpi`, `rule`, `group_kind` (`job_specialist`, `team`, `office`, `all`), `group_id` (exchange \
         id; `all` for the whole country), `period` (`2024-W07`, `2024-02`, `2024-Q1`, `2024`), `value`, \
         `numerator`, `denominator` (`null` when the group has no data in the period). K3: `value` is the median \
         in days, `numerator` the courses measured, `denominator` the courses started. K4 adds `passive`, K5a \
         `subsidised`, K7 `at_months` (3, 6, 12), K9 `dimension` (`styrk`, `employer`). Shares (K2, K5b, K6, K7, \
         K9) are percentages (0–100). Values are not rounded.\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_in_kpi_order() {
        for (i, k) in Kpi::ALL.iter().enumerate() {
            assert_eq!(RULES[i].kpi, *k);
            assert_eq!(k.rule().kpi, *k);
        }
        assert_eq!(Kpi::K2.rule().id(), "K2@1");
        assert_eq!(Kpi::parse_list_item("K5"), Some(vec![Kpi::K5a, Kpi::K5b]));
        assert_eq!(Kpi::parse_list_item("K10"), None);
    }
}
