//! Supported education (DOMAIN.md §4): `/forlop/{id}/utdanning` adds one to a course and
//! `/utdanning/{id}` updates it, as it goes from applied to started to completed. Education
//! is a positive outcome of its own, apart from work (K5).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{Education, EducationStatus, ExtId};

use super::form::{self, Field, FieldKind, FormPage, Reader, Typed, day};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};

/// Levels offered while typing; another level may be written.
const LEVELS: &[&str] =
    &["Grunnskole", "Videregående", "Fagbrev", "Fagskole", "Universitet eller høgskole", "Kurs", "Norskopplæring"];

pub(crate) fn status_label(s: EducationStatus) -> &'static str {
    match s {
        EducationStatus::Applied => "Søkt",
        EducationStatus::Planned => "Planlagt",
        EducationStatus::Ongoing => "Pågår",
        EducationStatus::Completed => "Fullført",
        EducationStatus::Interrupted => "Avbrutt",
    }
}

fn fields() -> Vec<Field> {
    let statuses: Vec<(&str, &str)> = EducationStatus::ALL.iter().map(|s| (s.code(), status_label(*s))).collect();
    vec![
        Field::new("level", "Nivå", FieldKind::Text)
            .hint("For eksempel videregående eller fagbrev.")
            .owned_options(LEVELS.iter().map(|l| ((*l).to_owned(), String::new())).collect()),
        Field::new("programme", "Utdanningsprogram eller fag", FieldKind::Text).optional(),
        Field::new("institution", "Skole eller lærested", FieldKind::Text).optional(),
        Field::new("status", "Status", FieldKind::Select).options(statuses),
        Field::new("start", "Start", FieldKind::Date),
        Field::new("end", "Slutt", FieldKind::Date).optional(),
    ]
}

fn page(case: &CourseCase, action: String) -> FormPage {
    FormPage::new(&case.name, "Utdanning", "Lagre utdanningen")
        .lead("Støttet utdanning er et eget godt resultat, ved siden av arbeid.")
        .at(action, format!("{}#utdanning", case.back()))
        .fields(fields())
}

/// The education as typed; `id` is kept when updating.
pub(crate) fn parse(case: &CourseCase, id: ExtId, form: &Typed) -> Result<Education, form::Errors> {
    let mut r = Reader::new(form);
    if case.ended() {
        r.fail("level", ENDED);
    }
    let level = r.opt_text("level");
    if level.is_none() {
        r.fail("level", "Skriv nivået, for eksempel videregående.");
    }
    let programme = r.opt_text("programme");
    let institution = r.opt_text("institution");
    let status = r.code("status", EducationStatus::parse, "Velg status.");
    let start = r.date("start", "Skriv startdatoen.");
    let end = r.opt_date("end");
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        r.fail("end", format!("Slutt kan ikke være før start ({}).", day(s)));
    }
    match (level, start) {
        (Some(level), Some(start)) if r.errors.is_empty() => {
            Ok(Education { id, course: case.course.id.clone(), level, start, status, programme, institution, end })
        }
        _ => Err(r.errors),
    }
}

fn values(e: &Education) -> Typed {
    let mut typed = Typed::from([
        ("level".to_owned(), e.level.clone()),
        ("start".to_owned(), e.start.to_string()),
        ("status".to_owned(), e.status.map(|s| s.code().to_owned()).unwrap_or_default()),
    ]);
    for (k, v) in [("programme", &e.programme), ("institution", &e.institution)] {
        if let Some(v) = v {
            typed.insert(k.to_owned(), v.clone());
        }
    }
    if let Some(end) = e.end {
        typed.insert("end".to_owned(), end.to_string());
    }
    typed
}

pub(crate) async fn new_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    case.audit_shown(&state, &v, &["name"]).await?;
    let typed = Typed::from([("start".to_owned(), state.clock.today().to_string())]);
    let errors = if case.ended() { form::refusal("level", ENDED) } else { form::none() };
    Ok(page(&case, format!("/forlop/{id}/utdanning")).open(&v, &typed, &errors))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    let new =
        new_id("u").and_then(|i| ExtId::parse(&i).ok()).ok_or_else(|| PageError::Internal("no random id".into()))?;
    match parse(&case, new, &typed) {
        Ok(e) => save(&state, &v, &case, &e, "create").await,
        Err(errors) => Ok(page(&case, format!("/forlop/{id}/utdanning")).refuse(&v, &typed, &errors)),
    }
}

async fn load(state: &AppState, v: &Viewer, id: &str) -> Result<(Education, CourseCase), PageError> {
    let e = state.db.education(id).await?.ok_or(PageError::NotFound("Fant ikke utdanningen."))?;
    let case = course_case(state, v, e.course.as_str(), Need::Write).await?;
    Ok((e, case))
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (e, case) = load(&state, &v, &id).await?;
    case.audit_shown(&state, &v, &["name", "education"]).await?;
    let errors = if case.ended() { form::refusal("level", ENDED) } else { form::none() };
    Ok(page(&case, format!("/utdanning/{id}")).open(&v, &values(&e), &errors))
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let (before, case) = load(&state, &v, &id).await?;
    match parse(&case, before.id.clone(), &typed) {
        Ok(e) if e == before => Ok(Redirect::to(&format!("{}#utdanning", case.back())).into_response()),
        Ok(e) => save(&state, &v, &case, &e, "update").await,
        Err(errors) => Ok(page(&case, format!("/utdanning/{id}")).refuse(&v, &typed, &errors)),
    }
}

async fn save(
    state: &AppState,
    v: &Viewer,
    case: &CourseCase,
    e: &Education,
    action: &str,
) -> Result<Response, PageError> {
    let mut change = Change::begin(state, v).await?;
    change.tx().upsert_educations(std::slice::from_ref(e)).await?;
    change.audit(action, ("participant", &case.participant), &["education"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#utdanning", case.back())).into_response())
}
