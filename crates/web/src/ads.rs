//! Job ads matched to a participant's vocational profile ("Jobbmuligheter" on the participant
//! page, new ads on Min dag), and what the participant did with one: saved, dismissed or
//! applied (`sokt`). The ranking is the domain's (`jobbvei_domain::ads::matching`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use jobbvei_domain::ads::{Ad, Wish, rank};
use jobbvei_domain::codelist::PostalCode;
use jobbvei_store::{AuditEntry, CaseRow, MatchProfile, StoreError};

use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, PageError, message};
use crate::profile::{field, gate};
use crate::suggestions::{Inputs, Ranked};

/// How many suggestions the participant page shows.
const TOP: usize = 10;

/// One suggested ad.
pub(crate) struct SuggestionView {
    pub uuid: String,
    pub title: String,
    pub employer: String,
    pub place: String,
    pub reason: String,
    pub expires: String,
    /// `Lagret` when the participant saved it, else empty.
    pub saved: bool,
}

/// An ad the participant saved or applied for.
pub(crate) struct MarkView {
    pub title: String,
    pub employer: String,
    pub mark: &'static str,
    pub when: String,
}

/// The participant page's part: suggestions, applications and saved ads.
pub(crate) struct AdsView {
    pub has_profile: bool,
    pub suggestions: Vec<SuggestionView>,
    pub applied: Vec<MarkView>,
    pub may_mark: bool,
    /// The buttons: (mark, label).
    pub choices: &'static [(&'static str, &'static str)],
}

/// One new ad for one of the viewer's participants (Min dag).
pub(crate) struct NewAdView {
    pub participant_id: String,
    pub participant_name: String,
    pub title: String,
    pub employer: String,
    pub reason: String,
}

fn mark_label(code: &str) -> &'static str {
    match code {
        "lagret" => "Lagret",
        "avvist" => "Avvist",
        "sokt" => "Søkt",
        _ => "",
    }
}

/// The profile's wish; a confidential participant's address is never used to place them.
pub(crate) fn wish_of(p: &MatchProfile) -> Wish {
    let home = if p.confidential {
        None
    } else {
        p.postal_code.as_deref().and_then(PostalCode::parse).map(|c| c.place().municipality)
    };
    Wish::from_profile(&p.wanted_styrk, &p.industries, &p.hours, &p.geography, &p.driving_licence, home)
}

fn place_of(ad: &Ad) -> String {
    ad.municipality
        .as_deref()
        .and_then(jobbvei_domain::codelist::municipality_name)
        .map(title_case)
        .unwrap_or_else(|| ad.place_raw.clone())
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The matches and marks of a participant whose page the viewer may read (the caller
/// checked), from their profile and marks as read with the page (`Db::participant_page`).
/// Not audited here: the participant page's own audit row names `job_ads`.
pub(crate) async fn for_participant(
    state: &AppState,
    id: &str,
    inputs: jobbvei_store::AdInputs,
    may_mark: bool,
) -> Result<AdsView, StoreError> {
    let jobbvei_store::AdInputs { profile, marks } = inputs;
    let mut suggestions = Vec::new();
    if let Some((p, ads_generation)) = &profile {
        // Dismissed and applied ads are not suggested again.
        let mut done: Vec<String> = marks.iter().filter(|m| m.mark != "lagret").map(|m| m.ad_uuid.clone()).collect();
        done.sort();
        let inputs = Inputs { day: state.clock.today(), ads_generation: *ads_generation, profile: p.clone(), done };
        let ranked = match state.suggestions.get(id, &inputs) {
            Some(kept) => kept,
            None => {
                let ranked = Arc::new(rank_now(state, &inputs).await?);
                state.suggestions.put(id, inputs, Arc::clone(&ranked));
                ranked
            }
        };
        for Ranked { ad, reason } in ranked.iter() {
            suggestions.push(SuggestionView {
                uuid: ad.uuid.clone(),
                title: ad.title.clone(),
                employer: ad.employer_name.clone(),
                place: place_of(ad),
                reason: reason.clone(),
                expires: ad.expires.map(crate::dates::day).unwrap_or_default(),
                saved: marks.iter().any(|m| m.ad_uuid == ad.uuid && m.mark == "lagret"),
            });
        }
    }
    let applied = marks
        .iter()
        .filter(|m| m.mark != "avvist")
        .map(|m| MarkView {
            title: m.title.clone(),
            employer: m.employer_name.clone(),
            mark: mark_label(&m.mark),
            when: crate::dates::day(jobbvei_domain::time::oslo_date(m.marked_at)),
        })
        .collect();
    Ok(AdsView {
        has_profile: profile.is_some(),
        suggestions,
        applied,
        may_mark,
        choices: &[("lagret", "Lagre"), ("avvist", "Avvis"), ("sokt", "Søkt")],
    })
}

/// The best open ads for the profile in `inputs`, whole, best first: the kept open ads of
/// the wished counties and groups are ranked, and only the few shown are then read whole.
async fn rank_now(state: &AppState, inputs: &Inputs) -> Result<Vec<Ranked>, StoreError> {
    let wish = wish_of(&inputs.profile);
    let open = state.suggestions.open.of(&state.db, inputs.day, inputs.ads_generation).await?;
    let wished = open.wished(&wish.counties(), &wish.groups(), None);
    let best = rank(&wish, wished.iter().filter(|a| inputs.done.binary_search(&a.uuid).is_err()), inputs.day, TOP);
    let mut whole = state.db.ads(&best.iter().map(|s| s.ad.uuid.clone()).collect::<Vec<_>>()).await?;
    Ok(best
        .into_iter()
        .filter_map(|s| {
            let at = whole.iter().position(|a| a.uuid == s.ad.uuid)?;
            Some(Ranked { ad: whole.swap_remove(at), reason: s.reason })
        })
        .collect())
}

/// The participants of `cases`, each once, in order: whose job-ads profiles [`new_for`] needs.
pub(crate) fn participants_of(cases: &[CaseRow]) -> Vec<String> {
    let mut ids: Vec<String> = cases.iter().map(|c| c.participant_id.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Ads published since yesterday that fit the participants of `cases` (the viewer's open
/// courses), the best three for each, with an audit entry (a read of the participant's job
/// ads) for each participant shown, which the caller must write before showing them.
/// `profiles` are those of [`participants_of`] `cases`, read before the ads' `generation`.
///
/// The day's new ads of each participant's counties and groups come from the open ads kept
/// in the process (`crate::open_ads`), not from a statement per participant (18 on a full
/// caseload).
pub(crate) async fn new_for(
    state: &AppState,
    viewer: &Viewer,
    cases: &[CaseRow],
    profiles: &[MatchProfile],
    generation: i64,
) -> Result<(Vec<NewAdView>, Vec<AuditEntry>), StoreError> {
    if profiles.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let today = state.clock.today();
    let mut names: Vec<(&str, &str)> =
        cases.iter().map(|c| (c.participant_id.as_str(), c.participant_name.as_str())).collect();
    names.sort_unstable();
    names.dedup();
    let open = state.suggestions.open.of(&state.db, today, generation).await?;
    let mut found = Vec::new();
    let mut read = Vec::new();
    for p in profiles {
        let wish = wish_of(p);
        let ads = open.wished(&wish.counties(), &wish.groups(), Some(today - Duration::days(1)));
        let best = rank(&wish, &ads, today, 3);
        if best.is_empty() {
            continue;
        }
        let name = names.iter().find(|(id, _)| *id == p.participant_id).map_or("", |(_, n)| n);
        read.push(crate::workplace::entry(state, viewer, "read", ("participant", &p.participant_id), &["job_ads"]));
        found.extend(best.into_iter().map(|s| (p.participant_id.as_str(), name, s.ad.uuid.clone(), s.reason)));
    }
    // The kept ads carry no titles or employers: read those of the ads shown, in one go.
    let mut uuids: Vec<String> = found.iter().map(|(_, _, uuid, _)| uuid.clone()).collect();
    uuids.sort_unstable();
    uuids.dedup();
    let whole = state.db.ads(&uuids).await?;
    let out = found
        .into_iter()
        .filter_map(|(participant_id, name, uuid, reason)| {
            let ad = whole.iter().find(|a| a.uuid == uuid)?;
            Some(NewAdView {
                participant_id: participant_id.to_owned(),
                participant_name: name.to_owned(),
                title: ad.title.clone(),
                employer: ad.employer_name.clone(),
                reason,
            })
        })
        .collect();
    Ok((out, read))
}

/// `POST /deltaker/{id}/annonser`: `annonse` = the ad's uuid, `merke` = `lagret`, `avvist` or `sokt`.
pub(crate) async fn mark(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    gate(&state, &viewer, &id, Some(&form)).await?;
    let (code, uuid) = (field(&form, "merke"), field(&form, "annonse"));
    if mark_label(&code).is_empty() {
        return Ok(message(StatusCode::UNPROCESSABLE_ENTITY, "Ukjent valg", "Velg Lagre, Avvis eller Søkt."));
    }
    let mut change = Change::begin(&state, &viewer).await?;
    let by = viewer.user.id.as_str().to_owned();
    if !change.tx().mark_ad(&id, &uuid, &code, state.clock.now(), &by).await? {
        return Err(PageError::NotFound("Fant ikke annonsen."));
    }
    change.audit("mark_job_ad", ("participant", &id), &["job_ad_mark.mark"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}#jobbmuligheter")).into_response())
}
