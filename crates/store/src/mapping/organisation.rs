use jobbvei_domain::organisation::is_unit_number;
use jobbvei_domain::{Employer, EmployerContact, EmployerStage, Fnr, Fte, Method, NorwegianLevel, Office, Orgnr};
use jobbvei_domain::{Participant, PostalCode, Role, Team, User};

use super::{Table, code, corrupt, ext_id, opt_code, opt_ext_id, search_key};
use crate::StoreError;
use crate::engine::{Binder, Col};

pub(crate) const OFFICE: Table = Table { name: "office", columns: &["id", "name"], key: &["id"] };

pub(crate) fn bind_office(b: &mut dyn Binder, o: &Office) {
    b.text(o.id.as_str());
    b.text(&o.name);
}

pub(crate) fn read_office(r: &impl Col) -> Result<Office, StoreError> {
    let id = r.text(0)?;
    if !is_unit_number(&id) {
        return Err(corrupt("office", "id", &id));
    }
    Ok(Office { id: ext_id("office", "id", id)?, name: r.text(1)? })
}

pub(crate) const TEAM: Table = Table { name: "team", columns: &["id", "office_id", "name", "method"], key: &["id"] };

pub(crate) fn bind_team(b: &mut dyn Binder, t: &Team) {
    b.text(t.id.as_str());
    b.text(t.office.as_str());
    b.text(&t.name);
    b.text(t.method.code());
}

pub(crate) fn read_team(r: &impl Col) -> Result<Team, StoreError> {
    Ok(Team {
        id: ext_id("team", "id", r.text(0)?)?,
        office: ext_id("team", "office_id", r.text(1)?)?,
        name: r.text(2)?,
        method: code("team", "method", r.text(3)?, Method::parse)?,
    })
}

pub(crate) const USER: Table =
    Table { name: "app_user", columns: &["id", "name", "roles", "team_id", "fte", "username"], key: &["id"] };

pub(crate) fn bind_user(b: &mut dyn Binder, u: &User) {
    b.text(u.id.as_str());
    b.text(&u.name);
    let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
    b.text(&roles.join(","));
    b.opt_text(u.team.as_ref().map(|t| t.as_str()));
    b.float(u.fte.get());
    b.opt_text(u.username.as_deref());
}

pub(crate) fn read_user(r: &impl Col) -> Result<User, StoreError> {
    let roles_text = r.text(2)?;
    let roles = roles_text
        .split(',')
        .map(|c| Role::parse(c).ok_or_else(|| corrupt("app_user", "roles", &roles_text)))
        .collect::<Result<Vec<_>, _>>()?;
    let fte = r.float(4)?;
    Ok(User {
        id: ext_id("app_user", "id", r.text(0)?)?,
        name: r.text(1)?,
        roles,
        team: opt_ext_id("app_user", "team_id", r.opt_text(3)?)?,
        fte: Fte::new(fte).ok_or_else(|| corrupt("app_user", "fte", &fte.to_string()))?,
        username: r.opt_text(5)?,
    })
}

pub(crate) const EMPLOYER: Table = Table {
    name: "employer",
    columns: &["id", "orgnr", "name", "name_search", "municipality", "industry", "stage", "holder_id"],
    key: &["id"],
};

pub(crate) fn bind_employer(b: &mut dyn Binder, e: &Employer) {
    b.text(e.id.as_str());
    b.text(e.orgnr.as_str());
    b.text(&e.name);
    b.text(&search_key(&e.name));
    b.opt_text(e.municipality.as_deref());
    b.opt_text(e.industry.as_deref());
    b.opt_text(e.stage.map(EmployerStage::code));
    b.opt_text(e.holder.as_ref().map(|h| h.as_str()));
}

pub(crate) fn read_employer(r: &impl Col) -> Result<Employer, StoreError> {
    let orgnr = r.text(1)?;
    Ok(Employer {
        id: ext_id("employer", "id", r.text(0)?)?,
        orgnr: Orgnr::parse(&orgnr).map_err(|_| corrupt("employer", "orgnr", &orgnr))?,
        name: r.text(2)?,
        municipality: r.opt_text(4)?,
        industry: r.opt_text(5)?,
        stage: opt_code("employer", "stage", r.opt_text(6)?, EmployerStage::parse)?,
        holder: opt_ext_id("employer", "holder_id", r.opt_text(7)?)?,
    })
}

pub(crate) const CONTACT: Table = Table {
    name: "employer_contact",
    columns: &["id", "employer_id", "name", "decision_maker", "phone", "email"],
    key: &["id"],
};

pub(crate) fn bind_contact(b: &mut dyn Binder, c: &EmployerContact) {
    b.text(c.id.as_str());
    b.text(c.employer.as_str());
    b.text(&c.name);
    b.opt_bool(c.decision_maker);
    b.opt_text(c.phone.as_deref());
    b.opt_text(c.email.as_deref());
}

pub(crate) fn read_contact(r: &impl Col) -> Result<EmployerContact, StoreError> {
    Ok(EmployerContact {
        id: ext_id("employer_contact", "id", r.text(0)?)?,
        employer: ext_id("employer_contact", "employer_id", r.text(1)?)?,
        name: r.text(2)?,
        decision_maker: r.opt_bool(3)?,
        phone: r.opt_text(4)?,
        email: r.opt_text(5)?,
    })
}

pub(crate) const PARTICIPANT: Table = Table {
    name: "participant",
    columns: &[
        "id",
        "name",
        "name_search",
        "fnr",
        "postal_code",
        "birth_year",
        "norwegian_level",
        "interpreter",
        "veileder_id",
        "confidential",
    ],
    key: &["id"],
};

pub(crate) fn bind_participant(b: &mut dyn Binder, p: &Participant) {
    b.text(p.id.as_str());
    b.text(&p.name);
    b.text(&search_key(&p.name));
    b.text(p.fnr.as_str());
    b.opt_text(p.postal_code.map(PostalCode::as_str));
    b.opt_int(p.birth_year.map(i64::from));
    b.opt_text(p.norwegian_level.map(NorwegianLevel::code));
    b.opt_bool(p.interpreter);
    b.opt_text(p.veileder.as_ref().map(|v| v.as_str()));
    b.opt_bool(p.confidential);
}

pub(crate) fn read_participant(r: &impl Col) -> Result<Participant, StoreError> {
    let fnr = r.text(3)?;
    let birth_year = r.opt_int(5)?;
    Ok(Participant {
        id: ext_id("participant", "id", r.text(0)?)?,
        name: r.text(1)?,
        fnr: Fnr::parse(&fnr).map_err(|_| corrupt("participant", "fnr", "(hidden)"))?,
        postal_code: opt_code("participant", "postal_code", r.opt_text(4)?, PostalCode::parse)?,
        birth_year: birth_year
            .map(|y| i32::try_from(y).map_err(|_| corrupt("participant", "birth_year", &y.to_string())))
            .transpose()?,
        norwegian_level: opt_code("participant", "norwegian_level", r.opt_text(6)?, NorwegianLevel::parse)?,
        interpreter: r.opt_bool(7)?,
        veileder: opt_ext_id("participant", "veileder_id", r.opt_text(8)?)?,
        confidential: r.opt_bool(9)?,
    })
}
