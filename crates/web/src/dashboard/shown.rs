//! Which groups of a computed report the viewer's page may show. The figures are computed
//! over every group the data knows (every job specialist and team in the country, most of
//! them empty), so each page and its CSV keep only the viewer's own: a job specialist
//! their own figures, a team lead the team and its members, a leader the office's teams,
//! an analyst the country. Nothing else leaves the server, not even as an empty row.

use std::collections::HashSet;

use jobbvei_domain::kpi::{GroupKind, KpiData};

/// The group ids of `by` that a page of `group` (the viewer's own group, if the page has
/// one) in `office` (a leader's page) may show.
pub(super) fn groups(data: &KpiData, by: GroupKind, group: Option<&str>, office: Option<&str>) -> HashSet<String> {
    match (by, group) {
        (GroupKind::All, _) => HashSet::from(["all".to_owned()]),
        (_, Some(g)) => HashSet::from([g.to_owned()]),
        (GroupKind::Team, None) => {
            let Some(office) = office else { return HashSet::new() };
            data.teams
                .iter()
                .filter(|t| t.office.is_some_and(|o| data.offices[o] == office))
                .map(|t| t.id.clone())
                .collect()
        }
        _ => HashSet::new(),
    }
}

/// The job specialists of one team, for the team lead's table per person.
pub(super) fn members(data: &KpiData, team: &str) -> HashSet<String> {
    let Some(t) = data.teams.iter().position(|x| x.id == team) else { return HashSet::new() };
    data.staff.iter().filter(|s| s.team == Some(t) && s.job_specialist).map(|s| s.id.clone()).collect()
}
