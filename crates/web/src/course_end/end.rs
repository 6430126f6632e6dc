//! `/deltaker/{id}/avslutt`: the owner or the team lead ends the open course with an end
//! cause and a handover plan. The course's end, the final phase `avsluttet`, the handover
//! and the audit entry are written in one transaction; an ended course is never changed
//! again here (DOMAIN.md §7: only reopening, which is another feature, may do that).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{Course, EndCause, Phase, PhaseEntry};
use jobbvei_store::Handover;

use super::{Need, date, end_cause_label, load, open_course};
use crate::AppState;
use crate::auth::Viewer;
use crate::notify::notices::{self, By};
use crate::pages::{internal_error, render};
use crate::workplace::{audit_read, entry};

const MAX_TEXT: usize = 2000;

#[derive(Template)]
#[template(path = "course_end.html")]
struct EndPage {
    participant_id: String,
    name: String,
    /// The open course: (method, start); `None` when there is nothing to end.
    course: Option<(&'static str, String)>,
    /// Why the form is not shown, when it is not.
    refusal: String,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
    causes: Vec<(&'static str, &'static str)>,
}

impl EndPage {
    fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }

    fn chk(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "checked" } else { "" }
    }
}

fn page(
    _viewer: &Viewer,
    id: &str,
    name: &str,
    course: Option<&Course>,
    refusal: String,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
) -> Response {
    let status = if !errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if course.is_none() && !form.is_empty() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let mut res = render(&EndPage {
        participant_id: id.to_owned(),
        name: name.to_owned(),
        course: course.map(|c| (c.method.code(), date(c.start))),
        refusal,
        form,
        errors,
        causes: EndCause::ALL.iter().map(|c| (c.code(), end_cause_label(*c))).collect(),
    });
    *res.status_mut() = status;
    res
}

/// Why there is nothing to end: the latest course has ended already, or there is none.
fn refusal(r: &jobbvei_store::ParticipantRecord) -> String {
    match r.courses.iter().filter_map(|c| c.end).max() {
        Some(end) => format!(
            "Forløpet ble avsluttet {}. Et avsluttet forløp endres ikke; det må eventuelt gjenåpnes først.",
            date(end)
        ),
        None => "Deltakeren har ikke et åpent forløp som kan avsluttes.".into(),
    }
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let record = match load(&state, &viewer, &id, Need::Write).await {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if let Err(e) = audit_read(&state, entry(&state, &viewer, "read", ("participant", &id), &["name", "course"])).await
    {
        tracing::error!(error = %e, "could not audit a read");
        return internal_error();
    }
    let course = open_course(&record);
    let defaults = [
        ("end", state.clock.today().to_string()),
        ("follow_up_by", "veileder".to_owned()),
        ("csrf", viewer.csrf.clone().unwrap_or_default()),
    ];
    let Some(course) = course else {
        // Nothing to end: the page only says why (an empty form keeps the answer 200).
        return page(&viewer, &id, &record.participant.name, None, refusal(&record), HashMap::new(), HashMap::new());
    };
    let form = defaults.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    page(&viewer, &id, &record.participant.name, Some(course), String::new(), form, HashMap::new())
}

/// The domain's problems on the ended course, in words for the form.
fn domain_errors(course: &Course, errors: &mut HashMap<&'static str, String>) {
    for p in course.check() {
        let (field, text) = match p.field {
            "end" => ("end", format!("Sluttdatoen kan ikke være før forløpet startet ({}).", date(course.start))),
            "end_cause_detail" => ("end_cause_detail", "Skriv en nærmere årsak når sluttårsaken er «annet».".into()),
            "end_cause" => ("end_cause", "Velg en sluttårsak.".into()),
            _ => ("end", "Forløpet kan ikke avsluttes med disse opplysningene.".into()),
        };
        errors.entry(field).or_insert(text);
    }
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(mut form): crate::forms::CsrfForm,
) -> Response {
    let record = match load(&state, &viewer, &id, Need::Write).await {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    form.insert("csrf".into(), viewer.csrf.clone().unwrap_or_default());
    let name = record.participant.name.clone();
    let Some(open) = open_course(&record) else {
        return page(&viewer, &id, &name, None, refusal(&record), form, HashMap::new());
    };
    let field = |k: &str| form.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let mut errors: HashMap<&'static str, String> = HashMap::new();
    let end = crate::dates::typed_iso(&field("end"));
    match end {
        None => {
            errors.insert("end", "Skriv sluttdatoen, for eksempel 2024-11-15.".into());
        }
        // An end is a fact that has happened; a course is not ended ahead of time.
        Some(d) if d > state.clock.today() => {
            errors.insert("end", "Sluttdatoen kan ikke være fram i tid.".into());
        }
        Some(_) => {}
    }
    let cause = EndCause::parse(&field("end_cause"));
    if cause.is_none() {
        errors.insert("end_cause", "Velg en sluttårsak.".into());
    }
    // A text area sends line breaks as \r\n; stored text keeps \n only (bounds::plain_text).
    let text = |k: &str| field(k).replace("\r\n", "\n");
    let detail = text("end_cause_detail");
    let follow_up_by = text("follow_up_by");
    let agreed = text("agreed");
    if follow_up_by.is_empty() {
        errors.insert("follow_up_by", "Skriv hvem som følger opp deltakeren nå.".into());
    }
    if agreed.is_empty() {
        errors.insert("agreed", "Skriv hva som er avtalt videre.".into());
    }
    for (k, v) in [("end_cause_detail", &detail), ("follow_up_by", &follow_up_by), ("agreed", &agreed)] {
        if v.chars().count() > MAX_TEXT {
            errors.insert(k, format!("Teksten kan ha høyst {MAX_TEXT} tegn."));
        } else if !jobbvei_domain::bounds::plain_text(v) {
            errors.insert(k, crate::profile::PLAIN_TEXT.into());
        }
    }
    let ended = Course {
        end: end.or(Some(open.start)),
        end_cause: cause,
        end_cause_detail: (!detail.is_empty()).then_some(detail),
        ..open.clone()
    };
    domain_errors(&ended, &mut errors);
    let (Some(end), true) = (end, errors.is_empty()) else {
        return page(&viewer, &id, &name, Some(open), String::new(), form, errors);
    };
    let handover = Handover {
        course_id: open.id.as_str().to_owned(),
        follow_up_by,
        agreed,
        veileder_told: form.get("veileder_told").is_some_and(|v| v == "on"),
        created_by: viewer.user.id.as_str().to_owned(),
        created_at: state.clock.now(),
    };
    let phase = PhaseEntry { course: open.id.clone(), phase: Phase::Ended, from: end };
    let fields = ["course.end", "course.end_cause", "course.end_cause_detail", "course_phase", "course_handover"];
    let pair = crate::notify::pair::Pair {
        course: open.id.as_str().to_owned(),
        participant: id.clone(),
        name: name.clone(),
        confidential: record.participant.is_confidential(),
        job_specialist: open.job_specialist.as_str().to_owned(),
        veileder: record.participant.veileder.as_ref().map(|v| v.as_str().to_owned()),
    };
    let saved = async {
        let mut tx = state.db.begin().await?;
        // Someone may have ended it since the page was read: then nothing is written.
        if !tx.claim_open_course(open.id.as_str()).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        tx.upsert_courses(std::slice::from_ref(&ended)).await?;
        tx.upsert_phases(std::slice::from_ref(&phase)).await?;
        tx.insert_handover(&handover).await?;
        tx.audit(&entry(&state, &viewer, "update", ("participant", &id), &fields)).await?;
        let by = By { user: viewer.user.id.as_str(), at: state.clock.now() };
        notices::course_ended(&mut tx, &by, &record.participant, open.id.as_str(), end, &handover.follow_up_by).await?;
        crate::notify::pair::course_ended(&mut tx, &by, &pair, end).await?;
        tx.commit().await?;
        Ok::<_, jobbvei_store::StoreError>(true)
    }
    .await;
    match saved {
        Ok(true) => Redirect::to(&format!("/deltaker/{id}/sluttrapport")).into_response(),
        Ok(false) => {
            let why = "Forløpet er allerede avsluttet. Et avsluttet forløp endres ikke.".to_owned();
            page(&viewer, &id, &name, None, why, form, HashMap::new())
        }
        Err(e) => {
            tracing::error!(error = %e, "could not end a course");
            internal_error()
        }
    }
}
