//! `GET /forlop/{id}/intervallrapport?nr=N`: one period's interval report, printable, for
//! everyone who may read the participant; a veileder sees it once it is shared with them.
//! `GET/POST /forlop/{id}/intervallrapport/endre?nr=N`: the owner or the team lead writes the
//! report's own words and shares it; sharing tells the veileder in the same transaction.
//! Nothing is written on an ended course (DOMAIN.md §7); its reports stay readable.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_store::{IntervalNote, NameKind};

use super::interval::{Draft, Period, draft, periods, summary_suggestion};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError};
use crate::keep::form::{self, Field, FieldKind, FormPage, Reader, Typed};
use crate::keep::{CourseCase, ENDED, Need, course_case};
use crate::names::Names;
use crate::notify::notices::By;
use crate::pages::render;
use crate::profile::FREE_TEXT_NOTE;
use crate::workplace::{audit_read, entry};

#[derive(serde::Deserialize)]
pub(crate) struct Which {
    nr: Option<String>,
}

/// The period asked for, or by default the latest complete one (else the first).
fn chosen(all: &[Period], nr: Option<&str>) -> Result<Period, PageError> {
    let missing = PageError::NotFound("Fant ikke perioden. Forløpet har ingen slik periode ennå.");
    match nr.map(str::trim).filter(|s| !s.is_empty()) {
        Some(n) => {
            let n: i64 = n.parse().map_err(|_| PageError::NotFound("Fant ikke perioden."))?;
            all.iter().find(|p| p.number == n).copied().ok_or(missing)
        }
        None => all.iter().rev().find(|p| p.complete).or(all.first()).copied().ok_or(missing),
    }
}

struct Link {
    number: i64,
    text: String,
    state: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "interval_report.html")]
struct ReportPage {
    participant_id: String,
    course_id: String,
    name: String,
    period: String,
    number: i64,
    complete: bool,
    links: Vec<Link>,
    /// `None` while a veileder may not see it yet.
    draft: Option<Draft>,
    summary: String,
    /// The summary is the drafted suggestion, not the job specialist's words.
    suggested: bool,
    next_steps: String,
    shared: String,
    can_write: bool,
    today: String,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(which): Query<Which>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Read).await?;
    let today = state.clock.today();
    let all = periods(&case.course, today);
    let notes = state.db.interval_notes(&id).await?;
    let sees_health = crate::access::sees_health(&v);
    let mut page = ReportPage {
        participant_id: case.participant.clone(),
        course_id: id.clone(),
        name: case.name.clone(),
        period: String::new(),
        number: 0,
        complete: false,
        links: Vec::new(),
        draft: None,
        summary: String::new(),
        suggested: false,
        next_steps: String::new(),
        shared: String::new(),
        can_write: case.rights.write && !case.ended(),
        today: crate::dates::day(today),
    };
    audit_read(&state, entry(&state, &v, "read", ("participant", &case.participant), &["interval_report"])).await?;
    if all.is_empty() {
        return Ok(render(&page));
    }
    let p = chosen(&all, which.nr.as_deref())?;
    let note = notes.iter().find(|n| n.number == p.number);
    let sharers =
        Names::load(&state, NameKind::User, notes.iter().filter_map(|n| n.shared.as_ref().map(|s| &s.0))).await?;
    page.links = all
        .iter()
        .map(|q| Link {
            number: q.number,
            text: q.text(),
            state: match notes.iter().find(|n| n.number == q.number).and_then(|n| n.shared.as_ref()) {
                Some((_, at)) => format!("delt {}", crate::dates::day_of(*at)),
                None if !q.complete => "pågår".into(),
                None => "ikke delt".into(),
            },
            current: q.number == p.number,
        })
        .collect();
    (page.period, page.number, page.complete) = (p.text(), p.number, p.complete);
    page.shared = note
        .and_then(|n| n.shared.as_ref())
        .map(|(by, at)| format!("Delt med veilederen {} av {}.", crate::dates::moment(*at), sharers.of(by)))
        .unwrap_or_else(|| "Ikke delt med veilederen ennå.".into());
    // A veileder reads what the job specialist has shared, not a draft in the making.
    if !sees_health && note.is_none_or(|n| n.shared.is_none()) {
        return Ok(render(&page));
    }
    let d = draft(&state, &case, &p, sees_health).await?;
    let written = note.and_then(|n| n.summary.clone());
    page.suggested = written.is_none();
    page.summary = written.unwrap_or_else(|| summary_suggestion(&d));
    page.next_steps = note.and_then(|n| n.next_steps.clone()).unwrap_or_default();
    page.draft = Some(d);
    Ok(render(&page))
}

fn edit_page(case: &CourseCase, p: &Period) -> FormPage {
    let share = Field::new("share", "Del rapporten med veilederen nå", FieldKind::Check);
    let share =
        if case.veileder.is_none() { share.hint("Deltakeren har ingen veileder i NAV registrert.") } else { share };
    FormPage::new(&case.name, "Skriv intervallrapport", "Lagre rapporten")
        .lead(format!(
            "Periode {}: {}. Aktiviteter, arbeidsgiverkontakter, jobber og tiltak hentes fra det som er registrert; \
             her skriver du med egne ord.",
            p.number,
            p.text()
        ))
        .at(
            format!("/forlop/{}/intervallrapport/endre", case.course.id.as_str()),
            format!("/forlop/{}/intervallrapport?nr={}", case.course.id.as_str(), p.number),
        )
        .fields(vec![
            Field::new("nr", "Periode", FieldKind::Hidden),
            Field::new("summary", "Hva har skjedd i perioden", FieldKind::TextArea).hint(FREE_TEXT_NOTE),
            Field::new("next_steps", "Veien videre", FieldKind::TextArea).optional(),
            share,
        ])
}

async fn period_of(state: &AppState, case: &CourseCase, nr: Option<&str>) -> Result<Period, PageError> {
    chosen(&periods(&case.course, state.clock.today()), nr)
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(which): Query<Which>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    case.audit_shown(&state, &v, &["interval_report"]).await?;
    let p = period_of(&state, &case, which.nr.as_deref()).await?;
    let note = state.db.interval_notes(&id).await?.into_iter().find(|n| n.number == p.number);
    let summary = match note.as_ref().and_then(|n| n.summary.clone()) {
        Some(s) => s,
        None => summary_suggestion(&draft(&state, &case, &p, true).await?),
    };
    let mut typed = Typed::from([("nr".to_owned(), p.number.to_string()), ("summary".to_owned(), summary)]);
    if let Some(n) = note.as_ref().and_then(|n| n.next_steps.clone()) {
        typed.insert("next_steps".into(), n);
    }
    if note.is_none_or(|n| n.shared.is_none()) && case.veileder.is_some() {
        typed.insert("share".into(), "on".into());
    }
    let errors = if case.ended() { form::refusal("summary", ENDED) } else { form::none() };
    Ok(edit_page(&case, &p).open(&v, &typed, &errors))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    let p = period_of(&state, &case, typed.get("nr").map(String::as_str)).await?;
    let mut r = Reader::new(&typed);
    if case.ended() {
        r.fail("summary", ENDED);
    }
    let summary = r.opt_text("summary");
    if summary.is_none() {
        r.fail("summary", "Skriv hva som har skjedd i perioden.");
    }
    let next_steps = r.opt_text("next_steps");
    let share = r.check("share");
    if share && case.veileder.is_none() {
        r.fail("share", "Deltakeren har ingen veileder i NAV å dele med.");
    }
    if !r.errors.is_empty() {
        return Ok(edit_page(&case, &p).refuse(&v, &typed, &r.errors));
    }
    let now = state.clock.now();
    let me = v.user.id.as_str();
    let note = IntervalNote {
        course_id: id.clone(),
        number: p.number,
        summary,
        next_steps,
        updated_by: me.to_owned(),
        updated_at: now,
        shared: share.then(|| (me.to_owned(), now)),
    };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().save_interval_note(&note).await?;
    let mut fields = vec!["interval_report.summary", "interval_report.next_steps"];
    if share {
        fields.push("interval_report.shared");
    }
    change.audit("update", ("participant", &case.participant), &fields).await?;
    if share {
        let by = By { user: me, at: now };
        crate::notify::pair::interval_shared(change.tx(), &by, &case.pair(), p.number, &p.text()).await?;
    }
    change.commit().await?;
    Ok(Redirect::to(&format!("/forlop/{id}/intervallrapport?nr={}", p.number)).into_response())
}
