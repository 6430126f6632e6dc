//! The caseload's GET parameters: `sorter`, `fase`, `merknad` and (a team lead's)
//! `jobbspesialist`, and the page (`side`, read by `crate::paging`). A value that cannot be read is dropped and explained in Norwegian; the
//! rest of the query still applies.

use jobbvei_domain::alerts::AlertKind;
use jobbvei_domain::course::Phase;

use super::flags::OUTREACH_CODE;
use super::labels;
use crate::dashboard::drill::enc;

#[derive(serde::Deserialize, Default)]
pub(crate) struct Params {
    sorter: Option<String>,
    fase: Option<String>,
    merknad: Option<String>,
    jobbspesialist: Option<String>,
    pub side: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sort {
    Name,
    Phase,
    DaysInPhase,
    LastActivity,
    NextContact,
    Flags,
    JobSpecialist,
}

impl Sort {
    const ALL: [Sort; 7] = [
        Sort::Name,
        Sort::JobSpecialist,
        Sort::Phase,
        Sort::DaysInPhase,
        Sort::LastActivity,
        Sort::NextContact,
        Sort::Flags,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Sort::Name => "navn",
            Sort::Phase => "fase",
            Sort::DaysInPhase => "dager",
            Sort::LastActivity => "siste",
            Sort::NextContact => "neste",
            Sort::Flags => "merknader",
            Sort::JobSpecialist => "jobbspesialist",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Sort::Name => "Deltaker",
            Sort::Phase => "Fase",
            Sort::DaysInPhase => "Dager i fase",
            Sort::LastActivity => "Siste aktivitet",
            Sort::NextContact => "Neste kontakt",
            Sort::Flags => "Merknader",
            Sort::JobSpecialist => "Jobbspesialist",
        }
    }
}

/// The query, read.
pub(crate) struct Ask {
    pub sort: Sort,
    /// A phase code, or `ingen` for courses without a phase.
    pub phase: Option<String>,
    /// `med`, `uten`, `forfalt`, `passiv`, an alert kind's code or `kontaktforsok`.
    pub flag: Option<String>,
    /// A team member's user id (team lead only).
    pub staff: Option<String>,
}

impl Ask {
    pub fn filtered(&self) -> bool {
        self.phase.is_some() || self.flag.is_some() || self.staff.is_some()
    }

    /// The parameters a page link keeps: this sort and these filters.
    pub fn keep(&self) -> Vec<(&'static str, String)> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            ("sorter", self.sort.code().to_owned()),
            ("fase", opt(&self.phase)),
            ("merknad", opt(&self.flag)),
            ("jobbspesialist", opt(&self.staff)),
        ]
    }

    /// The query for this view sorted by `by` (from its first page).
    fn query(&self, by: Sort) -> String {
        let mut q = format!("?sorter={}", by.code());
        for (k, v) in [("fase", &self.phase), ("merknad", &self.flag), ("jobbspesialist", &self.staff)] {
            if let Some(v) = v {
                q.push_str(&format!("&{k}={}", enc(v)));
            }
        }
        q
    }
}

/// The flag filter's fixed choices, before the alert kinds.
const FLAG_GROUPS: [(&str, &str); 4] =
    [("med", "Med merknader"), ("forfalt", "Over fristen"), ("uten", "Uten merknader"), ("passiv", "Passive forløp")];

fn flag_code_ok(v: &str) -> bool {
    FLAG_GROUPS.iter().any(|(c, _)| *c == v) || v == OUTREACH_CODE || AlertKind::parse(v).is_some()
}

/// Reads the query; each value it cannot use is left out and explained (field id, message).
pub(crate) fn ask(p: &Params, team_view: bool, members: &[String]) -> (Ask, Vec<(&'static str, String)>) {
    let mut errors = Vec::new();
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let sort = match given(&p.sorter) {
        None => Sort::Name,
        Some(s) => match Sort::ALL.iter().find(|x| x.code() == s && (team_view || **x != Sort::JobSpecialist)) {
            Some(x) => *x,
            None => {
                errors.push(("portefolje", "Listen kan sorteres etter deltaker, fase, dager i fase, siste aktivitet, neste kontakt eller merknader.".into()));
                Sort::Name
            }
        },
    };
    let phase = given(&p.fase).filter(|f| {
        let ok = f == "ingen" || Phase::parse(f).is_some_and(|x| x != Phase::Ended);
        if !ok {
            errors.push(("fase", "Velg en fase fra listen.".into()));
        }
        ok
    });
    let flag = given(&p.merknad).filter(|f| {
        let ok = flag_code_ok(f);
        if !ok {
            errors.push(("merknad", "Velg en merknad fra listen.".into()));
        }
        ok
    });
    let staff = given(&p.jobbspesialist).filter(|s| {
        let ok = team_view && members.iter().any(|m| m == s);
        if !ok {
            let text = if team_view {
                "Velg en jobbspesialist i teamet fra listen."
            } else {
                "Bare teamleder kan velge jobbspesialist i porteføljen."
            };
            errors.push(("jobbspesialist", text.into()));
        }
        ok
    });
    (Ask { sort, phase, flag, staff }, errors)
}

/// The sortable column headers, in the table's order.
pub(crate) fn headers(a: &Ask, team_view: bool) -> Vec<super::caseload::SortLink> {
    Sort::ALL
        .iter()
        .filter(|s| team_view || **s != Sort::JobSpecialist)
        .map(|s| super::caseload::SortLink {
            label: s.label(),
            href: format!("/portefolje{}", a.query(*s)),
            aria_sort: if *s == a.sort { "ascending" } else { "none" },
        })
        .collect()
}

pub(crate) fn phase_choices(a: &Ask) -> Vec<(&'static str, &'static str, bool)> {
    let selected = |c: &str| a.phase.as_deref() == Some(c);
    Phase::ALL
        .iter()
        .filter(|p| **p != Phase::Ended)
        .map(|p| (p.code(), labels::phase(p.code()), selected(p.code())))
        .chain(std::iter::once(("ingen", "Ingen fase registrert", selected("ingen"))))
        .collect()
}

pub(crate) fn flag_choices(a: &Ask) -> Vec<(&'static str, &'static str, bool)> {
    let selected = |c: &str| a.flag.as_deref() == Some(c);
    FLAG_GROUPS
        .iter()
        .map(|(c, l)| (*c, *l, selected(c)))
        .chain(AlertKind::ALL.iter().map(|k| (k.code(), labels::alert(k.code()), selected(k.code()))))
        .chain(std::iter::once((OUTREACH_CODE, super::flags::OUTREACH, selected(OUTREACH_CODE))))
        .collect()
}
