//! `GET /forlop/{id}/samarbeidsavtale/utskrift`: the cooperation agreement in plain
//! Norwegian, written to the participant ("du"), to print and hand over. Everyone who may
//! read the participant sees it; a veileder sees that the participant agreed to our talking
//! with named network or health contacts, but not who they are (DOMAIN.md §2).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use jobbvei_store::{Agreement, NameKind, RoleSplit};

use super::agreement::{
    META_CHANNEL, META_FREQUENCY, REACH, ROLES_JS, ROLES_PARTICIPANT, ROLES_VEILEDER, TOOK_PART, label,
};
use super::agreement_page::{Loaded, load, of_pair};
use crate::AppState;
use crate::auth::Viewer;
use crate::dates::day;
use crate::forms::PageError;
use crate::keep::Need;
use crate::names::Names;
use crate::pages::render;
use crate::workplace::{audit_read, entry};

/// Who does what, for one of the three.
struct Part {
    who: String,
    does: Vec<&'static str>,
    text: String,
}

struct View {
    planned: bool,
    date: String,
    present: String,
    consent_employers: bool,
    consent_contacts: bool,
    /// Empty for a veileder, who sees only that there is consent.
    contacts: String,
    parts: Vec<Part>,
    interpreter: String,
    reach: String,
    meta: Vec<(&'static str, String)>,
    /// The agreement was made by an earlier pair: who.
    earlier_pair: String,
}

#[derive(Template)]
#[template(path = "agreement_print.html")]
struct PrintPage {
    participant_id: String,
    course_id: String,
    name: String,
    today: String,
    view: Option<View>,
    can_write: bool,
    open: bool,
}

fn part(who: String, split: &RoleSplit, list: &[(&str, &'static str)]) -> Part {
    Part {
        who,
        does: split.codes.iter().map(|c| label(list, c)).filter(|l| !l.is_empty()).collect(),
        text: split.text.clone().unwrap_or_default(),
    }
}

fn view(a: &Agreement, names: &Names, sees_health: bool, current: bool, today: chrono::NaiveDate) -> View {
    let js = names.of(&a.job_specialist_id);
    let veileder = a.veileder_id.as_deref().map(|v| names.of(v)).unwrap_or_else(|| "veilederen".into());
    let mut present: Vec<String> = a
        .took_part
        .iter()
        .map(|p| match p.as_str() {
            "deltaker" => "du".to_owned(),
            "jobbspesialist" => format!("{js} (jobbspesialist)"),
            "veileder" => format!("{veileder} (veileder i NAV)"),
            other => label(TOOK_PART, other).to_owned(),
        })
        .collect();
    present.extend(a.others.clone());
    let meta = [
        ("Så ofte oppdaterer de hverandre", a.meta.frequency.as_deref().map(|c| label(META_FREQUENCY, c).to_owned())),
        ("Slik", a.meta.channel.as_deref().map(|c| label(META_CHANNEL, c).to_owned())),
        ("Hvis de er uenige", a.meta.disagreement.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    View {
        planned: a.meeting_date > today,
        date: day(a.meeting_date),
        present: present.join(", "),
        consent_employers: a.consent_employers,
        consent_contacts: a.consent_contacts,
        contacts: if sees_health { a.contacts.clone().unwrap_or_default() } else { String::new() },
        parts: vec![
            part(format!("Jobbspesialisten, {js}"), &a.job_specialist, ROLES_JS),
            part(format!("Veilederen i NAV, {veileder}"), &a.veileder, ROLES_VEILEDER),
            part("Du".to_owned(), &a.participant, ROLES_PARTICIPANT),
        ],
        interpreter: match (a.interpreter_used, &a.interpreter_language) {
            (true, Some(l)) => format!("Vi brukte tolk på {l}."),
            (true, None) => "Vi brukte tolk.".to_owned(),
            (false, _) => "Vi brukte ikke tolk.".to_owned(),
        },
        reach: [a.reach_channel.as_deref().map(|c| label(REACH, c).to_owned()), a.reach_note.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(". "),
        meta,
        earlier_pair: if current { String::new() } else { format!("{js} og {veileder}") },
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let Loaded { case, current, latest, .. } = load(&state, &v, &id, Need::Read).await?;
    let shown = current.as_ref().or(latest.as_ref());
    let ids: Vec<&str> = shown
        .map(|a| [Some(a.job_specialist_id.as_str()), a.veileder_id.as_deref()].into_iter().flatten().collect())
        .unwrap_or_default();
    let names = Names::load(&state, NameKind::User, ids).await?;
    audit_read(&state, entry(&state, &v, "read", ("participant", &case.participant), &["cooperation_agreement"]))
        .await?;
    let today = state.clock.today();
    let is_current = shown.is_some_and(|a| of_pair(&case, std::slice::from_ref(a)).is_some());
    Ok(render(&PrintPage {
        participant_id: case.participant.clone(),
        course_id: id.clone(),
        name: case.name.clone(),
        today: day(today),
        view: shown.map(|a| view(a, &names, crate::access::sees_health(&v), is_current, today)),
        can_write: case.rights.write,
        open: !case.ended(),
    }))
}
