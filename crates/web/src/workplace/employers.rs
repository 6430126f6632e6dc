//! `/arbeidsgivere` (search, any case, æøå included) and `/arbeidsgiver/{id}`: contacts,
//! relationship stage, who holds the relationship, what the employer requires, contact
//! history and jobs held by our participants (named only where the viewer may see the
//! participant). People are shown by name. A job specialist or team lead gets the actions
//! of `crate::keep` here; a veileder reads.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jobbvei_domain::{EmployerStage, Role};

use super::{audit_read, entry, labels};
use crate::AppState;
use crate::access::{CASE_ROLES, may_read_participant};
use crate::auth::Viewer;
use crate::dashboard::drill::enc;
use crate::forms::PageError;
use crate::keep::employer::municipality_text;
use crate::keep::relation::{Move, decide};
use crate::pages::render;
use crate::paging::{PER_PAGE, Pager};

#[derive(serde::Deserialize, Default)]
pub(crate) struct Search {
    q: Option<String>,
    side: Option<String>,
}

#[derive(Template)]
#[template(path = "employers.html")]
struct EmployersPage {
    q: String,
    employers: Vec<(String, String, String, String)>,
    can_write: bool,
    pager: Pager,
}

/// The stage in the words of the pages.
pub(crate) fn stage_label(s: Option<EmployerStage>) -> &'static str {
    match s {
        Some(EmployerStage::Acquainted) => "Bli kjent",
        Some(EmployerStage::NeedsMapped) => "Behov kartlagt",
        Some(EmployerStage::CandidatePresented) => "Kandidat presentert",
        Some(EmployerStage::Hired) => "Har ansatt",
        None => "Ikke satt",
    }
}

/// Whether the viewer keeps employers: any job specialist or team lead.
pub(crate) fn may_keep(v: &Viewer) -> bool {
    CASE_ROLES.iter().any(|r| v.has(*r))
}

pub(crate) async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(s): Query<Search>,
) -> Result<Response, PageError> {
    let q: String = s.q.unwrap_or_default().trim().chars().take(100).collect();
    // The store counts and skips: the national register is too long to read whole.
    let total = usize::try_from(state.db.employers_matching_count(&q).await?).unwrap_or(0);
    let pager = Pager::new(
        "Sider i arbeidsgiverlisten",
        total,
        PER_PAGE,
        s.side.as_deref(),
        "/arbeidsgivere",
        &[("q", q.clone())],
    );
    let offset = i64::try_from(pager.offset(PER_PAGE)).unwrap_or(0);
    let list = state.db.employers_matching(&q, PER_PAGE as i64, offset).await?;
    let employers = list
        .into_iter()
        .map(|e| {
            let industry = e.industry.clone().unwrap_or_default();
            (e.id.to_string(), e.name, industry, stage_label(e.stage).to_owned())
        })
        .collect();
    Ok(render(&EmployersPage { q, employers, can_write: may_keep(&viewer), pager }))
}

/// What a refused change on the employer page says, beside the part it concerns.
#[derive(Debug, Default)]
pub(crate) struct Notice {
    pub stage: String,
    pub holder: String,
    pub requirement: String,
    /// What was typed as a new requirement, kept when it was refused.
    pub requirement_value: String,
}

struct JobLine {
    title: String,
    form: &'static str,
    period: String,
    participant: Option<(String, String)>,
}

struct ContactLine {
    id: String,
    name: String,
    decision_maker: bool,
    phone: String,
    /// The phone number as a `tel:` link wants it: digits, and `+` first.
    tel: String,
    email: String,
}

struct HistoryLine {
    when: String,
    what: &'static str,
    status: &'static str,
    who: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "employer.html")]
struct EmployerView {
    id: String,
    name: String,
    orgnr: String,
    industry: String,
    municipality: String,
    stage: &'static str,
    stage_code: &'static str,
    stages: Vec<(&'static str, &'static str)>,
    holder: String,
    holder_is_me: bool,
    held: bool,
    can_claim: bool,
    /// Why the viewer cannot claim it: who holds it and whom to ask.
    claim_hint: String,
    can_release: bool,
    can_give: bool,
    can_write: bool,
    /// A team lead: the team's members, to give the relationship to.
    team: Vec<(String, String)>,
    csrf: String,
    contacts: Vec<ContactLine>,
    requirements: Vec<(String, String)>,
    history: Vec<HistoryLine>,
    jobs: Vec<JobLine>,
    notice: Notice,
}

/// Digits and a leading `+`, for `tel:` links.
pub(crate) fn tel(phone: &str) -> String {
    let plus = phone.trim_start().starts_with('+');
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if plus { format!("+{digits}") } else { digits }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    page(&state, &viewer, &id, Notice::default(), StatusCode::OK).await
}

/// The employer page, with a refused change's message where it belongs and its status.
pub(crate) async fn page(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    notice: Notice,
    status: StatusCode,
) -> Result<Response, PageError> {
    let today = state.clock.today();
    // One store call (`Db::employer_page_all`): the employer with its holder, contacts and
    // requirements, the history, the jobs and who may see their participants, on one
    // connection.
    let Some(data) = state.db.employer_page_all(id, 100, 100, today).await? else {
        return Err(PageError::NotFound("Fant ikke arbeidsgiveren."));
    };
    let jobbvei_store::EmployerPageData { employer, holder: holder_user, page, requirements, people } = data;
    let shown = &page.jobs[..page.jobs.len().min(100)];
    let mut jobs = Vec::new();
    for (job, participant) in shown {
        // Named only where the viewer may see the participant.
        let visible = people.get(participant.as_str()).filter(|(a, _)| may_read_participant(viewer, a));
        jobs.push(JobLine {
            title: job.title.clone().unwrap_or_else(|| "Uten tittel".into()),
            form: labels::job_form(job.form.code()),
            period: format!(
                "{} – {}",
                crate::dates::day(job.start),
                job.end.map(crate::dates::day).unwrap_or_else(|| "pågår".into())
            ),
            participant: visible.map(|(_, name)| (participant.clone(), name.clone())),
        });
    }
    let can_write = may_keep(viewer);
    let lead = viewer.has(Role::MethodSupervisor) && viewer.user.team.is_some();
    let team = match (&viewer.user.team, lead) {
        (Some(t), true) => state
            .db
            .team_users(t.as_str())
            .await?
            .into_iter()
            .filter(|u| CASE_ROLES.iter().any(|r| u.roles.contains(r)))
            .map(|u| (u.id.to_string(), u.name))
            .collect(),
        _ => Vec::new(),
    };
    audit_read(state, entry(state, viewer, "read", ("employer", id), &["contacts", "history", "jobs"])).await?;
    let contact_names: HashMap<&str, &str> = page.contacts.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let history = page
        .history
        .iter()
        .map(|a| HistoryLine {
            when: crate::dates::moment(a.start),
            what: labels::kind(a.kind.code()),
            status: labels::status(a.status.code()),
            who: page.history_names.get(a.user.as_str()).cloned().unwrap_or_else(|| "Ukjent bruker".into()),
            contact: a
                .employer_contact
                .as_ref()
                .and_then(|c| contact_names.get(c.as_str()))
                .map(|n| (*n).to_owned())
                .unwrap_or_default(),
        })
        .collect();
    let holder_is_me = employer.holder.as_ref() == Some(&viewer.user.id);
    // The buttons offered are the moves the viewer may make (the handler decides again).
    let may = |m: &Move| decide(&viewer.user, lead, holder_user.as_ref(), m);
    let claim = may(&Move::Claim);
    let can_give = lead && may(&Move::Give(Some(viewer.user.clone()))).is_ok();
    let view = EmployerView {
        id: enc(id),
        name: employer.name.clone(),
        orgnr: employer.orgnr.as_str().to_owned(),
        industry: employer.industry.clone().unwrap_or_default(),
        municipality: municipality_text(employer.municipality.as_deref()),
        stage: stage_label(employer.stage),
        stage_code: employer.stage.map(|s| s.code()).unwrap_or(""),
        stages: EmployerStage::ALL.iter().map(|s| (s.code(), stage_label(Some(*s)))).collect(),
        holder: match (&employer.holder, &holder_user) {
            (Some(_), Some(u)) => u.name.clone(),
            (Some(_), None) => "Ukjent bruker".into(),
            (None, _) => "Ingen".into(),
        },
        holder_is_me,
        held: employer.holder.is_some(),
        can_claim: claim.is_ok(),
        claim_hint: claim.err().map(|(_, why)| why).unwrap_or_default(),
        can_release: may(&Move::Release).is_ok(),
        can_give,
        can_write,
        team,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        contacts: page
            .contacts
            .iter()
            .map(|c| ContactLine {
                id: enc(c.id.as_str()),
                name: c.name.clone(),
                decision_maker: c.decision_maker == Some(true),
                phone: c.phone.clone().unwrap_or_default(),
                tel: tel(c.phone.as_deref().unwrap_or("")),
                email: c.email.clone().unwrap_or_default(),
            })
            .collect(),
        requirements: requirements.into_iter().map(|r| (r.id, r.text)).collect(),
        history,
        jobs,
        notice,
    };
    let mut res = render(&view);
    if res.status() == StatusCode::OK {
        *res.status_mut() = status;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::tel;

    #[test]
    fn phone_numbers_become_tel_links() {
        assert_eq!(tel("22 33 44 55"), "22334455");
        assert_eq!(tel("+47 22 33 44 55"), "+4722334455");
        assert_eq!(tel("22-33-44-55"), "22334455");
    }
}
