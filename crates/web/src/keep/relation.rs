//! The relationship with an employer, from the employer page: its stage (the "three cups
//! of tea", any move allowed, since relationships also cool) and who holds it.
//!
//! Holding the relationship is how an office avoids calling the same employer twice, so
//! a claim never takes it silently from someone else (docs/employer-forms.md):
//! - a job specialist claims a free relationship, or one they hold already, and releases
//!   their own; a relationship held by someone else is refused with who holds it;
//! - a team lead does the same, and also releases, takes or gives to a member of their
//!   team a relationship that is free or held within the team.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{EmployerStage, Role, User};

use crate::AppState;
use crate::access::CASE_ROLES;
use crate::auth::Viewer;
use crate::dashboard::drill::enc;
use crate::forms::{Change, CsrfForm, PageError};
use crate::workplace::employers::{Notice, page};
use crate::workplace::{audit_read, entry};

fn back(id: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/arbeidsgiver/{}#{anchor}", enc(id))).into_response()
}

/// Back to the employer page, or to the board the form was sent from (`tilbake=tavle`).
fn back_from(typed: &std::collections::HashMap<String, String>, id: &str, anchor: &str) -> Response {
    if typed.get("tilbake").map(|s| s.trim()) == Some("tavle") {
        return Redirect::to(&format!("/arbeidsgivere/tavle#e-{}", enc(id))).into_response();
    }
    back(id, anchor)
}

pub(crate) async fn stage(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let employer = super::employer::keepable(&state, &v, &id).await?;
    let Some(stage) = typed.get("stage").and_then(|s| EmployerStage::parse(s.trim())) else {
        let notice = Notice { stage: "Velg et trinn i listen.".into(), ..Notice::default() };
        return page(&state, &v, &id, notice, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    if employer.stage == Some(stage) {
        return Ok(back_from(&typed, &id, "relasjon"));
    }
    let mut change = Change::begin(&state, &v).await?;
    if !change.tx().set_employer_stage(&id, stage.code()).await? {
        return Err(PageError::NotFound("Fant ikke arbeidsgiveren."));
    }
    change.audit("update", ("employer", &id), &["stage"]).await?;
    change.commit().await?;
    Ok(back_from(&typed, &id, "relasjon"))
}

/// What the viewer asked of the relationship.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Move {
    Claim,
    Release,
    /// A team lead gives it to this user.
    Give(Option<User>),
}

/// Why a move was refused: the status and what the page says.
pub(crate) type Refusal = (StatusCode, String);

fn same_team(a: &User, b: &User) -> bool {
    a.team.is_some() && a.team == b.team
}

/// The holder after the move, or why it is refused. `me` is the viewer, `lead` whether
/// they lead a team, `holder` the current holder.
pub(crate) fn decide(me: &User, lead: bool, holder: Option<&User>, m: &Move) -> Result<Option<User>, Refusal> {
    let mine = holder.is_none_or(|h| h.id == me.id || (lead && same_team(h, me)));
    match m {
        Move::Claim if mine => Ok(Some(me.clone())),
        Move::Claim => {
            let name = holder.map(|h| h.name.as_str()).unwrap_or_default();
            Err((
                StatusCode::CONFLICT,
                format!(
                    "{name} holder relasjonen allerede. Be {name} slippe den, eller be teamlederen til {name} gi den til deg."
                ),
            ))
        }
        Move::Release if mine => Ok(None),
        Move::Release => {
            let name = holder.map(|h| h.name.as_str()).unwrap_or_default();
            Err((StatusCode::FORBIDDEN, format!("Bare {name} eller teamlederen til {name} kan slippe relasjonen.")))
        }
        Move::Give(_) if !lead => {
            Err((StatusCode::FORBIDDEN, "Bare en teamleder kan gi relasjonen til en annen.".into()))
        }
        Move::Give(to) => {
            let Some(to) = to.as_ref().filter(|u| same_team(u, me) && CASE_ROLES.iter().any(|r| u.roles.contains(r)))
            else {
                return Err((StatusCode::UNPROCESSABLE_ENTITY, "Velg en jobbspesialist i teamet ditt.".into()));
            };
            if !mine {
                let name = holder.map(|h| h.name.as_str()).unwrap_or_default();
                return Err((
                    StatusCode::CONFLICT,
                    format!("{name} i et annet team holder relasjonen. Be {name} slippe den først."),
                ));
            }
            Ok(Some(to.clone()))
        }
    }
}

pub(crate) async fn holder(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let employer = super::employer::load(&state, &id).await?;
    let m = match typed.get("do").map(|s| s.trim()) {
        Some("ta") => Move::Claim,
        Some("slipp") => Move::Release,
        Some("gi") => {
            let to = match typed.get("holder").map(|s| s.trim()).filter(|s| !s.is_empty()) {
                Some(uid) => state.db.user_by_id(uid).await?,
                None => None,
            };
            Move::Give(to)
        }
        _ => {
            let notice = Notice { holder: "Velg hva du vil gjøre med relasjonen.".into(), ..Notice::default() };
            return page(&state, &v, &id, notice, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    // A holder who is no longer a user leaves the relationship free.
    let current = match &employer.holder {
        Some(h) => state.db.user_by_id(h.as_str()).await?,
        None => None,
    };
    let lead = v.has(Role::MethodSupervisor) && v.user.team.is_some();
    let to = match decide(&v.user, lead, current.as_ref(), &m) {
        Ok(to) => to,
        Err((status, text)) => {
            if status == StatusCode::FORBIDDEN {
                let mut denial = entry(&state, &v, "update", ("employer", &id), &["holder"]);
                denial.outcome = "denied".into();
                audit_read(&state, denial).await?;
            }
            return page(&state, &v, &id, Notice { holder: text, ..Notice::default() }, status).await;
        }
    };
    let from = employer.holder.as_ref().map(|h| h.as_str());
    let to_id = to.as_ref().map(|u| u.id.as_str());
    if from == to_id {
        return Ok(back_from(&typed, &id, "holder"));
    }
    let mut change = Change::begin(&state, &v).await?;
    if !change.tx().move_employer_holder(&id, from, to_id).await? {
        drop(change);
        let notice = Notice {
            holder: "Noen andre endret hvem som holder relasjonen akkurat nå. Se hvem det er, og prøv igjen.".into(),
            ..Notice::default()
        };
        return page(&state, &v, &id, notice, StatusCode::CONFLICT).await;
    }
    // The automatic release counts from the claim until the new holder meets the employer.
    change.tx().set_hold(&id, to_id, state.clock.today()).await?;
    change.audit("update", ("employer", &id), &["holder"]).await?;
    change.commit().await?;
    Ok(back_from(&typed, &id, "holder"))
}

#[cfg(test)]
mod tests {
    use jobbvei_domain::{ExtId, Fte};

    use super::*;

    fn user(id: &str, team: &str, role: Role) -> User {
        User {
            id: ExtId::parse(id).unwrap(),
            name: format!("Navn {id}"),
            roles: vec![role],
            team: Some(ExtId::parse(team).unwrap()),
            fte: Fte::FULL,
            username: None,
        }
    }

    #[test]
    fn a_claim_never_takes_a_relationship_from_someone_else() {
        let kari = user("kari", "t1", Role::JobSpecialist);
        let ola = user("ola", "t1", Role::JobSpecialist);
        let lead = user("lead", "t1", Role::MethodSupervisor);
        let far = user("far", "t2", Role::JobSpecialist);
        assert_eq!(decide(&kari, false, None, &Move::Claim).unwrap().map(|u| u.id), Some(kari.id.clone()));
        assert_eq!(decide(&kari, false, Some(&kari), &Move::Release).unwrap(), None);
        let (status, text) = decide(&kari, false, Some(&ola), &Move::Claim).unwrap_err();
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(text.starts_with("Navn ola holder relasjonen allerede."), "{text}");
        assert_eq!(decide(&kari, false, Some(&ola), &Move::Release).unwrap_err().0, StatusCode::FORBIDDEN);
        assert_eq!(decide(&kari, false, None, &Move::Give(Some(ola.clone()))).unwrap_err().0, StatusCode::FORBIDDEN);
        // The team lead moves it within the team, but not from another team.
        assert_eq!(decide(&lead, true, Some(&ola), &Move::Release).unwrap(), None);
        let given = decide(&lead, true, Some(&ola), &Move::Give(Some(kari.clone()))).unwrap();
        assert_eq!(given.map(|u| u.id), Some(kari.id.clone()));
        assert_eq!(decide(&lead, true, Some(&far), &Move::Claim).unwrap_err().0, StatusCode::CONFLICT);
        assert_eq!(decide(&lead, true, Some(&far), &Move::Give(Some(kari))).unwrap_err().0, StatusCode::CONFLICT);
        assert_eq!(decide(&lead, true, None, &Move::Give(Some(far))).unwrap_err().0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(decide(&lead, true, None, &Move::Give(None)).unwrap_err().0, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
