//! People, teams, offices and employers are shown by name on the pages; ids belong to the
//! exchange format and the JSON API (`docs/names-and-dates.md`). Records hold ids, so a page
//! looks the names up once, here, and never falls back to printing the id.

use std::collections::HashMap;

use jobbvei_domain::kpi::GroupKind;
use jobbvei_store::{NameKind, StoreError};

use crate::AppState;

/// The names of one kind of record, for the ids a page is about to show.
pub(crate) struct Names {
    kind: NameKind,
    found: HashMap<String, String>,
}

impl Names {
    pub(crate) async fn load<I, S>(state: &AppState, kind: NameKind, ids: I) -> Result<Names, StoreError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let ids: Vec<String> = ids.into_iter().map(|i| i.as_ref().to_owned()).collect();
        Ok(Names { kind, found: state.db.names(kind, &ids).await? })
    }

    /// The name; for an id no longer known, what it is ("Ukjent bruker"), never the id.
    pub(crate) fn of(&self, id: &str) -> String {
        if id.is_empty() {
            return String::new();
        }
        self.found.get(id).cloned().unwrap_or_else(|| unknown(self.kind).to_owned())
    }
}

fn unknown(kind: NameKind) -> &'static str {
    match kind {
        NameKind::User => "Ukjent bruker",
        NameKind::Team => "Ukjent team",
        NameKind::Office => "Ukjent kontor",
        NameKind::Employer => "Ukjent arbeidsgiver",
        NameKind::Contact => "Ukjent kontaktperson",
        NameKind::Ad => "Ukjent stillingsannonse",
    }
}

/// One user's name, for a page about a single record.
pub(crate) async fn user(state: &AppState, id: &str) -> Result<String, StoreError> {
    Ok(Names::load(state, NameKind::User, [id]).await?.of(id))
}

/// One team's name.
pub(crate) async fn team(state: &AppState, id: &str) -> Result<String, StoreError> {
    Ok(Names::load(state, NameKind::Team, [id]).await?.of(id))
}

/// One office's name.
pub(crate) async fn office(state: &AppState, id: &str) -> Result<String, StoreError> {
    Ok(Names::load(state, NameKind::Office, [id]).await?.of(id))
}

/// The names of a KPI report's groups, in the report's order.
pub(crate) async fn groups(state: &AppState, by: GroupKind, ids: &[String]) -> Result<Vec<String>, StoreError> {
    let kind = match by {
        GroupKind::JobSpecialist => NameKind::User,
        GroupKind::Team => NameKind::Team,
        GroupKind::Office => NameKind::Office,
        GroupKind::All => return Ok(ids.iter().map(|_| "Hele landet".to_owned()).collect()),
    };
    let names = Names::load(state, kind, ids).await?;
    Ok(ids.iter().map(|id| names.of(id)).collect())
}

/// Each course's participant as (id, name), for courses a page has only the id of (an
/// alert on a course that has ended and so is no longer in the caseload).
pub(crate) async fn course_participants(
    state: &AppState,
    courses: &[&str],
) -> Result<HashMap<String, (String, String)>, StoreError> {
    let mut of_course = Vec::new();
    for c in courses {
        if let Some(course) = state.db.course(c).await? {
            of_course.push(((*c).to_owned(), course.participant.as_str().to_owned()));
        }
    }
    let ids: Vec<String> = of_course.iter().map(|(_, p)| p.clone()).collect();
    let names: HashMap<String, String> =
        state.db.participants(&ids).await?.into_iter().map(|p| (p.id.as_str().to_owned(), p.name)).collect();
    Ok(of_course.into_iter().filter_map(|(c, p)| names.get(&p).map(|n| (c, (p.clone(), n.clone())))).collect())
}
