//! Registering a participant with the first course (`/deltaker/ny`), correcting the
//! participant (`/deltaker/{id}/endre`) and starting a new course after an ended one
//! (`/deltaker/{id}/forlop`). A participant is always registered with a course, so someone
//! owns the record from the first minute; a job specialist registers for themselves, a team
//! lead for a member of the team.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jobbvei_domain::codelist::PostalCode;
use jobbvei_domain::identity::IdentityError;
use jobbvei_domain::{
    Course, ExtId, Fnr, Method, NorwegianLevel, Participant, ParticipantContact, PhaseEntry, Role, User,
};

use super::form::{self, Field, FieldKind, FormPage, Reader};
use crate::AppState;
use crate::access::participant_rights;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};
use crate::notify::notices::By;
use crate::notify::people;

/// Who the form can name: veiledere (by name) and the job specialists of the viewer's team.
struct People {
    veiledere: Vec<User>,
    specialists: Vec<User>,
    /// The method of the viewer's team, the default for a new course.
    method: Option<Method>,
}

async fn people(state: &AppState, v: &Viewer) -> Result<People, PageError> {
    let veiledere = state.db.users_with_role(Role::Veileder).await?;
    let (specialists, method) = match &v.user.team {
        Some(t) => {
            let members = state.db.team_users(t.as_str()).await?;
            let method = state.db.team(t.as_str()).await?.map(|t| t.method);
            (members.into_iter().filter(|u| u.roles.contains(&Role::JobSpecialist)).collect(), method)
        }
        None => (Vec::new(), None),
    };
    Ok(People { veiledere, specialists, method })
}

fn participant_fields(p: &People, editing: bool) -> Vec<Field> {
    let levels: Vec<(&str, &str)> = NorwegianLevel::ALL.iter().map(|l| (l.code(), l.code())).collect();
    let veiledere = p.veiledere.iter().map(|u| (u.name.clone(), String::new())).collect();
    let fnr = Field::new("fnr", "Fødselsnummer eller d-nummer", FieldKind::Text);
    let fnr = if editing {
        fnr.optional().hint("Fyll inn bare for å rette nummeret. Det vises ellers maskert.")
    } else {
        fnr.hint("11 siffer.")
    };
    vec![
        Field::new("name", "Navn", FieldKind::Text),
        fnr,
        Field::new("postal_code", "Postnummer", FieldKind::Text).optional(),
        Field::new("birth_year", "Fødselsår", FieldKind::Number).optional().hint("Tomt: leses av fødselsnummeret."),
        Field::new("norwegian_level", "Norsknivå", FieldKind::Select).optional().options(levels),
        Field::new("phone", "Telefon", FieldKind::Text).optional(),
        Field::new("email", "E-post", FieldKind::Text).optional(),
        Field::new("interpreter", "Trenger tolk", FieldKind::Check),
        Field::new("interpreter_language", "Tolkespråk", FieldKind::Text)
            .optional()
            .hint("Når deltakeren trenger tolk."),
        Field::new("veileder", "Veileder i NAV", FieldKind::Text)
            .optional()
            .hint("Skriv navnet.")
            .owned_options(veiledere),
        Field::new("confidential", "Fortrolig eller strengt fortrolig adresse, eller skjermet", FieldKind::Check),
    ]
}

fn course_fields(p: &People, lead: bool) -> Vec<Field> {
    let methods = [("SE", "Supported Employment"), ("IPS", "IPS"), ("UO", "Utvidet oppfølging")];
    let mut out = vec![
        Field::new("method", "Metode", FieldKind::Select).options(methods),
        Field::new("start", "Forløpet starter", FieldKind::Date),
        Field::new("referred", "Henvist", FieldKind::Date).optional(),
    ];
    if lead {
        let members = p.specialists.iter().map(|u| (u.id.as_str().to_owned(), u.name.clone())).collect();
        out.insert(1, Field::new("job_specialist", "Jobbspesialist", FieldKind::Select).owned_options(members));
    }
    out
}

pub(crate) fn fnr_message(e: IdentityError) -> &'static str {
    match e {
        IdentityError::Length(_) => "Fødselsnummeret har 11 siffer.",
        IdentityError::Date => "Fødselsnummeret inneholder en dato som ikke finnes.",
        IdentityError::CheckDigit => "Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret.",
    }
}

/// How to reach the participant, as typed.
fn parse_contact(r: &mut Reader<'_>) -> ParticipantContact {
    let phone = r.opt_text("phone");
    if let Some(p) = &phone {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        let plain = p.chars().all(|c| c.is_ascii_digit() || " +-".contains(c));
        if !plain || !(8..=15).contains(&digits) {
            r.fail("phone", "Skriv telefonnummeret med 8 siffer, eller med landskode, for eksempel +46 701234567.");
        }
    }
    let email = r.opt_text("email");
    if let Some(e) = &email {
        let valid = e.len() <= 254
            && !e.contains(char::is_whitespace)
            && e.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty()
                    && host.contains('.')
                    && !host.starts_with('.')
                    && !host.ends_with('.')
                    && !host.contains('@')
            });
        if !valid {
            r.fail("email", "Skriv e-postadressen som navn@eksempel.no.");
        }
    }
    let interpreter_language = r.opt_text("interpreter_language");
    ParticipantContact { phone, email, interpreter_language }
}

/// The participant as typed; `before` is the stored one when editing (its id and number kept).
fn parse_participant(r: &mut Reader<'_>, people: &People, before: Option<&Participant>) -> Option<Participant> {
    let name = r.opt_text("name");
    if name.is_none() {
        r.fail("name", "Skriv navnet.");
    }
    let typed_fnr = r.opt_text("fnr").map(|f| f.replace([' ', '.'], ""));
    let fnr = match (typed_fnr, before) {
        (Some(t), _) => Fnr::parse(&t).map_err(|e| r.fail("fnr", fnr_message(e))).ok(),
        (None, Some(b)) => Some(b.fnr.clone()),
        (None, None) => {
            r.fail("fnr", "Skriv fødselsnummeret eller d-nummeret.");
            None
        }
    };
    let postal_code = r.opt_text("postal_code").and_then(|c| {
        let found = PostalCode::parse(&c);
        if found.is_none() {
            r.fail("postal_code", "Postnummeret finnes ikke.");
        }
        found
    });
    let years = jobbvei_domain::bounds::YEARS;
    let birth_year = r.opt_number("birth_year", f64::from(*years.start()), f64::from(*years.end())).map(|y| y as i32);
    let norwegian_level = r.opt_code("norwegian_level", NorwegianLevel::parse);
    let interpreter = r.check("interpreter");
    let confidential = r.check("confidential");
    let veileder = r.opt_text("veileder").and_then(|typed| {
        let found = people.veiledere.iter().find(|u| u.name == typed || u.id.as_str() == typed).map(|u| u.id.clone());
        if found.is_none() {
            r.fail("veileder", "Fant ingen veileder med det navnet.");
        }
        found
    });
    let id = match before {
        Some(b) => b.id.clone(),
        None => ExtId::parse(&new_id("p")?).ok()?,
    };
    let fnr = fnr?;
    // A number from the 1800s gives no birth year: every year stored lies in bounds::YEARS,
    // so that an export of it imports again.
    let derived = fnr_birth_year(&fnr).filter(|y| jobbvei_domain::bounds::YEARS.contains(y));
    let birth_year = birth_year.or(derived).or(before.and_then(|b| b.birth_year));
    Some(Participant {
        id,
        name: name?,
        fnr,
        postal_code,
        birth_year,
        norwegian_level,
        interpreter: Some(interpreter),
        veileder,
        confidential: Some(confidential),
    })
}

/// The birth year a national id gives, by its individual number (the century rule).
pub(crate) fn fnr_birth_year(fnr: &Fnr) -> Option<i32> {
    let s = fnr.as_str();
    let yy: i32 = s.get(4..6)?.parse().ok()?;
    let individual: i32 = s.get(6..9)?.parse().ok()?;
    let century = match individual {
        0..=499 => 1900,
        500..=749 if yy >= 54 => 1800,
        500..=999 if yy < 40 => 2000,
        900..=999 => 1900,
        _ => return None,
    };
    Some(century + yy)
}

fn parse_course(r: &mut Reader<'_>, v: &Viewer, people: &People, participant: &ExtId, lead: bool) -> Option<Course> {
    let method = r.code("method", Method::parse, "Velg metode.");
    let start = r.date("start", "Skriv datoen forløpet starter.");
    let referred = r.opt_date("referred");
    if let (Some(s), Some(f)) = (start, referred)
        && f > s
    {
        r.fail("referred", "Henvisningen kan ikke være etter at forløpet starter.");
    }
    let job_specialist = if lead {
        let chosen = r.code(
            "job_specialist",
            |id| people.specialists.iter().find(|u| u.id.as_str() == id).map(|u| u.id.clone()),
            "Velg jobbspesialist.",
        );
        chosen?
    } else {
        v.user.id.clone()
    };
    Some(Course {
        id: ExtId::parse(&new_id("c")?).ok()?,
        participant: participant.clone(),
        method: method?,
        job_specialist,
        start: start?,
        referred,
        end: None,
        end_cause: None,
        end_cause_detail: None,
    })
}

/// The first phase of the method, from the course start.
fn first_phase(c: &Course) -> PhaseEntry {
    PhaseEntry { course: c.id.clone(), phase: c.method.phases()[0], from: c.start }
}

/// A team lead who is not also a job specialist registers for a member of the team.
fn leads(v: &Viewer) -> bool {
    v.has(Role::MethodSupervisor) && !v.has(Role::JobSpecialist)
}

fn defaults(people: &People, today: NaiveDate) -> HashMap<String, String> {
    let mut typed = HashMap::from([("start".to_owned(), today.to_string())]);
    if let Some(m) = people.method {
        typed.insert("method".into(), m.code().into());
    }
    typed
}

fn new_page(v: &Viewer, people: &People) -> FormPage {
    let mut fields = participant_fields(people, false);
    fields.extend(course_fields(people, leads(v)));
    FormPage::new("Portefølje", "Ny deltaker", "Registrer deltakeren")
        .lead("Deltakeren registreres med sitt første forløp.")
        .at("/deltaker/ny", "/portefolje")
        .fields(fields)
}

fn edit_page(p: &Participant, people: &People) -> FormPage {
    let id = p.id.as_str();
    FormPage::new(&p.name, "Endre deltakeren", "Lagre")
        .at(format!("/deltaker/{id}/endre"), format!("/deltaker/{id}"))
        .fields(participant_fields(people, true))
}

fn course_page(v: &Viewer, p: &Participant, people: &People) -> FormPage {
    let id = p.id.as_str();
    FormPage::new(&p.name, "Start nytt forløp", "Start forløpet")
        .at(format!("/deltaker/{id}/forlop"), format!("/deltaker/{id}"))
        .fields(course_fields(people, leads(v)))
}

pub(crate) async fn new_form(State(state): State<AppState>, v: Viewer) -> Result<Response, PageError> {
    let people = people(&state, &v).await?;
    let typed = defaults(&people, state.clock.today());
    Ok(new_page(&v, &people).open(&v, &typed, &form::none()))
}

pub(crate) async fn create(
    State(state): State<AppState>,
    v: Viewer,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let people = people(&state, &v).await?;
    let mut r = Reader::new(&typed);
    let participant = parse_participant(&mut r, &people, None);
    let contact = parse_contact(&mut r);
    let course = participant.as_ref().and_then(|p| parse_course(&mut r, &v, &people, &p.id, leads(&v)));
    if let Some(p) = &participant
        && state.db.participant_with_fnr(p.fnr.as_str()).await?.is_some()
    {
        r.fail(
            "fnr",
            "En deltaker med dette fødselsnummeret er allerede registrert. Søk opp deltakeren i porteføljen.",
        );
    }
    let (Some(participant), Some(course)) = (participant, course) else {
        if r.errors.is_empty() {
            r.fail("name", "Prøv igjen.");
        }
        return Ok(new_page(&v, &people).refuse(&v, &typed, &r.errors));
    };
    if !r.errors.is_empty() {
        return Ok(new_page(&v, &people).refuse(&v, &typed, &r.errors));
    }
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_participants(std::slice::from_ref(&participant)).await?;
    change.tx().record_registration(participant.id.as_str(), v.user.id.as_str(), state.clock.now()).await?;
    change.tx().upsert_courses(std::slice::from_ref(&course)).await?;
    change.tx().upsert_phases(&[first_phase(&course)]).await?;
    let mut fields = vec!["participant", "course", "course.phase"];
    if contact != ParticipantContact::default() {
        change
            .tx()
            .set_participant_contact(participant.id.as_str(), &contact, state.clock.now(), v.user.id.as_str())
            .await?;
        fields.push("participant.contact");
    }
    change.audit("create", ("participant", participant.id.as_str()), &fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{}", participant.id)).into_response())
}

/// The participant and whether the viewer may keep the record; a denial is audited.
async fn writable(state: &AppState, v: &Viewer, id: &str) -> Result<(Participant, bool), PageError> {
    let access = state
        .db
        .participant_access(id, state.clock.today())
        .await?
        .ok_or(PageError::NotFound("Fant ikke deltakeren."))?;
    let rights = participant_rights(v, &access);
    if !rights.write {
        let mut denial = crate::workplace::entry(state, v, "update", ("participant", id), &["participant"]);
        denial.outcome = "denied".into();
        crate::workplace::audit_read(state, denial).await?;
        return Err(PageError::Forbidden("Bare deltakerens jobbspesialist og teamleder kan endre deltakeren."));
    }
    let record = state.db.participant_record(id, 0).await?.ok_or(PageError::NotFound("Fant ikke deltakeren."))?;
    let open = record.courses.iter().any(|c| c.end.is_none());
    Ok((record.participant, open))
}

/// Audits that a form about the participant was shown, naming what it fills in.
async fn shown(state: &AppState, v: &Viewer, id: &str, fields: &[&str]) -> Result<(), PageError> {
    Ok(crate::workplace::audit_read(state, crate::workplace::entry(state, v, "read", ("participant", id), fields))
        .await?)
}

fn edit_values(p: &Participant, c: &ParticipantContact, people: &People) -> HashMap<String, String> {
    let mut typed = HashMap::from([("name".to_owned(), p.name.clone())]);
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            typed.insert(k.to_owned(), v);
        }
    };
    put("postal_code", p.postal_code.map(|c| c.as_str().to_owned()));
    put("phone", c.phone.clone());
    put("email", c.email.clone());
    put("interpreter_language", c.interpreter_language.clone());
    put("birth_year", p.birth_year.map(|y| y.to_string()));
    put("norwegian_level", p.norwegian_level.map(|l| l.code().to_owned()));
    put("interpreter", (p.interpreter == Some(true)).then(|| "on".to_owned()));
    put("confidential", p.is_confidential().then(|| "on".to_owned()));
    put(
        "veileder",
        p.veileder.as_ref().and_then(|id| people.veiledere.iter().find(|u| &u.id == id)).map(|u| u.name.clone()),
    );
    typed
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (p, _) = writable(&state, &v, &id).await?;
    shown(&state, &v, &id, &["record", "contact"]).await?;
    let people = people(&state, &v).await?;
    let contact = state.db.participant_contact(&id).await?;
    Ok(edit_page(&p, &people).open(&v, &edit_values(&p, &contact, &people), &form::none()))
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let (before, _) = writable(&state, &v, &id).await?;
    let people = people(&state, &v).await?;
    let mut r = Reader::new(&typed);
    let after = parse_participant(&mut r, &people, Some(&before));
    let contact = parse_contact(&mut r);
    if let Some(a) = &after
        && a.fnr != before.fnr
        && state.db.participant_with_fnr(a.fnr.as_str()).await?.is_some_and(|other| other != id)
    {
        r.fail("fnr", "En annen deltaker har dette fødselsnummeret.");
    }
    let Some(after) = after.filter(|_| r.errors.is_empty()) else {
        return Ok(edit_page(&before, &people).refuse(&v, &typed, &r.errors));
    };
    let mut changed = changed_fields(&before, &after);
    let contact_before = state.db.participant_contact(&id).await?;
    changed.extend(changed_contact(&contact_before, &contact));
    if !changed.is_empty() {
        let told = if before.veileder != after.veileder {
            people::VeilederChange::load(&state, &before, &after).await?
        } else {
            None
        };
        let mut change = Change::begin(&state, &v).await?;
        change.tx().upsert_participants(std::slice::from_ref(&after)).await?;
        if contact != contact_before {
            change.tx().set_participant_contact(&id, &contact, state.clock.now(), v.user.id.as_str()).await?;
        }
        change.audit("update", ("participant", &id), &changed).await?;
        if let Some(t) = told {
            let by = By { user: v.user.id.as_str(), at: state.clock.now() };
            people::veileder_changed(change.tx(), &by, &t.pair, &t.change()).await?;
        }
        change.commit().await?;
    }
    Ok(Redirect::to(&format!("/deltaker/{id}")).into_response())
}

fn changed_contact(a: &ParticipantContact, b: &ParticipantContact) -> Vec<&'static str> {
    [
        ("participant.phone", a.phone == b.phone),
        ("participant.email", a.email == b.email),
        ("participant.interpreter_language", a.interpreter_language == b.interpreter_language),
    ]
    .into_iter()
    .filter_map(|(name, same)| (!same).then_some(name))
    .collect()
}

/// The names of the fields an edit changed, for the audit log.
fn changed_fields(a: &Participant, b: &Participant) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut differ = |name, same: bool| {
        if !same {
            out.push(name);
        }
    };
    differ("participant.name", a.name == b.name);
    differ("participant.fnr", a.fnr == b.fnr);
    differ("participant.postal_code", a.postal_code == b.postal_code);
    differ("participant.birth_year", a.birth_year == b.birth_year);
    differ("participant.norwegian_level", a.norwegian_level == b.norwegian_level);
    differ("participant.interpreter", a.interpreter == b.interpreter);
    differ("participant.veileder", a.veileder == b.veileder);
    differ("participant.confidential", a.confidential == b.confidential);
    out
}

pub(crate) async fn course_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (p, open) = writable(&state, &v, &id).await?;
    shown(&state, &v, &id, &["name"]).await?;
    let people = people(&state, &v).await?;
    let errors = if open { form::refusal("method", OPEN) } else { form::none() };
    Ok(course_page(&v, &p, &people).open(&v, &defaults(&people, state.clock.today()), &errors))
}

const OPEN: &str = "Deltakeren har et åpent forløp. Et nytt kan startes når det er avsluttet.";

pub(crate) async fn start_course(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let (p, open) = writable(&state, &v, &id).await?;
    let people = people(&state, &v).await?;
    let mut r = Reader::new(&typed);
    let course = parse_course(&mut r, &v, &people, &p.id, leads(&v));
    if open {
        r.fail("method", OPEN);
    }
    let Some(course) = course.filter(|_| r.errors.is_empty()) else {
        return Ok(course_page(&v, &p, &people).refuse(&v, &typed, &r.errors));
    };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_courses(std::slice::from_ref(&course)).await?;
    change.tx().upsert_phases(&[first_phase(&course)]).await?;
    change.audit("create", ("participant", &id), &["course", "course.phase"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}#forlop-{}", course.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_birth_year_follows_the_century_rule() {
        let year = |s: &str| fnr_birth_year(&Fnr::parse(s).unwrap());
        assert_eq!(year("15038512363"), Some(1985));
    }
}
