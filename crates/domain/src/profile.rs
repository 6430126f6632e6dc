//! The participant's vocational profile, disclosure plan, support needs and plan (DOMAIN.md
//! §4): the field list of the profile and the closed code lists, with Norwegian labels.

use crate::codelist::StyrkCode;
use crate::codes;

/// One field of the vocational profile, as stored (column name) and shown (label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileField {
    pub name: &'static str,
    pub label: &'static str,
    /// Special-category data (health): shown only to the case roles that may write the participant.
    pub special: bool,
}

const fn field(name: &'static str, label: &'static str) -> ProfileField {
    ProfileField { name, label, special: false }
}

/// Every field of a profile version, in the order the form shows them. The store uses the
/// names as column names, so a field cannot drift between layers.
pub const PROFILE_FIELDS: &[ProfileField] = &[
    field("wanted_styrk", "Ønskede yrker (STYRK-08-koder, kommaseparert)"),
    field("industries", "Bransjer"),
    field("tasks", "Arbeidsoppgaver"),
    field("hours", "Arbeidstid og stillingsprosent"),
    field("work_environment", "Arbeidsmiljø"),
    field("geography", "Geografi og reise"),
    field("driving_licence", "Førerkort"),
    field("education", "Utdanning"),
    field("work_history", "Arbeidserfaring"),
    field("interests", "Interesser"),
    field("strengths", "Styrker"),
    ProfileField { name: "health_considerations", label: "Helsehensyn", special: true },
    ProfileField { name: "warning_signs", label: "Tidlige varseltegn", special: true },
    field("coping", "Mestringsstrategier"),
    field("network", "Nettverk"),
    field("benefits_planning", "Ytelsesplanlegging før oppstart"),
    field("facilitation", "Tilretteleggingsbehov"),
];

/// Reads a comma-separated list of STYRK-08 codes. `Err` holds the first unknown code.
pub fn parse_styrk_list(text: &str) -> Result<Vec<StyrkCode>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| StyrkCode::parse(s).ok_or_else(|| s.to_owned()))
        .collect()
}

codes! {
    /// The three levels of support needs.
    pub enum SupportLevel { Individual = "individ", Social = "sosial", Society = "samfunn" }
}

codes! {
    /// The fixed taxonomy of support needs (bistandsbehov).
    pub enum SupportNeed {
        Language = "sprak",
        PhysicalHealth = "fysisk_helse",
        MentalHealth = "psykisk_helse",
        Substance = "rus",
        Literacy = "lese_skrive",
        DigitalSkills = "digitale_ferdigheter",
        EducationGap = "utdanningshull",
        Trauma = "traumer",
        Care = "omsorg",
        Housing = "bolig",
        EconomyDebt = "okonomi_gjeld",
        Network = "nettverk",
        Discrimination = "diskriminering",
        Qualifications = "godkjenning_kvalifikasjoner",
        Transport = "transport",
    }
}

impl SupportLevel {
    pub fn label(self) -> &'static str {
        match self {
            SupportLevel::Individual => "Individ",
            SupportLevel::Social => "Sosialt",
            SupportLevel::Society => "Samfunn",
        }
    }
}

impl SupportNeed {
    /// The level a need belongs to; a need is stored with its level and must match it.
    pub fn level(self) -> SupportLevel {
        use SupportNeed::*;
        match self {
            Language | PhysicalHealth | MentalHealth | Substance | Literacy | DigitalSkills | EducationGap | Trauma => {
                SupportLevel::Individual
            }
            Care | Housing | EconomyDebt | Network => SupportLevel::Social,
            Discrimination | Qualifications | Transport => SupportLevel::Society,
        }
    }

    pub fn label(self) -> &'static str {
        use SupportNeed::*;
        match self {
            Language => "Språk",
            PhysicalHealth => "Fysisk helse",
            MentalHealth => "Psykisk helse",
            Substance => "Rus",
            Literacy => "Lese- og skriveferdigheter",
            DigitalSkills => "Digitale ferdigheter",
            EducationGap => "Hull i utdanning",
            Trauma => "Traumer",
            Care => "Familie og omsorgsoppgaver",
            Housing => "Bolig",
            EconomyDebt => "Økonomi og gjeld",
            Network => "Nettverk",
            Discrimination => "Diskriminering",
            Qualifications => "Godkjenning av kvalifikasjoner",
            Transport => "Transport",
        }
    }
}

codes! {
    /// What a plan item is: a goal, a sub-goal under it, or an activity.
    pub enum PlanKind { Goal = "mal", SubGoal = "delmal", Activity = "aktivitet" }
}

codes! {
    /// Who is responsible for a plan item.
    pub enum PlanOwner {
        Participant = "deltaker",
        JobSpecialist = "jobbspesialist",
        Veileder = "veileder",
        Employer = "arbeidsgiver",
    }
}

codes! {
    /// NAV's activity-plan statuses.
    pub enum PlanStatus { Planned = "planlagt", InProgress = "gjennomfores", Done = "fullfort", Cancelled = "avbrutt" }
}

impl PlanKind {
    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Goal => "Mål",
            PlanKind::SubGoal => "Delmål",
            PlanKind::Activity => "Aktivitet",
        }
    }
}

impl PlanOwner {
    pub fn label(self) -> &'static str {
        match self {
            PlanOwner::Participant => "Deltaker",
            PlanOwner::JobSpecialist => "Jobbspesialist",
            PlanOwner::Veileder => "Veileder",
            PlanOwner::Employer => "Arbeidsgiver",
        }
    }
}

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Planned => "Planlagt",
            PlanStatus::InProgress => "Gjennomføres",
            PlanStatus::Done => "Fullført",
            PlanStatus::Cancelled => "Avbrutt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styrk_list_reports_the_first_unknown_code() {
        let ok = parse_styrk_list(" 5120, 7512 ,").map(|v| v.iter().map(|c| c.as_str()).collect::<Vec<_>>());
        assert_eq!(ok, Ok(vec!["5120", "7512"]));
        assert_eq!(parse_styrk_list("5120,9999").map(|v| v.len()), Err("9999".to_owned()));
    }

    #[test]
    fn every_need_has_a_level_and_every_level_a_need() {
        for l in SupportLevel::ALL {
            assert!(SupportNeed::ALL.iter().any(|n| n.level() == *l), "{l}");
        }
        assert_eq!(SupportNeed::Transport.level(), SupportLevel::Society);
        assert_eq!(PROFILE_FIELDS.iter().filter(|f| f.special).count(), 2);
    }
}
