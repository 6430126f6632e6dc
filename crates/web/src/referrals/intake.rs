//! `/henvisning/{id}/aksepter` and `/henvisning/{id}/avvis`: the team lead answers a sent
//! referral. Accepting picks the job specialist and plans the three-party meeting, and the
//! course starts that day (with its first phase); rejecting needs a reason from the fixed
//! list and a text. The veileder is told either way; the decision goes into the exchange
//! record (the reason as its code), the text beside it.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::referrals::RejectReason;
use jobbvei_domain::{Course, ExtId, Method, PhaseEntry, ReferralDecision, Role, User};
use jobbvei_store::{ReferralDetail, ReferralLine};

use super::notices::{self, By};
use super::{lead_case, reason_label, record};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};
use crate::keep::form::{self, Errors, Field, FieldKind, FormPage, Reader};

const ANSWERED: &str = "Henvisningen er allerede besvart.";
const OPEN_COURSE: &str = "Deltakeren har allerede et åpent forløp. Avslutt det først, eller avvis henvisningen med \
                           grunnen «annet» og skriv hvorfor.";

fn bad(e: impl std::fmt::Display) -> PageError {
    PageError::Internal(e.to_string())
}

/// The referral's stored detail, or one made from the line for a referral from elsewhere.
async fn detail(state: &AppState, l: &ReferralLine) -> Result<ReferralDetail, PageError> {
    Ok(state.db.referral_detail(&l.id).await?.unwrap_or_else(|| ReferralDetail {
        id: l.id.clone(),
        participant: l.participant_id.clone(),
        veileder: l.veileder_id.clone(),
        team: l.team_id.clone(),
        ..ReferralDetail::default()
    }))
}

async fn specialists(state: &AppState, team: &str) -> Result<Vec<User>, PageError> {
    let users = state.db.team_users(team).await?;
    Ok(users.into_iter().filter(|u| u.roles.contains(&Role::JobSpecialist)).collect())
}

fn accept_page(l: &ReferralLine, js: &[User]) -> FormPage {
    let people = js.iter().map(|u| (u.id.as_str().to_owned(), u.name.clone())).collect();
    let methods = [("SE", "Supported Employment"), ("IPS", "IPS"), ("UO", "Utvidet oppfølging")];
    FormPage::new(&l.participant_name, "Aksepter henvisningen", "Aksepter og start forløpet")
        .lead("Forløpet starter med trekantsamtalen mellom deltaker, veileder og jobbspesialist.")
        .at(format!("/henvisning/{}/aksepter", l.id), format!("/henvisning/{}", l.id))
        .fields(vec![
            Field::new("job_specialist", "Jobbspesialist", FieldKind::Select).owned_options(people),
            Field::new("meeting", "Trekantsamtale", FieldKind::Date)
                .hint("Datoen dere planlegger trekantsamtalen. Forløpet starter den dagen."),
            Field::new("method", "Metode", FieldKind::Select).options(methods),
        ])
}

/// Why the referral cannot be answered now, if it cannot.
async fn refusal(state: &AppState, l: &ReferralLine, accepting: bool) -> Result<Option<&'static str>, PageError> {
    if l.decision.is_some() {
        return Ok(Some(ANSWERED));
    }
    if accepting && state.db.open_courses(&l.participant_id).await? > 0 {
        return Ok(Some(OPEN_COURSE));
    }
    Ok(None)
}

/// Audits that a decision form about the referral was shown (it names the participant).
async fn shown(state: &AppState, v: &Viewer, l: &ReferralLine) -> Result<(), PageError> {
    let read = crate::workplace::entry(state, v, "read", ("participant", &l.participant_id), &["referral"]);
    Ok(crate::workplace::audit_read(state, read).await?)
}

pub(crate) async fn accept_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let l = lead_case(&state, &v, &id).await?;
    shown(&state, &v, &l).await?;
    let js = specialists(&state, &l.team_id).await?;
    let method = default_method(&state, &l).await?;
    let typed = HashMap::from([("method".to_owned(), method.code().to_owned())]);
    let errors = refusal(&state, &l, true).await?.map_or_else(form::none, |m| form::refusal("job_specialist", m));
    Ok(accept_page(&l, &js).open(&v, &typed, &errors))
}

/// The veileder's preferred method, else the team's.
async fn default_method(state: &AppState, l: &ReferralLine) -> Result<Method, PageError> {
    let preferred = state.db.referral_detail(&l.id).await?.and_then(|d| d.preferred_method);
    let team = state.db.team(&l.team_id).await?.map(|t| t.method);
    Ok(preferred.or(team).unwrap_or(Method::Se))
}

pub(crate) async fn accept(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let l = lead_case(&state, &v, &id).await?;
    let js = specialists(&state, &l.team_id).await?;
    let mut r = Reader::new(&typed);
    // Checked first, so that its message is the one the field shows.
    if let Some(why) = refusal(&state, &l, true).await? {
        r.fail("job_specialist", why);
    }
    let chosen =
        r.code("job_specialist", |id| js.iter().find(|u| u.id.as_str() == id).cloned(), "Velg jobbspesialist.");
    let meeting = r.date("meeting", "Skriv datoen for trekantsamtalen.");
    let method = r.code("method", Method::parse, "Velg metode.");
    if let (Some(m), Some(sent)) = (meeting, l.sent)
        && m < sent
    {
        r.fail("meeting", "Trekantsamtalen kan ikke være før henvisningen ble sendt.");
    }
    let (Some(chosen), Some(meeting), Some(method), Some(mut referral), true) =
        (chosen, meeting, method, record(&l), r.errors.is_empty())
    else {
        return Ok(accept_page(&l, &js).refuse(&v, &typed, &at_least_one(r.errors, "job_specialist")));
    };
    let course = Course {
        id: ExtId::parse(&new_id("c").unwrap_or_default()).map_err(bad)?,
        participant: referral.participant.clone(),
        method,
        job_specialist: chosen.id.clone(),
        start: meeting,
        referred: Some(referral.sent),
        end: None,
        end_cause: None,
        end_cause_detail: None,
    };
    let phase = PhaseEntry { course: course.id.clone(), phase: method.phases()[0], from: meeting };
    referral.decision = Some(ReferralDecision::Accepted);
    referral.decided = Some(state.clock.today());
    let mut detail = detail(&state, &l).await?;
    detail.course = Some(course.id.as_str().to_owned());
    let now = state.clock.now();
    let by = By { user: v.user.id.as_str(), at: now };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_courses(std::slice::from_ref(&course)).await?;
    change.tx().upsert_phases(&[phase]).await?;
    change.tx().upsert_referrals(&[referral]).await?;
    change.tx().save_referral_detail(&detail, now).await?;
    notices::accepted(change.tx(), &by, &l, (chosen.id.as_str(), &chosen.name), meeting).await?;
    let fields = ["referral.decision", "referral.decided", "course", "course.phase"];
    change.audit("referral_accept", ("participant", &l.participant_id), &fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/henvisning/{id}")).into_response())
}

fn at_least_one(mut e: Errors, field: &'static str) -> Errors {
    if e.is_empty() {
        e.insert(field, "Prøv igjen.".into());
    }
    e
}

fn reject_page(l: &ReferralLine) -> FormPage {
    let reasons: Vec<(&str, &str)> = RejectReason::ALL.iter().map(|r| (r.code(), reason_label(*r))).collect();
    FormPage::new(&l.participant_name, "Avvis henvisningen", "Avvis henvisningen")
        .lead(
            "Nullutelukking: alle som ønsker arbeid, skal få hjelp. Avvisninger telles etter grunn, så teamet og \
             kontoret ser om noen holdes utenfor.",
        )
        .at(format!("/henvisning/{}/avvis", l.id), format!("/henvisning/{}", l.id))
        .fields(vec![
            Field::new("reason", "Grunn", FieldKind::Select).options(reasons),
            Field::new("text", "Begrunnelse", FieldKind::TextArea).hint(
                "Teksten vises for veilederen. Ikke skriv helseopplysninger; skriv hva som skal til for at \
                 deltakeren kan henvises igjen.",
            ),
        ])
}

pub(crate) async fn reject_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let l = lead_case(&state, &v, &id).await?;
    shown(&state, &v, &l).await?;
    let errors = refusal(&state, &l, false).await?.map_or_else(form::none, |m| form::refusal("reason", m));
    Ok(reject_page(&l).open(&v, &HashMap::new(), &errors))
}

pub(crate) async fn reject(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let l = lead_case(&state, &v, &id).await?;
    let mut r = Reader::new(&typed);
    if let Some(why) = refusal(&state, &l, false).await? {
        r.fail("reason", why);
    }
    let reason = r.code("reason", RejectReason::parse, "Velg en grunn fra listen.");
    let text = r.opt_text("text");
    if text.is_none() {
        r.fail("text", "Skriv en begrunnelse til veilederen.");
    }
    let (Some(reason), Some(text), Some(mut referral), true) = (reason, text, record(&l), r.errors.is_empty()) else {
        return Ok(reject_page(&l).refuse(&v, &typed, &at_least_one(r.errors, "reason")));
    };
    referral.decision = Some(ReferralDecision::Rejected);
    referral.decided = Some(state.clock.today());
    referral.reason = Some(reason.code().to_owned());
    let mut detail = detail(&state, &l).await?;
    detail.decision_text = Some(text);
    let now = state.clock.now();
    let by = By { user: v.user.id.as_str(), at: now };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_referrals(&[referral]).await?;
    change.tx().save_referral_detail(&detail, now).await?;
    notices::rejected(change.tx(), &by, &l, reason).await?;
    let fields = ["referral.decision", "referral.decided", "referral.reason", "referral.decision_text"];
    change.audit("referral_reject", ("participant", &l.participant_id), &fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/henvisning/{id}")).into_response())
}
