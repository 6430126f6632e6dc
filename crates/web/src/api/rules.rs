//! Who may write which record through the API, and whether its references hold.
//!
//! The same rules as the pages (`access.rs`, DOMAIN.md §2): a participant's course, jobs and
//! activities are changed by the job specialist who owns the participant and by that
//! owner's metodeveileder. A reference must name a record that exists *and* that the caller
//! may see; one that does not is a 422 on that field, worded the same whether the record is
//! missing or hidden, so the API does not tell which. A record the caller may see but not
//! change is a 403. See docs/api.md for the decisions behind each rule.

use jobbvei_domain::{Activity, Course, Employer, ExtId, Job, Participant, Role};
use jobbvei_exchange::Record;
use jobbvei_store::StoreError;

use crate::AppState;
use crate::access::{may_read_participant, may_write_participant};
use crate::auth::Viewer;

pub(crate) enum Refusal {
    /// Field errors, all of them, as (field, message).
    Invalid(Vec<(String, String)>),
    /// The caller may not make this change; the text says why.
    Forbidden(&'static str),
}

/// Where an accepted change is filed in the audit log: the record, and for a course, job or
/// activity of a participant, which of the participant's records it was (`course:c1`), so
/// that `jobbvei audit --participant` shows every change to a person's records.
pub(crate) struct Filed {
    pub record: (&'static str, String),
    pub part: Option<String>,
}

type Checked = Result<Result<Filed, Refusal>, StoreError>;

const NOT_YOURS: &str = "Only the job specialist who owns this participant's course, and their metodeveileder, may change \
     this participant's records.";

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
        Record::Employer(x) => employer(state, x).await,
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

/// `unowned_ok`: a participant with no course yet (just referred) may be taken on by any
/// job specialist or metodeveileder, by creating their first course.
async fn reach(state: &AppState, v: &Viewer, participant: &ExtId, unowned_ok: bool) -> Result<Reach, StoreError> {
    let Some(a) = state.db.participant_access(participant.as_str(), state.clock.today()).await? else {
        return Ok(Reach::None);
    };
    Ok(if may_write_participant(v, &a) || (unowned_ok && a.owners.is_empty() && case_role(v)) {
        Reach::Write
    } else if may_read_participant(v, &a) {
        Reach::Read
    } else {
        Reach::None
    })
}

async fn participant_ref(
    state: &AppState,
    v: &Viewer,
    x: &mut Verdict,
    participant: &ExtId,
    unowned_ok: bool,
) -> Result<(), StoreError> {
    match reach(state, v, participant, unowned_ok).await? {
        Reach::None => x.missing("participant", "participant", participant),
        Reach::Read => x.forbid(NOT_YOURS),
        Reach::Write => {}
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
    match reach(state, v, &c.participant, false).await? {
        Reach::None => x.missing(field, "course", course),
        Reach::Read => x.forbid(NOT_YOURS),
        Reach::Write => {}
    }
    Ok(Some(c.participant))
}

async fn course_writable(state: &AppState, v: &Viewer, course: &ExtId) -> Result<bool, StoreError> {
    let Some(c) = state.db.course(course.as_str()).await? else { return Ok(false) };
    Ok(reach(state, v, &c.participant, false).await? == Reach::Write)
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
    if update && reach(state, v, &p.id, false).await? != Reach::Write {
        return Ok(Err(Refusal::Forbidden(NOT_YOURS)));
    }
    let mut x = Verdict::default();
    user_ref(state, &mut x, "veileder", p.veileder.as_ref()).await?;
    if !update && !case_role(v) && p.veileder.as_ref() != Some(&v.user.id) {
        x.forbid("A veileder registers participants assigned to themselves: set \"veileder\" to your own id.");
    }
    Ok(x.finish(Filed { record: ("participant", p.id.as_str().to_owned()), part: None }))
}

/// A job specialist takes a course on as themselves; a metodeveileder may give it to anyone
/// in the team, and only the metodeveileder reassigns a course (DOMAIN.md §2).
async fn course(state: &AppState, v: &Viewer, c: &Course, old: Option<&Course>) -> Checked {
    if let Some(old) = old
        && reach(state, v, &old.participant, false).await? != Reach::Write
    {
        return Ok(Err(Refusal::Forbidden(NOT_YOURS)));
    }
    let mut x = Verdict::default();
    if old.is_none_or(|o| o.participant != c.participant) {
        participant_ref(state, v, &mut x, &c.participant, true).await?;
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
    let participant = course_ref(state, v, &mut x, "course", &j.course).await?;
    if !state.db.exists_employer(j.employer.as_str()).await? {
        x.missing("employer", "employer", &j.employer);
    }
    let record = ("participant", participant.map(|p| p.as_str().to_owned()).unwrap_or_default());
    Ok(x.finish(Filed { record, part: Some(format!("job:{}", j.id)) }))
}

/// Employers are shared by the office: any job specialist or metodeveileder keeps them.
async fn employer(state: &AppState, e: &Employer) -> Checked {
    let mut x = Verdict::default();
    user_ref(state, &mut x, "holder", e.holder.as_ref()).await?;
    Ok(x.finish(Filed { record: ("employer", e.id.as_str().to_owned()), part: None }))
}

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
