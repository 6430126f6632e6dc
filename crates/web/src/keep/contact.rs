//! `GET/POST /arbeidsgiver/{id}/kontakt`: a new contact person at the employer, or with
//! `?kontakt={id}` a change to one. Contact persons are personal data: every change is
//! audited on the contact by field name, never by value.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{Employer, EmployerContact, ExtId};

use super::form::{self, Field, FieldKind, FormPage, Reader};
use crate::AppState;
use crate::auth::Viewer;
use crate::dashboard::drill::enc;
use crate::forms::{Change, CsrfForm, PageError, new_id};

#[derive(serde::Deserialize, Default)]
pub(crate) struct Which {
    kontakt: Option<String>,
}

fn fields() -> Vec<Field> {
    vec![
        Field::new("name", "Navn", FieldKind::Text),
        Field::new("decision_maker", "Kan ansette (beslutningstaker)", FieldKind::Check),
        Field::new("phone", "Telefon", FieldKind::Text)
            .optional()
            .hint("For eksempel 22 33 44 55, eller +46 og nummeret."),
        Field::new("email", "E-post", FieldKind::Text).optional(),
    ]
}

/// A phone number as typed, if it is one: 8 to 15 digits, spaces, dashes and points
/// between them, and `+` only first.
pub(crate) fn phone_ok(p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let plain = p.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " -.".contains(c) || (c == '+' && i == 0));
    plain && (8..=15).contains(&digits)
}

/// An e-mail address, checked only as far as a `mailto:` link needs: one `@`, a dotted
/// domain, no spaces or characters that break a link.
pub(crate) fn email_ok(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else { return false };
    e.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"'?&#".contains(c))
}

fn parse(r: &mut Reader<'_>, id: ExtId, employer: &Employer) -> Option<EmployerContact> {
    let name = r.opt_text("name");
    if name.is_none() {
        r.fail("name", "Skriv navnet på kontaktpersonen.");
    }
    if name.as_ref().is_some_and(|n| n.chars().count() > 200 || n.contains('\n')) {
        r.fail("name", "Navnet kan ha høyst 200 tegn på én linje.");
    }
    let decision_maker = r.check("decision_maker");
    let phone = r.opt_text("phone").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
    if phone.as_deref().is_some_and(|p| !phone_ok(p)) {
        r.fail("phone", "Skriv et telefonnummer med 8 siffer, eller + og landskode først.");
    }
    let email = r.opt_text("email");
    if email.as_deref().is_some_and(|e| !email_ok(e)) {
        r.fail("email", "Skriv en gyldig e-postadresse, for eksempel navn@firma.no.");
    }
    let (Some(name), true) = (name, r.errors.is_empty()) else { return None };
    Some(EmployerContact {
        id,
        employer: employer.id.clone(),
        name,
        decision_maker: Some(decision_maker),
        phone,
        email,
    })
}

/// The employer, and the contact when one is asked for; a contact of another employer is
/// not found here.
async fn load(
    state: &AppState,
    v: &Viewer,
    id: &str,
    which: &Which,
) -> Result<(Employer, Option<EmployerContact>), PageError> {
    let employer = super::employer::keepable(state, v, id).await?;
    let Some(cid) = which.kontakt.as_deref().filter(|c| !c.is_empty()) else { return Ok((employer, None)) };
    let contact = state.db.employer_contact(cid).await?.filter(|c| c.employer == employer.id);
    Ok((employer, Some(contact.ok_or(PageError::NotFound("Fant ikke kontaktpersonen."))?)))
}

fn paths(id: &str, contact: Option<&EmployerContact>) -> (String, String) {
    let action = match contact {
        Some(c) => format!("/arbeidsgiver/{}/kontakt?kontakt={}", enc(id), enc(c.id.as_str())),
        None => format!("/arbeidsgiver/{}/kontakt", enc(id)),
    };
    (action, format!("/arbeidsgiver/{}#kontakter", enc(id)))
}

fn page(employer: &Employer, contact: Option<&EmployerContact>) -> FormPage {
    let heading = if contact.is_some() { "Endre kontaktperson" } else { "Ny kontaktperson" };
    let (action, back) = paths(employer.id.as_str(), contact);
    FormPage::new(&employer.name, heading, "Lagre kontaktpersonen").at(action, back).fields(fields())
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(which): Query<Which>,
) -> Result<Response, PageError> {
    let (employer, contact) = load(&state, &v, &id, &which).await?;
    let mut typed = HashMap::new();
    if let Some(c) = &contact {
        let read = crate::workplace::entry(
            &state,
            &v,
            "read",
            ("employer_contact", c.id.as_str()),
            &["name", "phone", "email"],
        );
        crate::workplace::audit_read(&state, read).await?;
        typed.insert("name".to_owned(), c.name.clone());
        if c.decision_maker == Some(true) {
            typed.insert("decision_maker".to_owned(), "on".to_owned());
        }
        for (k, val) in [("phone", &c.phone), ("email", &c.email)] {
            if let Some(val) = val {
                typed.insert(k.to_owned(), val.clone());
            }
        }
    }
    Ok(page(&employer, contact.as_ref()).open(&v, &typed, &form::none()))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(which): Query<Which>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let (employer, old) = load(&state, &v, &id, &which).await?;
    let cid = match &old {
        Some(c) => c.id.clone(),
        None => new_id("ek").and_then(|i| ExtId::parse(&i).ok()).ok_or(PageError::Internal("no id".into()))?,
    };
    let mut r = Reader::new(&typed);
    let Some(contact) = parse(&mut r, cid, &employer) else {
        return Ok(page(&employer, old.as_ref()).refuse(&v, &typed, &r.errors));
    };
    let (action, fields): (&str, Vec<&str>) = match &old {
        None => (
            "create",
            [
                ("name", true),
                ("decision_maker", true),
                ("phone", contact.phone.is_some()),
                ("email", contact.email.is_some()),
            ]
            .into_iter()
            .filter_map(|(f, set)| set.then_some(f))
            .collect(),
        ),
        Some(o) => (
            "update",
            [
                ("name", o.name != contact.name),
                ("decision_maker", o.decision_maker != contact.decision_maker),
                ("phone", o.phone != contact.phone),
                ("email", o.email != contact.email),
            ]
            .into_iter()
            .filter_map(|(f, changed)| changed.then_some(f))
            .collect(),
        ),
    };
    let back = format!("/arbeidsgiver/{}#kontakter", enc(&id));
    if fields.is_empty() {
        return Ok(Redirect::to(&back).into_response());
    }
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_contacts(std::slice::from_ref(&contact)).await?;
    change.audit(action, ("employer_contact", contact.id.as_str()), &fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&back).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_and_email_are_checked_only_as_far_as_links_need() {
        for ok in ["22 33 44 55", "+47 22 33 44 55", "22-33-44-55", "+4670123456"] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in ["1234", "22 33 44 55 ring etter 9", "22+334455", "javascript:1"] {
            assert!(!phone_ok(bad), "{bad}");
        }
        assert!(email_ok("kari.nordmann@bakeriet.no"));
        for bad in
            ["kari", "kari@", "@bakeriet.no", "kari@bakeriet", "ka ri@bakeriet.no", "a@b.no?subject=x", "a@@b.no"]
        {
            assert!(!email_ok(bad), "{bad}");
        }
    }
}
