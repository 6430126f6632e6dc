//! `/aktivitet/{id}`: change a logged activity with the quick log's fields and rules, and
//! `/aktivitet/{id}/status`: close a planned meeting in one tap (done, participant did not
//! come, cancelled) from Min dag, the participant's timeline or the edit page.
//!
//! Only the one who logged the activity and the team lead of their team may do either; an
//! activity on a participant also needs the participant's read rules (confidential ones
//! only for the owner and the team lead). A veileder reads activities on the timeline only.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{Activity, ActivityStatus, Role};
use jobbvei_store::EditableActivity;

use super::activity_form::{self, Choices, Errors, Filled, Kept};
use super::{audit_read, entry, labels};
use crate::AppState;
use crate::access::may_read_participant;
use crate::auth::Viewer;
use crate::forms::message;
use crate::pages::{internal_error, render};

/// The one-tap close form beside a planned meeting.
pub(crate) struct CloseView {
    pub id: String,
    pub minutes: String,
    pub csrf: String,
    /// Where to come back to: `/min-dag` or the participant's page.
    pub back: String,
    /// Its time has come: it can be closed as done or missed, not only cancelled.
    pub happened: bool,
}

impl CloseView {
    pub fn of(v: &Viewer, a: &Activity, back: &str, now: chrono::DateTime<chrono::Utc>) -> Option<CloseView> {
        (a.status == ActivityStatus::Planned).then(|| CloseView {
            happened: a.start <= now,
            id: a.id.as_str().to_owned(),
            minutes: a.minutes.to_string(),
            csrf: v.csrf.clone().unwrap_or_default(),
            back: back.to_owned(),
        })
    }
}

/// May the viewer change an activity logged by `owner` of team `owner_team`: the owner, or
/// the team lead of the owner's team.
pub(crate) fn may_edit(v: &Viewer, owner: &str, owner_team: Option<&str>) -> bool {
    let my_team = v.user.team.as_ref().map(|t| t.as_str());
    v.user.id.as_str() == owner || (v.has(Role::MethodSupervisor) && my_team.is_some() && owner_team == my_team)
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    id: String,
    when: String,
    what: &'static str,
    f: Filled,
    choices: Choices,
    close: Option<CloseView>,
    close_error: String,
}

/// The audit records a change touches: each participant involved, or the activity itself.
fn records(e: &EditableActivity, new_participant: Option<&str>) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for p in [e.participant_id.as_deref(), new_participant].into_iter().flatten().filter(|p| !p.is_empty()) {
        if !out.iter().any(|(_, q)| q == p) {
            out.push(("participant", p.to_owned()));
        }
    }
    if out.is_empty() {
        out.push(("activity", e.activity.id.as_str().to_owned()));
    }
    out
}

/// The activity, if the viewer may change it; else the page to answer with (a denial is audited).
async fn load(state: &AppState, viewer: &Viewer, id: &str, action: &str) -> Result<EditableActivity, Response> {
    let found = match state.db.editable_activity(id).await {
        Ok(Some(e)) => e,
        Ok(None) => return Err(message(StatusCode::NOT_FOUND, "Fant ikke aktiviteten", "Fant ikke aktiviteten.")),
        Err(e) => {
            tracing::error!(error = %e, "activity lookup failed");
            return Err(internal_error());
        }
    };
    let mut allowed = may_edit(viewer, found.activity.user.as_str(), found.owner_team.as_deref());
    if allowed && let Some(p) = &found.participant_id {
        allowed = match state.db.participant_access(p, state.clock.today()).await {
            Ok(Some(a)) => may_read_participant(viewer, &a),
            Ok(None) => false,
            Err(e) => {
                tracing::error!(error = %e, "access lookup failed");
                return Err(internal_error());
            }
        };
    }
    if allowed {
        return Ok(found);
    }
    for (kind, record) in records(&found, None) {
        let mut denial = entry(state, viewer, action, (kind, &record), &[]);
        denial.outcome = "denied".into();
        if let Err(e) = audit_read(state, denial).await {
            tracing::error!(error = %e, "could not audit a denial");
        }
    }
    Err(message(StatusCode::FORBIDDEN, "Ingen tilgang", "Du har ikke tilgang til denne aktiviteten."))
}

/// The edit page; `close_error` explains a refused close.
async fn page(
    state: &AppState,
    viewer: &Viewer,
    e: &EditableActivity,
    f: Filled,
    close_error: String,
    status: StatusCode,
) -> Response {
    let a = &e.activity;
    let mut choices = match activity_form::choices(state, viewer).await {
        Ok(c) => c,
        Err(err) => {
            tracing::error!(error = %err, "activity form lists failed");
            return internal_error();
        }
    };
    // The activity's own participant and employer stay choosable even when they are not in
    // the viewer's lists (a course that has ended, a team lead editing someone else's).
    let extra = async {
        if let Some(p) = e.participant_id.as_ref().filter(|p| !choices.participants.iter().any(|(id, _)| id == *p)) {
            for x in state.db.participants(std::slice::from_ref(p)).await? {
                choices.participants.push((x.id.as_str().to_owned(), x.name));
            }
        }
        if let Some(em) = a.employer.as_ref().filter(|em| !choices.employers.iter().any(|(id, _)| id == em.as_str()))
            && let Some(x) = state.db.employer(em.as_str()).await?
        {
            choices.employers.push((x.id.as_str().to_owned(), x.name));
        }
        Ok::<_, jobbvei_store::StoreError>(())
    }
    .await;
    if let Err(err) = extra {
        tracing::error!(error = %err, "activity form lists failed");
        return internal_error();
    }
    let back = f.value("back").to_owned();
    let mut res = render(&MeetingPage {
        id: a.id.as_str().to_owned(),
        when: crate::dates::moment(a.start),
        what: labels::kind(a.kind.code()),
        close: CloseView::of(viewer, a, &back, state.clock.now()).map(|mut c| {
            if !f.value("close_minutes").is_empty() {
                c.minutes = f.value("close_minutes").to_owned();
            }
            c
        }),
        f,
        choices,
        close_error,
    });
    *res.status_mut() = status;
    res
}

/// Where to go after a change: the participant's page when the form came from there.
fn back_to(form: &HashMap<String, String>, e: &EditableActivity) -> String {
    let participant_page = e.participant_id.as_ref().map(|p| format!("/deltaker/{p}"));
    match form.get("back") {
        Some(b) if participant_page.as_deref() == Some(b.as_str()) => b.clone(),
        _ => "/min-dag".into(),
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let e = match load(&state, &viewer, &id, "read").await {
        Ok(e) => e,
        Err(res) => return res,
    };
    for (kind, record) in records(&e, None) {
        if let Err(err) = audit_read(&state, entry(&state, &viewer, "read", (kind, &record), &["activity"])).await {
            tracing::error!(error = %err, "could not audit a read");
            return internal_error();
        }
    }
    let mut form = activity_form::fields_of(&e.activity, e.participant_id.as_deref());
    form.insert("csrf".into(), viewer.csrf.clone().unwrap_or_default());
    match state.db.candidate_presented(e.activity.id.as_str()).await {
        Ok(true) => {
            form.insert("candidate_presented".into(), "on".into());
        }
        Ok(false) => {}
        Err(err) => {
            tracing::error!(error = %err, "candidate lookup failed");
            return internal_error();
        }
    }
    let back = match (query.get("fra").map(String::as_str), &e.participant_id) {
        (Some("deltaker"), Some(p)) => format!("/deltaker/{p}"),
        _ => "/min-dag".into(),
    };
    form.insert("back".into(), back);
    form.insert("seen".into(), fingerprint(&e.activity));
    page(&state, &viewer, &e, Filled { form, errors: Errors::new() }, String::new(), StatusCode::OK).await
}

/// A fingerprint of the activity as the edit form showed it, so a save can tell whether
/// someone changed it after the form was opened.
pub(crate) fn fingerprint(a: &Activity) -> String {
    crate::auth::secret::token_hash(&format!("{a:?}"))
}

/// Names of the fields that differ, as the exchange format names them.
pub(crate) fn changed_fields(a: &Activity, b: &Activity) -> Vec<&'static str> {
    let pairs: [(&'static str, bool); 15] = [
        ("activity.kind", a.kind != b.kind),
        ("activity.start", a.start != b.start),
        ("activity.minutes", a.minutes != b.minutes),
        ("activity.status", a.status != b.status),
        ("activity.channel", a.channel != b.channel),
        ("activity.out_of_office", a.out_of_office != b.out_of_office),
        ("activity.travel_to", a.travel_to != b.travel_to),
        ("activity.travel_from", a.travel_from != b.travel_from),
        ("activity.course", a.course != b.course),
        ("activity.employer", a.employer != b.employer),
        ("activity.employer_contact", a.employer_contact != b.employer_contact),
        ("activity.decision_maker", a.decision_maker != b.decision_maker),
        ("activity.subcategory", a.subcategory != b.subcategory),
        ("activity.place", a.place != b.place),
        ("activity.note", a.note != b.note),
    ];
    pairs.into_iter().filter(|(_, c)| *c).map(|(n, _)| n).collect()
}

/// Fields the form cannot leave unset keep "unset" when the form shows their default, so
/// opening and saving an imported activity changes nothing.
fn keep_unset(before: &Activity, after: &mut Activity) {
    if before.out_of_office.is_none() && after.out_of_office == Some(false) {
        after.out_of_office = None;
    }
    if before.decision_maker.is_none() && after.decision_maker == Some(false) {
        after.decision_maker = None;
    }
    if before.travel_to.is_none() && after.travel_to == Some(0) {
        after.travel_to = None;
    }
    if before.travel_from.is_none() && after.travel_from == Some(0) {
        after.travel_from = None;
    }
}

/// Writes the change and its audit entries in one transaction; `false` when the activity
/// changed since it was read (nothing is written then).
/// `candidate` is the form's "Kandidat presentert" beside what was stored, when the form
/// has the field; a done activity with an employer may move its stage forward.
async fn save(
    state: &AppState,
    viewer: &Viewer,
    e: &EditableActivity,
    after: &Activity,
    action: &str,
    new_participant: Option<&str>,
    candidate: Option<Candidate>,
) -> Result<bool, jobbvei_store::StoreError> {
    let mut fields = changed_fields(&e.activity, after);
    let candidate = candidate.filter(|c| c.wanted != c.stored);
    if candidate.is_some() {
        fields.push("candidate_presented");
    }
    if fields.is_empty() {
        return Ok(true);
    }
    let mut tx = state.db.begin().await?;
    if !tx.replace_activity(&e.activity, after).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    if let Some(c) = candidate {
        tx.mark_candidate(after.id.as_str(), c.wanted, viewer.user.id.as_str(), state.clock.now()).await?;
    }
    for (kind, record) in records(e, new_participant) {
        tx.audit(&entry(state, viewer, action, (kind, &record), &fields)).await?;
    }
    if let Some(employer) = &after.employer {
        crate::pipeline::contact::advance_for(&mut tx, state, viewer, employer.as_str()).await?;
        // A colleague holding the employer hears of it once: when the edit moves the activity
        // to this employer, or marks it done, not on every later correction.
        let done_now = after.status == ActivityStatus::Done && e.activity.status != ActivityStatus::Done;
        if e.activity.employer != after.employer || done_now {
            crate::pipeline::contact::tell_holder(&mut tx, state, viewer, after).await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// The "Kandidat presentert" mark as stored and as the form wants it.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    stored: bool,
    wanted: bool,
}

fn saved_or_conflict(saved: Result<bool, jobbvei_store::StoreError>, back: String) -> Response {
    match saved {
        Ok(true) => Redirect::to(&back).into_response(),
        Ok(false) => message(
            StatusCode::CONFLICT,
            "Aktiviteten er endret",
            "Noen andre endret aktiviteten mens du hadde den åpen. Gå tilbake, last siden på nytt og prøv igjen.",
        ),
        Err(err) => {
            tracing::error!(error = %err, "could not save an activity");
            internal_error()
        }
    }
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(mut form): crate::forms::CsrfForm,
) -> Response {
    let e = match load(&state, &viewer, &id, "update_activity").await {
        Ok(e) => e,
        Err(res) => return res,
    };
    let kept = match (&e.participant_id, &e.activity.course) {
        (Some(p), Some(c)) => match state.db.course(c.as_str()).await {
            Ok(Some(course)) => Some(Kept { participant: p.clone(), course: c.clone(), course_start: course.start }),
            Ok(None) => None,
            Err(err) => {
                tracing::error!(error = %err, "course lookup failed");
                return internal_error();
            }
        },
        _ => None,
    };
    if form.get("seen").is_some_and(|seen| *seen != fingerprint(&e.activity)) {
        return saved_or_conflict(Ok(false), String::new());
    }
    let draft = match activity_form::read(&state, &viewer, &form, kept.as_ref()).await {
        Ok(Ok(d)) => d,
        Ok(Err(errors)) => {
            form.insert("csrf".into(), viewer.csrf.clone().unwrap_or_default());
            form.insert("back".into(), back_to(&form, &e));
            let f = Filled { form, errors };
            return page(&state, &viewer, &e, f, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(res) => return res,
    };
    let stored = match state.db.candidate_presented(e.activity.id.as_str()).await {
        Ok(b) => b,
        Err(err) => {
            tracing::error!(error = %err, "candidate lookup failed");
            return internal_error();
        }
    };
    let candidate = Candidate { stored, wanted: draft.candidate_presented() };
    let before = &e.activity;
    // The form shows the employer by name, so the employer it resolves to is compared, not
    // the text: the contact person stays with an unchanged employer.
    let contact = if draft.employer() == before.employer.as_ref() { before.employer_contact.clone() } else { None };
    let mut after = draft.into_activity(before.id.clone(), before.user.clone(), contact);
    keep_unset(before, &mut after);
    let new_participant = form.get("participant").map(|s| s.trim()).filter(|s| !s.is_empty());
    let saved = save(&state, &viewer, &e, &after, "update_activity", new_participant, Some(candidate)).await;
    saved_or_conflict(saved, back_to(&form, &e))
}

/// The meeting as the close form leaves it, or why it cannot be closed so.
fn closed(
    before: &Activity,
    form: &HashMap<String, String>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Activity, (&'static str, StatusCode)> {
    if before.status != ActivityStatus::Planned {
        return Err(("Møtet er allerede lukket. Endre det i skjemaet under om noe er feil.", StatusCode::CONFLICT));
    }
    let status = match form.get("status").and_then(|s| ActivityStatus::parse(s.trim())) {
        Some(s) if s != ActivityStatus::Planned => s,
        _ => return Err(("Velg Gjennomført, Deltaker møtte ikke eller Avlyst.", StatusCode::UNPROCESSABLE_ENTITY)),
    };
    if activity_form::not_yet(status, before.start, now) {
        return Err((
            "Møtet har ikke skjedd ennå, så det kan ikke markeres som gjennomført eller som at deltakeren ikke \
             møtte. Et møte som ikke blir noe av, kan avlyses.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let mut after = before.clone();
    after.status = status;
    // The time spent counts when the job specialist was there (DOMAIN.md §5's "done"); a
    // cancelled meeting keeps its planned length, which no figure counts.
    if status.is_done() {
        let mut errors = Errors::new();
        let m = activity_form::minutes(form, "minutes", &mut errors);
        if !errors.is_empty() || m == 0 {
            return Err(("Skriv hvor mange minutter møtet varte, mellom 1 og 1440.", StatusCode::UNPROCESSABLE_ENTITY));
        }
        after.minutes = m;
    }
    Ok(after)
}

pub(crate) async fn close(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    let e = match load(&state, &viewer, &id, "close_activity").await {
        Ok(e) => e,
        Err(res) => return res,
    };
    let back = back_to(&form, &e);
    let after = match closed(&e.activity, &form, state.clock.now()) {
        Ok(a) => a,
        Err((why, status)) => {
            let mut filled = activity_form::fields_of(&e.activity, e.participant_id.as_deref());
            filled.insert("csrf".into(), viewer.csrf.clone().unwrap_or_default());
            filled.insert("back".into(), back);
            filled.insert("seen".into(), fingerprint(&e.activity));
            if let Some(m) = form.get("minutes") {
                filled.insert("close_minutes".into(), m.clone());
            }
            let f = Filled { form: filled, errors: Errors::new() };
            return page(&state, &viewer, &e, f, why.to_owned(), status).await;
        }
    };
    let saved = save(&state, &viewer, &e, &after, "close_activity", None, None).await;
    saved_or_conflict(saved, back)
}

/// Which of a participant's activities the viewer may change (the participant's read rules
/// are the caller's to have checked): one flag per activity, in order. `users` holds the
/// activities' owners (`Db::users_with_teams`), read by the caller with the other users the
/// page names.
pub(crate) fn editable(
    viewer: &Viewer,
    activities: &[Activity],
    users: &HashMap<String, jobbvei_store::NamedUser>,
) -> Vec<bool> {
    activities
        .iter()
        .map(|a| may_edit(viewer, a.user.as_str(), users.get(a.user.as_str()).and_then(|u| u.team.as_deref())))
        .collect()
}
