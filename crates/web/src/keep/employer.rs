//! Registering an employer (`/arbeidsgiver/ny`) and correcting one (`/arbeidsgiver/{id}/endre`).
//! Employers are shared by the office, so any job specialist or team lead keeps them (the
//! route table lets only those roles in), unless another office holds the relationship
//! ([`held_elsewhere`]). An organisation number is registered once: a
//! second registration is refused with a link to the employer that has it.
//!
//! The quick log sends a user here with `?neste=/logg…` when the employer is not in its
//! list; the new employer is then handed back to the quick log pre-selected.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::codelist::{is_known_municipality, municipalities, municipality_name};
use jobbvei_domain::identity::IdentityError;
use jobbvei_domain::{Employer, EmployerStage, ExtId, Orgnr, User};
use jobbvei_store::StoreError;

use super::form::{Field, FieldKind, FormPage, Reader};
use crate::AppState;
use crate::auth::Viewer;
use crate::dashboard::drill::enc;
use crate::forms::{Change, CsrfForm, PageError, new_id};
use crate::workplace::employers::stage_label;

/// The employer, or a 404 page.
pub(crate) async fn load(state: &AppState, id: &str) -> Result<Employer, PageError> {
    state.db.employer(id).await?.ok_or(PageError::NotFound("Fant ikke arbeidsgiveren."))
}

/// Whether the employer's relationship is held in another office than `me`'s. Employers are
/// shared by the office that holds them: one nobody holds is anyone's to keep, one held in
/// another office is that office's (docs/access.md). A holder or user without a team is in
/// no office.
pub(crate) async fn held_elsewhere(state: &AppState, me: &User, e: &Employer) -> Result<bool, StoreError> {
    let Some(holder) = &e.holder else { return Ok(false) };
    let Some(holder) = state.db.user_by_id(holder.as_str()).await? else { return Ok(false) };
    let office = |team: Option<ExtId>| async move {
        match team {
            Some(t) => state.db.office_of_team(t.as_str()).await,
            None => Ok(None),
        }
    };
    let (theirs, mine) = (office(holder.team).await?, office(me.team.clone()).await?);
    Ok(theirs.is_some() && theirs != mine)
}

/// The employer, when the viewer may keep it; a refusal is audited.
pub(crate) async fn keepable(state: &AppState, v: &Viewer, id: &str) -> Result<Employer, PageError> {
    let e = load(state, id).await?;
    if held_elsewhere(state, &v.user, &e).await? {
        let mut denial = crate::workplace::entry(state, v, "update", ("employer", id), &[]);
        denial.outcome = "denied".into();
        crate::workplace::audit_read(state, denial).await?;
        return Err(PageError::Forbidden(
            "Et annet kontor holder relasjonen til arbeidsgiveren. Bare det kontoret endrer den.",
        ));
    }
    Ok(e)
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct Next {
    neste: Option<String>,
}

/// Where a registration started from the quick log returns: the quick log, with the
/// participant it had pre-filled. Only this one target is accepted, so `neste` can never
/// send anyone off the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuickLog {
    /// The participant's id as the quick log link wrote it (already percent-encoded).
    deltaker: Option<String>,
}

impl QuickLog {
    pub(crate) fn parse(neste: Option<&str>) -> Option<QuickLog> {
        let rest = neste?.strip_prefix("/logg")?;
        if rest.is_empty() {
            return Some(QuickLog { deltaker: None });
        }
        let id = rest.strip_prefix("?deltaker=")?;
        let plain =
            !id.is_empty() && id.len() <= 300 && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.%".contains(c));
        plain.then(|| QuickLog { deltaker: Some(id.to_owned()) })
    }

    /// The `neste` this return is written as, for the quick log's link.
    pub(crate) fn neste(participant: &str) -> String {
        if participant.is_empty() { "/logg".to_owned() } else { format!("/logg?deltaker={}", enc(participant)) }
    }

    /// The quick log with `employer` chosen.
    pub(crate) fn url(&self, employer: &str) -> String {
        let mut url = format!("/logg?arbeidsgiver={}", enc(employer));
        if let Some(p) = &self.deltaker {
            url.push_str("&deltaker=");
            url.push_str(p);
        }
        url
    }

    fn original(&self) -> String {
        match &self.deltaker {
            Some(p) => format!("/logg?deltaker={p}"),
            None => "/logg".to_owned(),
        }
    }
}

/// A municipality name from the list's capitals: `NORDRE FOLLO` → `Nordre Follo`.
pub(crate) fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.extend(c.to_uppercase())
        } else {
            out.extend(c.to_lowercase())
        }
        start = c == ' ' || c == '-';
    }
    out
}

fn fields(industries: &[String], register: bool) -> Vec<Field> {
    let places: Vec<(String, String)> =
        municipalities().into_iter().map(|(c, n)| (c.to_owned(), title_case(n))).collect();
    let industries: Vec<(String, String)> = industries.iter().map(|i| (i.clone(), String::new())).collect();
    let mut out = vec![
        Field::new("orgnr", "Organisasjonsnummer", FieldKind::Text).hint("9 siffer, fra Enhetsregisteret."),
        Field::new("name", "Navn", FieldKind::Text),
        Field::new("municipality", "Kommunenummer", FieldKind::Text)
            .optional()
            .hint("4 siffer, for eksempel 0301 for Oslo.")
            .owned_options(places),
        Field::new("industry", "Bransje", FieldKind::Text)
            .optional()
            .hint("Velg en bransje som er i bruk, eller skriv en ny.")
            .owned_options(industries),
    ];
    if register {
        let stages: Vec<(&str, &str)> = EmployerStage::ALL.iter().map(|s| (s.code(), stage_label(Some(*s)))).collect();
        out.push(Field::new("stage", "Hvor langt har relasjonen kommet", FieldKind::Select).optional().options(stages));
        out.push(Field::new("hold", "Jeg holder relasjonen", FieldKind::Check));
    }
    out
}

/// The organisation number as typed, spaces allowed (`974 760 673`).
pub(crate) fn parse_orgnr(r: &mut Reader<'_>, typed: Option<String>) -> Option<Orgnr> {
    let Some(typed) = typed else {
        r.fail("orgnr", "Skriv organisasjonsnummeret.");
        return None;
    };
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    match Orgnr::parse(&digits) {
        Ok(o) => Some(o),
        Err(IdentityError::CheckDigit) => {
            r.fail(
                "orgnr",
                "Organisasjonsnummeret er ikke gyldig: kontrollsifferet stemmer ikke. Sjekk at det er skrevet riktig.",
            );
            None
        }
        Err(_) => {
            r.fail("orgnr", "Organisasjonsnummeret har 9 siffer.");
            None
        }
    }
}

/// The employer's own fields from the form; stage and holder are the caller's.
fn parse(r: &mut Reader<'_>, id: ExtId) -> Option<Employer> {
    let orgnr = r.opt_text("orgnr");
    let orgnr = parse_orgnr(r, orgnr);
    let name = r.opt_text("name");
    if name.is_none() {
        r.fail("name", "Skriv navnet på arbeidsgiveren.");
    }
    if name.as_ref().is_some_and(|n| n.chars().count() > 200 || n.contains('\n')) {
        r.fail("name", "Navnet kan ha høyst 200 tegn på én linje.");
    }
    let municipality = r.opt_text("municipality");
    if let Some(m) = &municipality {
        if m.len() != 4 || !m.bytes().all(|b| b.is_ascii_digit()) {
            r.fail("municipality", "Kommunenummeret har 4 siffer, for eksempel 0301 for Oslo.");
        } else if !is_known_municipality(m) {
            r.fail("municipality", "Kommunenummeret finnes ikke i kommunelisten.");
        }
    }
    let industry = r.opt_text("industry");
    if industry.as_ref().is_some_and(|i| i.chars().count() > 100 || i.contains('\n')) {
        r.fail("industry", "Bransjen kan ha høyst 100 tegn på én linje.");
    }
    let (Some(orgnr), Some(name), true) = (orgnr, name, r.errors.is_empty()) else { return None };
    Some(Employer { id, orgnr, name, municipality, industry, stage: None, holder: None })
}

/// The message and link when another employer already has the number.
fn duplicate(r: &mut Reader<'_>, other: &Employer, back: Option<&QuickLog>) -> Option<(String, String)> {
    r.fail("orgnr", format!("{} er allerede registrert med dette organisasjonsnummeret.", other.name));
    Some(match back {
        Some(q) => (q.url(other.id.as_str()), format!("Bruk {} i loggen", other.name)),
        None => (format!("/arbeidsgiver/{}", enc(other.id.as_str())), format!("Gå til {}", other.name)),
    })
}

struct Page {
    form: FormPage,
    register: bool,
}

async fn show(
    state: &AppState,
    v: &Viewer,
    page: Page,
    typed: &HashMap<String, String>,
    r: Reader<'_>,
    link: Option<(String, String)>,
) -> Result<Response, PageError> {
    let industries = state.db.employer_industries().await?;
    let mut fields = fields(&industries, page.register);
    if let Some(f) = fields.iter_mut().find(|f| f.name == "orgnr") {
        f.error_link = link;
    }
    Ok(page.form.fields(fields).refuse(v, typed, &r.errors))
}

fn register_page(action: &str, back: &str) -> Page {
    Page {
        form: FormPage::new("Arbeidsgivere", "Ny arbeidsgiver", "Registrer arbeidsgiveren")
            .lead("Finn organisasjonsnummeret i Enhetsregisteret (brreg.no) hvis du ikke har det.")
            .at(action, back),
        register: true,
    }
}

fn register_paths(back: Option<&QuickLog>) -> (String, String) {
    match back {
        Some(q) => (format!("/arbeidsgiver/ny?neste={}", enc(&q.original())), q.original()),
        None => ("/arbeidsgiver/ny".to_owned(), "/arbeidsgivere".to_owned()),
    }
}

pub(crate) async fn new_form(
    State(state): State<AppState>,
    v: Viewer,
    Query(next): Query<Next>,
) -> Result<Response, PageError> {
    let back = QuickLog::parse(next.neste.as_deref());
    let (action, cancel) = register_paths(back.as_ref());
    let typed = HashMap::from([("hold".to_owned(), "on".to_owned())]);
    let empty = HashMap::new();
    show(&state, &v, register_page(&action, &cancel), &typed, Reader::new(&empty), None).await
}

pub(crate) async fn create(
    State(state): State<AppState>,
    v: Viewer,
    Query(next): Query<Next>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let back = QuickLog::parse(next.neste.as_deref());
    let (action, cancel) = register_paths(back.as_ref());
    let id = new_id("e").and_then(|i| ExtId::parse(&i).ok()).ok_or(PageError::Internal("no id".into()))?;
    let mut r = Reader::new(&typed);
    let stage = r.opt_code("stage", EmployerStage::parse);
    let hold = r.check("hold");
    let Some(mut employer) = parse(&mut r, id) else {
        return show(&state, &v, register_page(&action, &cancel), &typed, r, None).await;
    };
    employer.stage = stage;
    employer.holder = hold.then(|| v.user.id.clone());
    let mut change = Change::begin(&state, &v).await?;
    if let Some(other) = change.tx().employer_with_orgnr(employer.orgnr.as_str(), None).await? {
        drop(change);
        let link = duplicate(&mut r, &other, back.as_ref());
        return show(&state, &v, register_page(&action, &cancel), &typed, r, link).await;
    }
    change.tx().upsert_employers(std::slice::from_ref(&employer)).await?;
    if hold {
        change.tx().set_hold(employer.id.as_str(), Some(v.user.id.as_str()), state.clock.today()).await?;
    }
    let mut audited = vec!["orgnr", "name"];
    for (field, set) in [
        ("municipality", employer.municipality.is_some()),
        ("industry", employer.industry.is_some()),
        ("stage", stage.is_some()),
        ("holder", hold),
    ] {
        if set {
            audited.push(field);
        }
    }
    change.audit("create", ("employer", employer.id.as_str()), &audited).await?;
    change.commit().await?;
    let to = match back {
        Some(q) => q.url(employer.id.as_str()),
        None => format!("/arbeidsgiver/{}", employer.id),
    };
    Ok(Redirect::to(&to).into_response())
}

fn edit_page(name: &str, action: &str, back: &str) -> Page {
    Page { form: FormPage::new(name, "Endre arbeidsgiver", "Lagre endringene").at(action, back), register: false }
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let e = keepable(&state, &v, &id).await?;
    let mut typed =
        HashMap::from([("orgnr".to_owned(), e.orgnr.as_str().to_owned()), ("name".to_owned(), e.name.clone())]);
    if let Some(m) = &e.municipality {
        typed.insert("municipality".into(), m.clone());
    }
    if let Some(i) = &e.industry {
        typed.insert("industry".into(), i.clone());
    }
    let (action, back) = (format!("/arbeidsgiver/{}/endre", enc(&id)), format!("/arbeidsgiver/{}", enc(&id)));
    let empty = HashMap::new();
    show(&state, &v, edit_page(&e.name, &action, &back), &typed, Reader::new(&empty), None).await
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let old = keepable(&state, &v, &id).await?;
    let (action, back) = (format!("/arbeidsgiver/{}/endre", enc(&id)), format!("/arbeidsgiver/{}", enc(&id)));
    let mut r = Reader::new(&typed);
    let Some(new) = parse(&mut r, old.id.clone()) else {
        return show(&state, &v, edit_page(&old.name, &action, &back), &typed, r, None).await;
    };
    let changed: Vec<&str> = [
        ("orgnr", old.orgnr != new.orgnr),
        ("name", old.name != new.name),
        ("municipality", old.municipality != new.municipality),
        ("industry", old.industry != new.industry),
    ]
    .into_iter()
    .filter_map(|(f, c)| c.then_some(f))
    .collect();
    if changed.is_empty() {
        return Ok(Redirect::to(&back).into_response());
    }
    let mut change = Change::begin(&state, &v).await?;
    if changed.contains(&"orgnr")
        && let Some(other) = change.tx().employer_with_orgnr(new.orgnr.as_str(), Some(&id)).await?
    {
        drop(change);
        let link = duplicate(&mut r, &other, None);
        return show(&state, &v, edit_page(&old.name, &action, &back), &typed, r, link).await;
    }
    if !change.tx().update_employer_fields(&new).await? {
        return Err(PageError::NotFound("Fant ikke arbeidsgiveren."));
    }
    change.audit("update", ("employer", &id), &changed).await?;
    change.commit().await?;
    Ok(Redirect::to(&back).into_response())
}

/// The municipality as the employer page shows it: `0301 Oslo`.
pub(crate) fn municipality_text(code: Option<&str>) -> String {
    match code {
        Some(c) => match municipality_name(c) {
            Some(n) => format!("{c} {}", title_case(n)),
            None => c.to_owned(),
        },
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_quick_log_is_a_place_to_return_to() {
        assert_eq!(QuickLog::parse(Some("/logg")), Some(QuickLog { deltaker: None }));
        let q = QuickLog::parse(Some("/logg?deltaker=p1")).unwrap();
        assert_eq!(q.url("e-1"), "/logg?arbeidsgiver=e-1&deltaker=p1");
        assert_eq!(QuickLog::neste("p 1"), "/logg?deltaker=p%201");
        for bad in [
            "//evil.example",
            "https://evil.example/logg",
            "/loggx",
            "/logg?deltaker=",
            "/logg?x=1",
            "/logg?deltaker=a&b=c",
        ] {
            assert_eq!(QuickLog::parse(Some(bad)), None, "{bad}");
        }
        assert_eq!(QuickLog::parse(None), None);
    }

    #[test]
    fn municipality_names_read_as_names() {
        assert_eq!(title_case("NORDRE FOLLO"), "Nordre Follo");
        assert_eq!(title_case("AURSKOG-HØLAND"), "Aurskog-Høland");
        assert_eq!(municipality_text(Some("0301")), "0301 Oslo");
        assert_eq!(municipality_text(None), "");
    }
}
