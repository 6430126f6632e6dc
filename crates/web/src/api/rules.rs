//! Who may write which record through the API, and whether its references hold.
//!
//! The same rules as the pages (`access.rs`, DOMAIN.md §2): a participant's course, jobs and
//! activities are changed by the job specialist who owns the participant and by that
//! owner's metodeveileder. A reference must name a record that exists *and* that the caller
//! may see; one that does not is a 422 on that field, worded the same whether the record is
//! missing or hidden, so the API does not tell which. A record the caller may see but not
//! change is a 403. See docs/api.md for the decisions behind each rule.

use axum::http::StatusCode;
use jobbvei_domain::{Activity, Course, Employer, ExtId, Job, Participant, Role};
use jobbvei_exchange::Record;
use jobbvei_store::StoreError;

use crate::AppState;
use crate::access::{Take, may_read_participant, may_take_participant, may_write_participant};
use crate::auth::Viewer;
use crate::keep::employer::held_elsewhere;
use crate::keep::relation::{Move, decide};

pub(crate) enum Refusal {
    /// Field errors, all of them, as (field, message).
    Invalid(Vec<(String, String)>),
    /// The caller may not make this change; the text says why.
    Forbidden(&'static str),
    /// The change collides with someone else's (a relationship someone else holds).
    Conflict(&'static str),
}

/// Where an accepted change is filed in the audit log: the record, and for a course, job or
/// activity of a participant, which of the participant's records it was (`course:c1`), so
/// that `jobbvei audit --participant` shows every change to a person's records.
pub(crate) struct Filed {
    pub record: (&'static str, String),
    pub part: Option<String>,
}

type Checked = Result<Result<Filed, Refusal>, StoreError>;

/// Said whether or not the caller may see the other participant: the caller typed the
/// number, so it tells them nothing they did not know but that it is taken.
pub(crate) const FNR_TAKEN: &str = "another participant has this fødselsnummer";

const NOT_YOURS: &str = "Only the job specialist who owns this participant's course, and their metodeveileder, may change \
     this participant's records.";

/// DOMAIN.md §7: nothing changes on an ended course except by reopening it, which its team
/// lead does on the page (`/forlop/{id}/gjenapne`), within the handover period.
const ENDED: &str = "The course has ended: nothing on it changes until its metodeveileder reopens it in Jobbvei \
     (/forlop/{id}/gjenapne).";

/// The id of a record of one of the types the API writes.
pub(crate) fn own_id(r: &Record) -> Option<&str> {
    Some(match r {
        Record::Participant(x) => x.id.as_str(),
        Record::Course(x) => x.id.as_str(),
        Record::Job(x) => x.id.as_str(),
        Record::Employer(x) => x.id.as_str(),
        Record::Activity(x) => x.id.as_str(),
        _ => return None,
    })
}

/// Checks `new` (replacing `old` on update) for the caller.
pub(crate) async fn check(state: &AppState, v: &Viewer, new: &Record, old: Option<&Record>) -> Checked {
    match new {
        Record::Participant(x) => participant(state, v, x, old.is_some()).await,
        Record::Course(x) => {
            course(state, v, x, old.and_then(|o| if let Record::Course(c) = o { Some(c) } else { None })).await
        }
        Record::Job(x) => job(state, v, x, old.and_then(|o| if let Record::Job(j) = o { Some(j) } else { None })).await,
        Record::Employer(x) => {
            employer(state, v, x, old.and_then(|o| if let Record::Employer(e) = o { Some(e) } else { None })).await
        }
        Record::Activity(x) => {
            activity(state, v, x, old.and_then(|o| if let Record::Activity(a) = o { Some(a) } else { None })).await
        }
        _ => Ok(Err(Refusal::Forbidden("This record type is not written through the API."))),
    }
}

/// Field errors and the first reason to refuse, gathered so that every field error is
/// reported at once.
#[derive(Default)]
struct Verdict {
    errors: Vec<(String, String)>,
    forbidden: Option<&'static str>,
    conflict: Option<&'static str>,
}

impl Verdict {
    fn missing(&mut self, field: &str, what: &str, id: &ExtId) {
        self.errors.push((field.to_owned(), format!("no {what} \"{id}\" that you may see")));
    }

    fn forbid(&mut self, why: &'static str) {
        self.forbidden.get_or_insert(why);
    }

    fn finish(self, filed: Filed) -> Result<Filed, Refusal> {
        if !self.errors.is_empty() {
            Err(Refusal::Invalid(self.errors))
        } else if let Some(why) = self.forbidden {
            Err(Refusal::Forbidden(why))
        } else if let Some(why) = self.conflict {
            Err(Refusal::Conflict(why))
        } else {
            Ok(filed)
        }
    }
}

/// How far the caller reaches a participant.
#[derive(PartialEq, Eq)]
enum Reach {
    /// Missing, or not visible to the caller: the same to the outside.
    None,
    Read,
    Write,
}

fn case_role(v: &Viewer) -> bool {
    v.has(Role::JobSpecialist) || v.has(Role::MethodSupervisor)
}

async fn reach(state: &AppState, v: &Viewer, participant: &ExtId) -> Result<Reach, StoreError> {
    let Some(a) = state.db.participant_access(participant.as_str(), state.clock.today()).await? else {
        return Ok(Reach::None);
    };
    Ok(if may_write_participant(v, &a) {
        Reach::Write
    } else if may_read_participant(v, &a) {
        Reach::Read
    } else {
        Reach::None
    })
}

/// Whether the caller may see the record an update names: if not, the update is a 404,
/// the same as for a record that does not exist (docs/access.md).
pub(crate) async fn visible(state: &AppState, v: &Viewer, old: &Record) -> Result<bool, StoreError> {
    let participant = match old {
        Record::Participant(p) => p.id.clone(),
        Record::Course(c) => c.participant.clone(),
        Record::Job(j) => match state.db.course(j.course.as_str()).await? {
            Some(c) => c.participant,
            None => return Ok(false),
        },
        // One's own activity of no course; of a course, through its participant, like anyone's.
        Record::Activity(a) if a.user == v.user.id && a.course.is_none() => return Ok(true),
        Record::Activity(a) => match &a.course {
            Some(course) => match state.db.course(course.as_str()).await? {
                Some(c) => c.participant,
                None => return Ok(false),
            },
            None => return Ok(false),
        },
        // Employers are shared: every reading role sees them.
        _ => return Ok(true),
    };
    Ok(reach(state, v, &participant).await? != Reach::None)
}

/// The participant a stored course, job or activity belongs to: a write that moves it to
/// another participant is audited under both (as the activity page does).
pub(crate) async fn participant_of(state: &AppState, old: &Record) -> Result<Option<String>, StoreError> {
    let course = match old {
        Record::Course(c) => return Ok(Some(c.participant.as_str().to_owned())),
        Record::Job(j) => &j.course,
        Record::Activity(a) => match &a.course {
            Some(c) => c,
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(state.db.course(course.as_str()).await?.map(|c| c.participant.as_str().to_owned()))
}

/// A new course's participant: taken on only through a claim (`access::may_take_participant`).
async fn take_ref(state: &AppState, v: &Viewer, x: &mut Verdict, participant: &ExtId) -> Result<(), StoreError> {
    let today = state.clock.today();
    let (Some(a), Some(c)) = (
        state.db.participant_access(participant.as_str(), today).await?,
        state.db.participant_claims(participant.as_str(), today).await?,
    ) else {
        x.missing("participant", "participant", participant);
        return Ok(());
    };
    let registrar_team = match &c.registered_by {
        Some(r) => state.db.user_by_id(r).await?.and_then(|u| u.team).map(|t| t.as_str().to_owned()),
        None => None,
    };
    match may_take_participant(v, &a, &c, registrar_team.as_deref()) {
        Take::Yes => {}
        Take::Open => x
            .errors
            .push(("participant".into(), "has an open course; a participant has one open course at a time".into())),
        Take::NotYours => x.forbid(NOT_YOURS),
        Take::Hidden => x.missing("participant", "participant", participant),
    }
    Ok(())
}

/// The participant of a course the caller may write to; a field error or refusal otherwise.
async fn course_ref(
    state: &AppState,
    v: &Viewer,
    x: &mut Verdict,
    field: &str,
    course: &ExtId,
) -> Result<Option<ExtId>, StoreError> {
    let Some(c) = state.db.course(course.as_str()).await? else {
        x.missing(field, "course", course);
        return Ok(None);
    };
    match reach(state, v, &c.participant).await? {
        Reach::None => x.missing(field, "course", course),
        Reach::Read => x.forbid(NOT_YOURS),
        Reach::Write => {}
    }
    Ok(Some(c.participant))
}

async fn course_writable(state: &AppState, v: &Viewer, course: &ExtId) -> Result<bool, StoreError> {
    let Some(c) = state.db.course(course.as_str()).await? else { return Ok(false) };
    Ok(reach(state, v, &c.participant).await? == Reach::Write)
}

async fn user_ref(state: &AppState, x: &mut Verdict, field: &str, user: Option<&ExtId>) -> Result<(), StoreError> {
    if let Some(u) = user
        && !state.db.exists("user", u.as_str()).await?
    {
        x.missing(field, "user", u);
    }
    Ok(())
}

/// A veileder registers (refers) participants assigned to themselves (DOMAIN.md §2: "refer");
/// changing a participant afterwards is for the owner and the team lead, as on the pages.
async fn participant(state: &AppState, v: &Viewer, p: &Participant, update: bool) -> Checked {
    if update && reach(state, v, &p.id).await? != Reach::Write {
        return Ok(Err(Refusal::Forbidden(NOT_YOURS)));
    }
    let mut x = Verdict::default();
    user_ref(state, &mut x, "veileder", p.veileder.as_ref()).await?;
    if state.db.participant_with_fnr(p.fnr.as_str()).await?.is_some_and(|other| other != p.id.as_str()) {
        x.errors.push(("fnr".into(), FNR_TAKEN.into()));
    }
    if !update && !case_role(v) && p.veileder.as_ref() != Some(&v.user.id) {
        x.forbid("A veileder registers participants assigned to themselves: set \"veileder\" to your own id.");
    }
    Ok(x.finish(Filed { record: ("participant", p.id.as_str().to_owned()), part: None }))
}

/// A job specialist takes a course on as themselves; a metodeveileder may give it to anyone
/// in the team, and only the metodeveileder reassigns a course (DOMAIN.md §2).
async fn course(state: &AppState, v: &Viewer, c: &Course, old: Option<&Course>) -> Checked {
    if let Some(old) = old
        && reach(state, v, &old.participant).await? != Reach::Write
    {
        return Ok(Err(Refusal::Forbidden(NOT_YOURS)));
    }
    let mut x = Verdict::default();
    if old.is_some_and(|o| o.end.is_some() && o != c) {
        x.conflict.get_or_insert(ENDED);
    }
    if old.is_none_or(|o| o.participant != c.participant) {
        take_ref(state, v, &mut x, &c.participant).await?;
    }
    if old.is_none_or(|o| o.job_specialist != c.job_specialist) {
        match state.db.user_by_id(c.job_specialist.as_str()).await? {
            None => x.missing("job_specialist", "user", &c.job_specialist),
            Some(js) => {
                let same_team = v.user.team.is_some() && js.team == v.user.team;
                let lead = v.has(Role::MethodSupervisor) && same_team;
                if old.is_some() && !lead {
                    x.forbid("Only the metodeveileder reassigns a course, within their own team.");
                } else if old.is_none() && !lead && !(v.has(Role::JobSpecialist) && js.id == v.user.id) {
                    x.forbid("A job specialist takes on a course as themselves; a metodeveileder assigns it within the team.");
                }
            }
        }
    }
    let part = Some(format!("course:{}", c.id));
    Ok(x.finish(Filed { record: ("participant", c.participant.as_str().to_owned()), part }))
}

async fn job(state: &AppState, v: &Viewer, j: &Job, old: Option<&Job>) -> Checked {
    if let Some(old) = old
        && !course_writable(state, v, &old.course).await?
    {
        return Ok(Err(Refusal::Forbidden(NOT_YOURS)));
    }
    let mut x = Verdict::default();
    if old.is_none_or(|o| o != j) {
        // Neither the course it is on nor the one it would move to may have ended.
        for course in std::iter::once(&j.course).chain(old.map(|o| &o.course)) {
            if state.db.course(course.as_str()).await?.is_some_and(|c| c.end.is_some()) {
                x.conflict.get_or_insert(ENDED);
            }
        }
    }
    let participant = course_ref(state, v, &mut x, "course", &j.course).await?;
    if !state.db.exists_employer(j.employer.as_str()).await? {
        x.missing("employer", "employer", &j.employer);
    }
    let record = ("participant", participant.map(|p| p.as_str().to_owned()).unwrap_or_default());
    Ok(x.finish(Filed { record, part: Some(format!("job:{}", j.id)) }))
}

/// Employers are shared by the office: any job specialist or metodeveileder keeps one that
/// nobody holds or that is held in their own office; one held in another office is that
/// office's. A change of holder follows the employer page's rules (`keep::relation`): claim
/// a free one, release or (team lead) give one held by you or your team.
async fn employer(state: &AppState, v: &Viewer, e: &Employer, old: Option<&Employer>) -> Checked {
    let mut x = Verdict::default();
    let current = match old.and_then(|o| o.holder.as_ref()) {
        Some(h) => state.db.user_by_id(h.as_str()).await?,
        None => None,
    };
    if let Some(old) = old
        && held_elsewhere(state, &v.user, old).await?
    {
        x.forbid("This employer's relationship is held in another office: only that office changes the employer.");
    }
    if old.map(|o| &o.holder) != Some(&e.holder) {
        let to = match &e.holder {
            Some(h) => match state.db.user_by_id(h.as_str()).await? {
                Some(u) => Some(u),
                None => {
                    x.missing("holder", "user", h);
                    return Ok(x.finish(Filed { record: ("employer", e.id.as_str().to_owned()), part: None }));
                }
            },
            None => None,
        };
        let wanted = match &to {
            None => Move::Release,
            Some(u) if u.id == v.user.id => Move::Claim,
            Some(_) => Move::Give(to.clone()),
        };
        let lead = v.has(Role::MethodSupervisor) && v.user.team.is_some();
        match decide(&v.user, lead, current.as_ref(), &wanted) {
            Ok(_) => {}
            Err((StatusCode::CONFLICT, _)) => {
                x.conflict.get_or_insert(HELD);
            }
            Err((StatusCode::UNPROCESSABLE_ENTITY, _)) => {
                x.errors.push(("holder".into(), "must be you, or (team lead) a job specialist in your team".into()));
            }
            Err(_) => x.forbid("Only the holder and their team lead release or give the relationship."),
        }
    }
    Ok(x.finish(Filed { record: ("employer", e.id.as_str().to_owned()), part: None }))
}

const HELD: &str = "Someone else holds the relationship with this employer: they, or their team lead, must \
     release it first.";

/// An activity is the log of the user who did the work: only they log or change it.
async fn activity(state: &AppState, v: &Viewer, a: &Activity, old: Option<&Activity>) -> Checked {
    if old.is_some_and(|o| o.user != v.user.id) {
        return Ok(Err(Refusal::Forbidden("Only the user who logged an activity may change it.")));
    }
    let mut x = Verdict::default();
    if a.user != v.user.id {
        x.errors.push(("user".into(), "must be the caller: activities are logged by their own user".into()));
    }
    let participant = match &a.course {
        Some(c) => course_ref(state, v, &mut x, "course", c).await?,
        None => None,
    };
    if let Some(e) = &a.employer
        && !state.db.exists_employer(e.as_str()).await?
    {
        x.missing("employer", "employer", e);
    }
    if let Some(contact) = &a.employer_contact {
        match (state.db.contact_employer(contact.as_str()).await?, &a.employer) {
            (None, _) => x.missing("employer_contact", "employer contact", contact),
            (Some(owner), Some(employer)) if owner != employer.as_str() => x.errors.push((
                "employer_contact".into(),
                format!("\"{contact}\" is a contact of employer \"{owner}\", not of \"{employer}\""),
            )),
            _ => {}
        }
    }
    let filed = match participant {
        Some(p) => Filed { record: ("participant", p.as_str().to_owned()), part: Some(format!("activity:{}", a.id)) },
        None => Filed { record: ("activity", a.id.as_str().to_owned()), part: None },
    };
    Ok(x.finish(filed))
}
