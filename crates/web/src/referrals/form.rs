//! `/henvisning/ny` and `/henvisning/{id}/endre`: the veileder writes a referral for one of
//! their own participants, or for a new one (name and national id, like `/deltaker/ny`),
//! and saves it as a draft, asks the team lead to talk it over, or sends it. A participant
//! with an open course, or with a referral already waiting, cannot be referred.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{ExtId, Fnr, Method, Participant, Referral};
use jobbvei_store::{ReferralDetail, ReferralLine};

use super::notices::{self, By};
use super::{Seen, case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};
use crate::keep::form::{self, Errors, Field, FieldKind, FormPage, Reader};
use crate::keep::participant::{fnr_birth_year, fnr_message};

pub(crate) const OPEN_COURSE: &str =
    "Deltakeren har allerede et åpent forløp hos en jobbspesialist. Ta kontakt med jobbspesialisten i stedet.";
pub(crate) const PENDING: &str = "Deltakeren har allerede en henvisning som venter på svar.";
const SENT: &str = "Henvisningen er sendt og kan ikke endres. Ta kontakt med teamlederen om noe skal rettes.";

/// What the form can name: the veileder's own participants and every team.
struct Choices {
    participants: Vec<(String, String)>,
    /// (id, team name, office name).
    teams: Vec<(String, String, String)>,
}

async fn choices(state: &AppState, v: &Viewer) -> Result<Choices, PageError> {
    let mine = state.db.veileder_participants(v.user.id.as_str(), state.clock.today(), state.clock.now()).await?;
    // A confidential participant is handled outside Jobbvei by the veileder (DOMAIN.md §2).
    let participants = mine.into_iter().filter(|r| !r.confidential).map(|r| (r.participant_id, r.participant_name));
    Ok(Choices { participants: participants.collect(), teams: state.db.teams_with_office().await? })
}

const STEPS: [(&str, &str); 3] = [
    ("send", "Send henvisningen til teamet"),
    ("utkast", "Lagre som utkast"),
    ("drofting", "Lagre som utkast og be teamlederen om en drøfting før jeg sender"),
];

fn fields(c: &Choices, new: bool) -> Vec<Field> {
    let methods = [("SE", "Supported Employment"), ("IPS", "IPS"), ("UO", "Utvidet oppfølging")];
    let teams = c.teams.iter().map(|(id, t, o)| (id.clone(), format!("{t} ({o})"))).collect();
    let mut out = Vec::new();
    if new {
        out.push(
            Field::new("participant", "Deltaker", FieldKind::Select)
                .optional()
                .hint("Velg en av deltakerne dine, eller fyll inn navn og fødselsnummer for en ny deltaker.")
                .owned_options(c.participants.clone()),
        );
        out.push(Field::new("name", "Navn på ny deltaker", FieldKind::Text).optional());
        out.push(
            Field::new("fnr", "Fødselsnummer eller d-nummer for ny deltaker", FieldKind::Text)
                .optional()
                .hint("11 siffer."),
        );
    }
    out.extend([
        Field::new("team", "Team", FieldKind::Select).owned_options(teams),
        Field::new("why_now", "Hvorfor nå", FieldKind::TextArea)
            .hint("Hva gjør at deltakeren bør få hjelp fra en jobbspesialist nå?"),
        Field::new("wish", "Deltakerens eget ønske om arbeid", FieldKind::TextArea)
            .hint("Gjerne med deltakerens egne ord: hva slags arbeid, hvor mye og hvor."),
        Field::new("support_needs", "Det du vet om behov for bistand", FieldKind::TextArea).optional().hint(
            "Ikke skriv helseopplysninger eller diagnoser. Skriv hva deltakeren trenger hjelp til, for eksempel språk, \
             transport eller oppfølging på jobben.",
        ),
        Field::new("preferred_method", "Foretrukket metode", FieldKind::Select).optional().options(methods),
        Field::new("step", "Hva vil du gjøre nå?", FieldKind::Select).options(STEPS),
    ]);
    out
}

fn new_page(c: &Choices) -> FormPage {
    FormPage::new("Henvisninger", "Ny henvisning", "Lagre")
        .lead(
            "Alle som ønsker arbeid, kan få hjelp fra en jobbspesialist. Deltakerens eget ønske om arbeid er det \
             som teller; det trengs ingen vurdering av om deltakeren er klar for jobb.",
        )
        .at("/henvisning/ny", "/henvisninger")
        .fields(fields(c, true))
}

fn edit_page(c: &Choices, l: &ReferralLine) -> FormPage {
    FormPage::new(&l.participant_name, "Endre henvisningen", "Lagre")
        .at(format!("/henvisning/{}/endre", l.id), format!("/henvisning/{}", l.id))
        .fields(fields(c, false))
}

/// The step the veileder chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Send,
    Draft,
    Consult,
}

/// The referral's own fields as typed; `participant` is filled in by the caller.
fn parse_detail(r: &mut Reader<'_>, c: &Choices) -> (Option<ReferralDetail>, Option<Step>) {
    let step = r.code(
        "step",
        |s| match s {
            "send" => Some(Step::Send),
            "utkast" => Some(Step::Draft),
            "drofting" => Some(Step::Consult),
            _ => None,
        },
        "Velg om henvisningen skal sendes eller lagres.",
    );
    let team = r.code("team", |t| c.teams.iter().find(|x| x.0 == t).map(|x| x.0.clone()), "Velg teamet.");
    let why_now = r.opt_text("why_now");
    let wish = r.opt_text("wish");
    if step == Some(Step::Send) {
        if why_now.is_none() {
            r.fail("why_now", "Skriv hvorfor deltakeren henvises nå.");
        }
        if wish.is_none() {
            r.fail("wish", "Skriv deltakerens eget ønske om arbeid.");
        }
    }
    let support_needs = r.opt_text("support_needs");
    let preferred_method = r.opt_code("preferred_method", Method::parse);
    let detail = team.map(|team| ReferralDetail {
        team,
        why_now,
        wish,
        support_needs,
        preferred_method,
        ..ReferralDetail::default()
    });
    (detail, step)
}

/// The participant chosen or typed: an existing one of the veileder's, or a new one.
async fn parse_participant(
    state: &AppState,
    v: &Viewer,
    r: &mut Reader<'_>,
    c: &Choices,
) -> Result<Option<(String, String, Option<Participant>)>, PageError> {
    if let Some(chosen) = r.opt_text("participant") {
        return Ok(match c.participants.iter().find(|(id, _)| *id == chosen) {
            Some((id, name)) => Some((id.clone(), name.clone(), None)),
            None => {
                r.fail("participant", "Velg en av deltakerne dine.");
                None
            }
        });
    }
    let name = r.opt_text("name");
    if name.is_none() {
        r.fail("participant", "Velg en deltaker, eller skriv navn og fødselsnummer for en ny.");
        r.fail("name", "Skriv navnet på den nye deltakeren.");
    }
    let fnr = match r.opt_text("fnr").map(|f| f.replace([' ', '.'], "")) {
        Some(t) => Fnr::parse(&t).map_err(|e| r.fail("fnr", fnr_message(e))).ok(),
        None => {
            r.fail("fnr", "Skriv fødselsnummeret eller d-nummeret.");
            None
        }
    };
    if let Some(f) = &fnr
        && let Some(other) = state.db.participant_with_fnr(f.as_str()).await?
    {
        let mine = c.participants.iter().any(|(id, _)| *id == other);
        r.fail(
            "fnr",
            if mine {
                "Deltakeren er allerede registrert. Velg deltakeren i listen over."
            } else {
                "En deltaker med dette fødselsnummeret finnes allerede i Jobbvei. Ta kontakt med teamet for å henvise deltakeren."
            },
        );
    }
    let (Some(name), Some(fnr)) = (name, fnr) else { return Ok(None) };
    let Some(id) = new_id("p").and_then(|i| ExtId::parse(&i).ok()) else { return Ok(None) };
    let p = Participant {
        id,
        name: name.clone(),
        birth_year: fnr_birth_year(&fnr),
        fnr,
        postal_code: None,
        norwegian_level: None,
        interpreter: None,
        veileder: Some(v.user.id.clone()),
        confidential: None,
    };
    Ok(Some((p.id.as_str().to_owned(), name, Some(p))))
}

/// An existing participant may not be in a course or have a referral waiting already.
async fn check_free(state: &AppState, r: &mut Reader<'_>, participant: &str, referral: &str) -> Result<(), PageError> {
    if state.db.open_courses(participant).await? > 0 {
        r.fail("participant", OPEN_COURSE);
    } else if state.db.pending_referrals(participant, referral).await? > 0 {
        r.fail("participant", PENDING);
    }
    Ok(())
}

pub(crate) async fn new_form(State(state): State<AppState>, v: Viewer) -> Result<Response, PageError> {
    let c = choices(&state, &v).await?;
    let typed = HashMap::from([("step".to_owned(), "send".to_owned())]);
    Ok(new_page(&c).open(&v, &typed, &form::none()))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    v: Viewer,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let c = choices(&state, &v).await?;
    let mut r = Reader::new(&typed);
    let participant = parse_participant(&state, &v, &mut r, &c).await?;
    let (detail, step) = parse_detail(&mut r, &c);
    if let Some((id, _, None)) = &participant {
        check_free(&state, &mut r, id, "").await?;
    }
    let (Some((pid, name, new)), Some(mut detail), Some(step), true) = (participant, detail, step, r.errors.is_empty())
    else {
        return Ok(new_page(&c).refuse(&v, &typed, &filled(r.errors)));
    };
    let Some(id) = new_id("h") else { return Err(PageError::Internal("no id".into())) };
    detail.id = id;
    detail.participant = pid;
    detail.veileder = v.user.id.as_str().to_owned();
    save(&state, &v, &c, detail, (name, new), step).await
}

/// At least one message, so a refused form never looks accepted.
fn filled(mut e: Errors) -> Errors {
    if e.is_empty() {
        e.insert("team", "Prøv igjen.".into());
    }
    e
}

/// Writes the referral (and a new participant), audited, with the step's notices.
async fn save(
    state: &AppState,
    v: &Viewer,
    c: &Choices,
    mut detail: ReferralDetail,
    (name, new): (String, Option<Participant>),
    step: Step,
) -> Result<Response, PageError> {
    let now = state.clock.now();
    let team_name = c.teams.iter().find(|t| t.0 == detail.team).map(|t| t.1.clone()).unwrap_or_default();
    let line = ReferralLine {
        id: detail.id.clone(),
        participant_id: detail.participant.clone(),
        participant_name: name,
        veileder_id: detail.veileder.clone(),
        veileder_name: v.user.name.clone(),
        team_id: detail.team.clone(),
        team_name,
        ..ReferralLine::default()
    };
    let leads = if step == Step::Draft { Vec::new() } else { notices::leads(state, &detail.team).await? };
    if step == Step::Consult {
        detail.consulted_at = Some(now);
    }
    let by = By { user: v.user.id.as_str(), at: now };
    let mut change = Change::begin(state, v).await?;
    let mut fields = vec!["referral", "referral.why_now", "referral.wish", "referral.support_needs"];
    if let Some(p) = &new {
        change.tx().upsert_participants(std::slice::from_ref(p)).await?;
        fields.insert(0, "participant");
    }
    change.tx().save_referral_detail(&detail, now).await?;
    let action = match step {
        Step::Send => {
            let sent = Referral {
                id: ExtId::parse(&detail.id).map_err(|e| PageError::Internal(e.to_string()))?,
                participant: ExtId::parse(&detail.participant).map_err(|e| PageError::Internal(e.to_string()))?,
                veileder: v.user.id.clone(),
                team: ExtId::parse(&detail.team).map_err(|e| PageError::Internal(e.to_string()))?,
                sent: state.clock.today(),
                decision: None,
                decided: None,
                reason: None,
            };
            change.tx().upsert_referrals(&[sent]).await?;
            notices::sent(change.tx(), &by, &leads, &line).await?;
            "referral_send"
        }
        Step::Consult => {
            notices::consult(change.tx(), &by, &leads, &line).await?;
            "referral_consult"
        }
        Step::Draft => "referral_draft",
    };
    change.audit(action, ("participant", &detail.participant), &fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/henvisning/{}", detail.id)).into_response())
}

/// The veileder's own draft, or the message why it cannot be changed.
async fn own_draft(
    state: &AppState,
    v: &Viewer,
    id: &str,
) -> Result<(ReferralLine, Option<ReferralDetail>), PageError> {
    let (line, seen) = case(state, v, id).await?;
    if seen != Seen::Owner {
        return Err(PageError::Forbidden("Bare veilederen som skrev henvisningen, kan endre den."));
    }
    let detail = state.db.referral_detail(id).await?;
    Ok((line, detail))
}

fn values(d: &ReferralDetail) -> HashMap<String, String> {
    let mut typed = HashMap::from([("team".to_owned(), d.team.clone()), ("step".to_owned(), "send".to_owned())]);
    for (k, v) in [
        ("why_now", d.why_now.clone()),
        ("wish", d.wish.clone()),
        ("support_needs", d.support_needs.clone()),
        ("preferred_method", d.preferred_method.map(|m| m.code().to_owned())),
    ] {
        if let Some(v) = v {
            typed.insert(k.to_owned(), v);
        }
    }
    typed
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (line, detail) = own_draft(&state, &v, &id).await?;
    let read = crate::workplace::entry(&state, &v, "read", ("participant", &line.participant_id), &["referral"]);
    crate::workplace::audit_read(&state, read).await?;
    let c = choices(&state, &v).await?;
    let typed = detail.as_ref().map(values).unwrap_or_default();
    let errors = if line.sent.is_some() { form::refusal("team", SENT) } else { form::none() };
    Ok(edit_page(&c, &line).open(&v, &typed, &errors))
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let (line, before) = own_draft(&state, &v, &id).await?;
    let c = choices(&state, &v).await?;
    let mut r = Reader::new(&typed);
    let (detail, step) = parse_detail(&mut r, &c);
    match (&line.sent, &before) {
        (None, Some(_)) => check_free(&state, &mut r, &line.participant_id, &line.id).await?,
        _ => r.fail("team", SENT),
    }
    let (Some(mut detail), Some(step), Some(before), true) = (detail, step, before, r.errors.is_empty()) else {
        return Ok(edit_page(&c, &line).refuse(&v, &typed, &filled(r.errors)));
    };
    detail.id = before.id;
    detail.participant = before.participant;
    detail.veileder = before.veileder;
    detail.consulted_at = before.consulted_at;
    save(&state, &v, &c, detail, (line.participant_name, None), step).await
}
