//! `/logg`: log an activity in one short form that works on a 360 px phone. Defaults: now,
//! 60 minutes, physical, done. Errors are shown next to their field and nothing typed is lost.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, NaiveTime, Timelike};
use jobbvei_domain::time::oslo_instant;
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Channel, ExtId, Subcategory};

use super::caseload::scope;
use super::{entry, labels};
use crate::AppState;
use crate::access::{may_write_participant, require};
use crate::auth::Viewer;
use crate::forms::{csrf_ok, new_id};
use crate::pages::{ViewerView, internal_error, render};

const MAX_NOTE: usize = 2000;
const MAX_PLACE: usize = 200;

#[derive(Template)]
#[template(path = "quicklog.html")]
struct QuickLogPage {
    viewer: ViewerView,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
    participants: Vec<(String, String)>,
    employers: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    subcategories: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
}

impl QuickLogPage {
    fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }

    /// `selected` when field `k` holds `code`.
    fn sel(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "selected" } else { "" }
    }

    /// `checked` for a radio button holding `code`, or a ticked checkbox when `code` is `on`.
    fn chk(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "checked" } else { "" }
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
) -> Response {
    let today = state.clock.today();
    let lists = async {
        let (_, who) = scope(state, viewer).await?;
        let cases = state.db.caseload(&who, today).await?;
        let employers = state.db.my_employers(viewer.user.id.as_str(), today - chrono::Duration::days(365)).await?;
        Ok::<_, jobbvei_store::StoreError>((cases, employers))
    }
    .await;
    let (cases, employers) = match lists {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "quick log lists failed");
            return internal_error();
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut res = render(&QuickLogPage {
        viewer: ViewerView::of(viewer),
        form,
        errors,
        participants: cases.into_iter().map(|c| (c.participant_id, c.participant_name)).collect(),
        employers,
        kinds: ActivityKind::ALL.iter().map(|k| (k.code(), labels::kind(k.code()))).collect(),
        subcategories: Subcategory::ALL.iter().map(|s| (s.code(), labels::subcategory(s.code()))).collect(),
        statuses: ActivityStatus::ALL.iter().map(|s| (s.code(), labels::status(s.code()))).collect(),
    });
    *res.status_mut() = status;
    res
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer) -> Response {
    if let Err(denied) = require(&state, &viewer, "GET", "/logg").await {
        return denied;
    }
    let now = state.clock.now().with_timezone(&chrono_tz::Europe::Oslo);
    let defaults = [
        ("kind", "arbeidsgivermote".to_owned()),
        ("date", now.date_naive().to_string()),
        ("time", format!("{:02}:{:02}", now.hour(), now.minute())),
        ("minutes", "60".into()),
        ("travel_to", "0".into()),
        ("travel_from", "0".into()),
        ("channel", "fysisk".into()),
        ("status", "gjennomfort".into()),
        ("out_of_office", "on".into()),
        ("csrf", viewer.csrf.clone().unwrap_or_default()),
    ];
    page(&state, &viewer, defaults.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(), HashMap::new()).await
}

fn minutes(form: &HashMap<String, String>, key: &'static str, errors: &mut HashMap<&'static str, String>) -> u32 {
    match form.get(key).map(|s| s.trim()).unwrap_or("0").parse::<u32>() {
        Ok(n) if n <= 1440 => n,
        _ => {
            errors.insert(key, "Skriv et helt antall minutter mellom 0 og 1440.".into());
            0
        }
    }
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(mut form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(denied) = require(&state, &viewer, "POST", "/logg").await {
        return denied;
    }
    if !csrf_ok(&viewer, &form) {
        return (StatusCode::FORBIDDEN, "Skjemaet var utløpt. Gå tilbake, last siden på nytt og prøv igjen.")
            .into_response();
    }
    let mut errors: HashMap<&'static str, String> = HashMap::new();
    let field = |k: &str| form.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let kind = ActivityKind::parse(&field("kind"));
    if kind.is_none() {
        errors.insert("kind", "Velg hva slags aktivitet det var.".into());
    }
    let status = ActivityStatus::parse(&field("status")).unwrap_or(ActivityStatus::Done);
    let channel = Channel::parse(&field("channel"));
    let subcategory = Subcategory::parse(&field("subcategory"));
    let date = NaiveDate::parse_from_str(&field("date"), "%Y-%m-%d").ok();
    let time = NaiveTime::parse_from_str(&field("time"), "%H:%M").ok();
    let start = match (date, time) {
        (Some(d), Some(t)) => oslo_instant(d, t.hour(), t.minute()),
        _ => None,
    };
    if start.is_none() {
        errors.insert("date", "Skriv dato og klokkeslett, for eksempel 2024-03-04 og 09:30.".into());
    }
    let minutes_spent = minutes(&form, "minutes", &mut errors);
    if minutes_spent == 0 && !errors.contains_key("minutes") {
        errors.insert("minutes", "Varigheten må være minst 1 minutt.".into());
    }
    let (travel_to, travel_from) =
        (minutes(&form, "travel_to", &mut errors), minutes(&form, "travel_from", &mut errors));
    let place = field("place");
    let note = field("note");
    if place.chars().count() > MAX_PLACE {
        errors.insert("place", format!("Stedet kan ha høyst {MAX_PLACE} tegn."));
    }
    if note.chars().count() > MAX_NOTE {
        errors.insert("note", format!("Notatet kan ha høyst {MAX_NOTE} tegn."));
    }
    // Jobbsporet's rules: a physical meeting needs a place; a meeting cannot be done before its time.
    if channel == Some(Channel::Physical) && place.is_empty() && kind != Some(ActivityKind::PhoneSmsEmail) {
        errors.insert("place", "Et fysisk møte trenger et sted.".into());
    }
    if status.is_done() && start.is_some_and(|s| s > state.clock.now()) {
        errors.insert("status", "Et møte kan ikke være gjennomført før det har skjedd.".into());
    }
    let participant = field("participant");
    let mut course = None;
    if !participant.is_empty() {
        match state.db.participant_access(&participant, state.clock.today()).await {
            Ok(Some(a)) if may_write_participant(&viewer, &a) => {
                course = open_course(&state, &participant).await;
                if course.is_none() {
                    errors.insert("participant", "Deltakeren har ikke et åpent forløp.".into());
                }
            }
            Ok(_) => {
                errors.insert("participant", "Velg en deltaker fra porteføljen din.".into());
            }
            Err(e) => {
                tracing::error!(error = %e, "access lookup failed");
                return internal_error();
            }
        }
    }
    if let (Some((_, course_start)), Some(d)) = (&course, date)
        && d < *course_start
        && kind == Some(ActivityKind::EmployerMeeting)
    {
        errors.insert("date", "Et arbeidsgivermøte kan ikke være før forløpet startet.".into());
    }
    let employer = field("employer");
    let employer_id = if employer.is_empty() {
        None
    } else {
        match state.db.exists_employer(&employer).await {
            Ok(true) => ExtId::parse(&employer).ok(),
            Ok(false) => {
                errors.insert("employer", "Velg en arbeidsgiver fra listen.".into());
                None
            }
            Err(e) => {
                tracing::error!(error = %e, "employer lookup failed");
                return internal_error();
            }
        }
    };
    let (Some(kind), Some(start), true) = (kind, start, errors.is_empty()) else {
        form.insert("csrf".into(), viewer.csrf.clone().unwrap_or_default());
        return page(&state, &viewer, form, errors).await;
    };
    let Some(id) = new_id("a") else { return internal_error() };
    let Ok(id) = ExtId::parse(&id) else { return internal_error() };
    let activity = Activity {
        id: id.clone(),
        user: viewer.user.id.clone(),
        kind,
        start,
        minutes: minutes_spent,
        status,
        channel,
        out_of_office: Some(form.get("out_of_office").is_some_and(|v| v == "on")),
        travel_to: Some(travel_to),
        travel_from: Some(travel_from),
        course: course.map(|(c, _)| c),
        employer: employer_id,
        employer_contact: None,
        decision_maker: Some(form.get("decision_maker").is_some_and(|v| v == "on")),
        subcategory,
        place: (!place.is_empty()).then_some(place),
        note: (!note.is_empty()).then_some(note),
    };
    let saved = async {
        let mut tx = state.db.begin().await?;
        tx.upsert_activities(std::slice::from_ref(&activity)).await?;
        let record =
            if participant.is_empty() { ("activity", id.as_str()) } else { ("participant", participant.as_str()) };
        tx.audit(&entry(&state, &viewer, "create", record, &["activity"])).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = saved {
        tracing::error!(error = %e, "could not save an activity");
        return internal_error();
    }
    Redirect::to("/min-dag").into_response()
}

/// The participant's open course and its start.
async fn open_course(state: &AppState, participant: &str) -> Option<(ExtId, NaiveDate)> {
    let record = state.db.participant_record(participant, 0).await.ok()??;
    let today = state.clock.today();
    record.courses.into_iter().find(|c| c.is_open_on(today)).map(|c| (c.id, c.start))
}
