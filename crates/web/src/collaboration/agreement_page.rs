//! `GET/POST /forlop/{id}/samarbeidsavtale`: the owner or the team lead records the
//! three-party meeting and its cooperation agreement (DOMAIN.md §3 point 2). One agreement
//! per pair: saving again changes this pair's agreement; after a new veileder or job
//! specialist, the last agreement fills the form and is saved as the new pair's own. The
//! pair's own agreement (metasamtale) is offered when they have not shared a course before.
//! The other of the pair is told in the same transaction (`notify::pair`).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_store::{Agreement, PairAgreement, RoleSplit};

use super::agreement::{changed, fields, parse, typed};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};
use crate::keep::form::{self, FormPage, Typed};
use crate::keep::{CourseCase, ENDED, Need, course_case};
use crate::notify::notices::By;

/// The course, this pair's agreement if made, the last one of any pair, and whether the
/// pair's own agreement is offered.
pub(crate) struct Loaded {
    pub case: CourseCase,
    pub current: Option<Agreement>,
    pub latest: Option<Agreement>,
    pub offered: bool,
}

/// This pair's agreement among the course's (newest first).
pub(crate) fn of_pair<'a>(case: &CourseCase, all: &'a [Agreement]) -> Option<&'a Agreement> {
    all.iter().find(|a| a.job_specialist_id == case.course.job_specialist.as_str() && a.veileder_id == case.veileder)
}

pub(crate) async fn load(state: &AppState, v: &Viewer, id: &str, need: Need) -> Result<Loaded, PageError> {
    let case = course_case(state, v, id, need).await?;
    let all = state.db.course_agreements(id).await?;
    let current = of_pair(&case, &all).cloned();
    let new_pair = match &case.veileder {
        Some(veileder) => state.db.pair_courses(case.course.job_specialist.as_str(), veileder, id).await? == 0,
        None => false,
    };
    let offered = new_pair || current.as_ref().is_some_and(|a| a.meta_offered || a.meta != PairAgreement::default());
    Ok(Loaded { case, current, latest: all.into_iter().next(), offered })
}

fn page(l: &Loaded) -> FormPage {
    let mut lead = match (&l.current, &l.latest) {
        (Some(_), _) => "Endringer lagres i avtalen dere har laget.".to_owned(),
        (None, Some(_)) => {
            "Den forrige avtalen, laget med en annen jobbspesialist eller veileder, er fylt inn. Den lagres \
                            som en ny avtale for dere som følger deltakeren nå."
                .to_owned()
        }
        (None, None) => "Registrer trepartssamtalen med deltakeren og veilederen, og avtalen dere gjør der.".to_owned(),
    };
    if l.case.veileder.is_none() {
        lead.push_str(" Deltakeren har ingen veileder i NAV registrert i Jobbvei.");
    }
    let id = l.case.course.id.as_str();
    FormPage::new(&l.case.name, "Trepartssamtale og samarbeidsavtale", "Lagre avtalen")
        .lead(lead)
        .at(format!("/forlop/{id}/samarbeidsavtale"), format!("{}#forlop-{id}", l.case.back()))
        .fields(fields(l.offered))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let l = load(&state, &v, &id, Need::Write).await?;
    l.case.audit_shown(&state, &v, &["cooperation_agreement"]).await?;
    let typed = match l.current.as_ref().or(l.latest.as_ref()) {
        Some(a) => typed(a),
        None => Typed::from([
            ("meeting_date".to_owned(), state.clock.today().to_string()),
            ("took_part".to_owned(), "deltaker,jobbspesialist,veileder".to_owned()),
        ]),
    };
    let errors = if l.case.ended() { form::refusal("meeting_date", ENDED) } else { form::none() };
    Ok(page(&l).open(&v, &typed, &errors))
}

/// A new agreement for the pair that follows the course now.
fn fresh(l: &Loaded, v: &Viewer, at: chrono::DateTime<chrono::Utc>, today: chrono::NaiveDate) -> Option<Agreement> {
    let me = v.user.id.as_str().to_owned();
    Some(Agreement {
        id: new_id("sa")?,
        course_id: l.case.course.id.as_str().to_owned(),
        job_specialist_id: l.case.course.job_specialist.as_str().to_owned(),
        veileder_id: l.case.veileder.clone(),
        meeting_date: today,
        took_part: Vec::new(),
        others: None,
        consent_employers: false,
        consent_contacts: false,
        contacts: None,
        job_specialist: RoleSplit::default(),
        veileder: RoleSplit::default(),
        participant: RoleSplit::default(),
        interpreter_used: false,
        interpreter_language: None,
        reach_channel: None,
        reach_note: None,
        meta_offered: l.offered,
        meta: PairAgreement::default(),
        created_by: me.clone(),
        created_at: at,
        updated_by: me,
        updated_at: at,
    })
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm,
) -> Result<Response, PageError> {
    let l = load(&state, &v, &id, Need::Write).await?;
    let (now, today) = (state.clock.now(), state.clock.today());
    let base = match &l.current {
        Some(a) => Agreement { updated_by: v.user.id.as_str().to_owned(), updated_at: now, ..a.clone() },
        None => fresh(&l, &v, now, today).ok_or_else(|| PageError::Internal("no random id".into()))?,
    };
    let agreement = match parse(&l.case, &form, base, today) {
        Ok(a) => a,
        Err(errors) => return Ok(page(&l).refuse(&v, &form, &errors)),
    };
    let fields = changed(l.current.as_ref(), &agreement);
    let back = format!("/forlop/{id}/samarbeidsavtale/utskrift");
    if fields.is_empty() {
        return Ok(Redirect::to(&back).into_response());
    }
    let planned = agreement.meeting_date > today;
    // Recorded for the first time: new, or a planned meeting that has now taken place.
    let first = l.current.as_ref().is_none_or(|c| c.meeting_date > today);
    let mut change = Change::begin(&state, &v).await?;
    change.tx().save_agreement(&agreement).await?;
    let action = if l.current.is_none() { "create" } else { "update" };
    change.audit(action, ("participant", &l.case.participant), &fields).await?;
    let by = By { user: v.user.id.as_str(), at: now };
    crate::notify::pair::agreement_saved(change.tx(), &by, &l.case.pair(), agreement.meeting_date, planned, first)
        .await?;
    change.commit().await?;
    Ok(Redirect::to(&back).into_response())
}
