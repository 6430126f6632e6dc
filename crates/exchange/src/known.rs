//! The ids an import may refer to: those already stored and those defined earlier in
//! the file. A reference to anything else is an error on the referring line.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use jobbvei_domain::{ExtId, Method};
use jobbvei_store::ImportIndex;

use crate::casefile::{CaseRecord, Target};
use crate::error::FieldError;
use crate::record::Record;

#[derive(Default)]
pub(crate) struct Known {
    offices: HashSet<String>,
    teams: HashSet<String>,
    users: HashSet<String>,
    employers: HashSet<String>,
    participants: HashSet<String>,
    /// fødselsnummer → participant, and back, so that a number is never given to two people
    fnrs: HashMap<String, String>,
    fnr_of: HashMap<String, String>,
    /// contact → its employer
    contacts: HashMap<String, String>,
    /// course → its method and start
    courses: HashMap<String, (Method, NaiveDate)>,
    /// job → its course
    jobs: HashMap<String, String>,
    /// plan item → its participant and its parent
    plan_items: HashMap<String, (String, Option<String>)>,
    /// username → user, and back, so that a username is never given to two users
    usernames: HashMap<String, String>,
    username_of: HashMap<String, String>,
    /// (type, id) of lines that were wrong: a reference to them is not an error of its own,
    /// since the line that defines them is already reported.
    invalid: HashSet<(String, String)>,
}

impl Known {
    pub fn from_index(index: ImportIndex) -> Known {
        let set = |v: Vec<String>| v.into_iter().collect::<HashSet<_>>();
        Known {
            offices: set(index.offices),
            teams: set(index.teams),
            users: index.users.iter().map(|(id, _)| id.clone()).collect(),
            usernames: index.users.iter().filter_map(|(id, u)| Some((u.clone()?, id.clone()))).collect(),
            username_of: index.users.iter().filter_map(|(id, u)| Some((id.clone(), u.clone()?))).collect(),
            employers: set(index.employers),
            participants: index.participants.iter().map(|(id, _)| id.clone()).collect(),
            fnrs: index.participants.iter().map(|(id, fnr)| (fnr.clone(), id.clone())).collect(),
            fnr_of: index.participants.into_iter().collect(),
            contacts: index.contacts.into_iter().collect(),
            courses: index
                .courses
                .into_iter()
                .filter_map(|(id, method, start)| Some((id, (Method::parse(&method)?, start))))
                .collect(),
            jobs: index.jobs.into_iter().collect(),
            plan_items: index.plan_items.into_iter().map(|(id, p, parent)| (id, (p, parent))).collect(),
            invalid: HashSet::new(),
        }
    }

    /// Remembers that the line defining `kind` `id` was wrong.
    pub fn note_invalid(&mut self, kind: &str, id: &str) {
        self.invalid.insert((kind.to_owned(), id.to_owned()));
    }

    /// Checks every reference of `r`; on success, `r`'s own id becomes known.
    pub fn admit(&mut self, r: &Record) -> Vec<FieldError> {
        let mut c = Checker { errors: Vec::new(), invalid: &self.invalid };
        match r {
            Record::Office(_) => {}
            Record::Team(t) => c.need("office", &t.office, &self.offices, "office"),
            Record::User(u) => {
                c.maybe("team", u.team.as_ref(), &self.teams, "team");
                if let Some(name) = &u.username
                    && let Some(owner) = self.usernames.get(name)
                    && owner != u.id.as_str()
                {
                    c.fail("username", format!("\"{name}\" is already the username of user \"{owner}\""));
                }
            }
            Record::Employer(e) => c.maybe("holder", e.holder.as_ref(), &self.users, "user"),
            Record::EmployerContact(x) => c.need("employer", &x.employer, &self.employers, "employer"),
            Record::Participant(p) => {
                c.maybe("veileder", p.veileder.as_ref(), &self.users, "user");
                // The number itself is personal data: the message names the other record only.
                if let Some(owner) = self.fnrs.get(p.fnr.as_str())
                    && owner != p.id.as_str()
                {
                    c.fail("fnr", format!("is already the fødselsnummer of participant \"{owner}\""));
                }
            }
            Record::Referral(x) => {
                c.need("participant", &x.participant, &self.participants, "participant");
                c.need("veileder", &x.veileder, &self.users, "user");
                c.need("team", &x.team, &self.teams, "team");
            }
            Record::Course(x) => {
                c.need("participant", &x.participant, &self.participants, "participant");
                c.need("job_specialist", &x.job_specialist, &self.users, "user");
            }
            Record::Phase(p) => match self.courses.get(p.course.as_str()) {
                None => c.missing("course", &p.course, "course"),
                Some((method, _)) if !method.phases().contains(&p.phase) => {
                    let allowed: Vec<&str> = method.phases().iter().map(|p| p.code()).collect();
                    c.fail(
                        "phase",
                        format!("is not a phase of method {method}; expected one of {}", allowed.join(", ")),
                    );
                }
                Some(_) => {}
            },
            Record::Passive(p) => c.need_key("course", &p.course, &self.courses, "course"),
            Record::Job(j) => {
                c.need_key("course", &j.course, &self.courses, "course");
                c.need("employer", &j.employer, &self.employers, "employer");
            }
            Record::Education(e) => c.need_key("course", &e.course, &self.courses, "course"),
            Record::Measure(m) => {
                c.need_key("course", &m.course, &self.courses, "course");
                if let Some(job) = &m.job {
                    c.job_of_course(job, &m.course, &self.jobs);
                }
                c.maybe("decided_by", m.decided_by.as_ref(), &self.users, "user");
            }
            Record::Activity(a) => {
                c.need("user", &a.user, &self.users, "user");
                if let Some(course) = &a.course {
                    c.need_key("course", course, &self.courses, "course");
                }
                c.maybe("employer", a.employer.as_ref(), &self.employers, "employer");
                if let Some(contact) = &a.employer_contact {
                    match (self.contacts.get(contact.as_str()), &a.employer) {
                        (None, _) => c.missing("employer_contact", contact, "employer contact"),
                        (Some(owner), Some(employer)) if owner != employer.as_str() => {
                            c.fail(
                                "employer_contact",
                                format!("\"{contact}\" is a contact of employer \"{owner}\", not of \"{employer}\""),
                            );
                        }
                        _ => {}
                    }
                }
            }
            Record::FollowupCheck(x) => {
                c.need_key("course", &x.course, &self.courses, "course");
                c.job_of_course(&x.job, &x.course, &self.jobs);
            }
            Record::Case(x) => self.case_references(&mut c, x),
        }
        let errors = c.errors;
        if errors.is_empty() {
            self.learn(r);
        } else if let Some(id) = own_id(r) {
            self.note_invalid(r.type_name(), id);
        }
        errors
    }

    fn learn(&mut self, r: &Record) {
        let own = |id: &ExtId| id.as_str().to_owned();
        match r {
            Record::Office(x) => _ = self.offices.insert(own(&x.id)),
            Record::Team(x) => _ = self.teams.insert(own(&x.id)),
            Record::User(x) => {
                self.users.insert(own(&x.id));
                if let Some(old) = self.username_of.remove(x.id.as_str()) {
                    self.usernames.remove(&old);
                }
                if let Some(name) = &x.username {
                    self.usernames.insert(name.clone(), own(&x.id));
                    self.username_of.insert(own(&x.id), name.clone());
                }
            }
            Record::Employer(x) => _ = self.employers.insert(own(&x.id)),
            Record::EmployerContact(x) => _ = self.contacts.insert(own(&x.id), own(&x.employer)),
            Record::Participant(x) => {
                self.participants.insert(own(&x.id));
                if let Some(old) = self.fnr_of.remove(x.id.as_str()) {
                    self.fnrs.remove(&old);
                }
                self.fnrs.insert(x.fnr.as_str().to_owned(), own(&x.id));
                self.fnr_of.insert(own(&x.id), x.fnr.as_str().to_owned());
            }
            Record::Course(x) => _ = self.courses.insert(own(&x.id), (x.method, x.start)),
            Record::Job(x) => _ = self.jobs.insert(own(&x.id), own(&x.course)),
            Record::Case(x) => {
                if x.kind.name == "plan_item"
                    && let (Some(id), Some(participant)) = (x.own_id(), x.text("participant"))
                {
                    let parent = x.text("parent").map(str::to_owned);
                    self.plan_items.insert(id.to_owned(), (participant.to_owned(), parent));
                }
            }
            Record::Referral(_)
            | Record::Phase(_)
            | Record::Passive(_)
            | Record::Education(_)
            | Record::Measure(_)
            | Record::Activity(_)
            | Record::FollowupCheck(_) => {}
        }
    }
}

impl Known {
    fn case_references(&self, c: &mut Checker, x: &CaseRecord) {
        for (field, target, id) in x.references() {
            let found = match target {
                Target::Participant => self.participants.contains(id),
                Target::User => self.users.contains(id),
                Target::Team => self.teams.contains(id),
                Target::Course => self.courses.contains_key(id),
                Target::Job => self.jobs.contains_key(id),
                Target::PlanItem => match (self.plan_items.get(id).map(|(p, _)| p), x.text("participant")) {
                    (Some(owner), Some(participant)) if owner != participant => {
                        c.fail(
                            field,
                            format!("\"{id}\" is a plan item of participant \"{owner}\", not of \"{participant}\""),
                        );
                        true
                    }
                    (found, _) => found.is_some(),
                },
            };
            if !found {
                let what = match target {
                    Target::Participant => "participant",
                    Target::User => "user",
                    Target::Team => "team",
                    Target::Course => "course",
                    Target::Job => "job",
                    Target::PlanItem => "plan item",
                };
                c.missing_id(field, id, what);
            }
        }
        if x.kind.name == "plan_item" {
            self.plan_tree(c, x);
        }
    }

    /// A plan item stays with its participant, and its parents form no loop: the export writes
    /// parents before their children, so either would make a file that cannot be imported again.
    fn plan_tree(&self, c: &mut Checker, x: &CaseRecord) {
        let Some(id) = x.own_id() else { return };
        if let (Some((owner, _)), Some(participant)) = (self.plan_items.get(id), x.text("participant"))
            && owner != participant
        {
            c.fail(
                "participant",
                format!(
                    "plan item \"{id}\" belongs to participant \"{owner}\"; a plan item cannot move to another participant"
                ),
            );
        }
        let Some(parent) = x.text("parent") else { return };
        // Up from the new parent; bounded, so that a loop already stored cannot hang it.
        let mut at = parent;
        for _ in 0..=self.plan_items.len() {
            match self.plan_items.get(at) {
                Some((_, Some(up))) if up == id => {
                    c.fail("parent", format!("would close a loop: \"{parent}\" lies under \"{id}\""));
                    return;
                }
                Some((_, Some(up))) => at = up,
                _ => return,
            }
        }
    }
}

/// The id other records can refer to, for the types that have one.
fn own_id(r: &Record) -> Option<&str> {
    Some(match r {
        Record::Office(x) => x.id.as_str(),
        Record::Team(x) => x.id.as_str(),
        Record::User(x) => x.id.as_str(),
        Record::Employer(x) => x.id.as_str(),
        Record::EmployerContact(x) => x.id.as_str(),
        Record::Participant(x) => x.id.as_str(),
        Record::Course(x) => x.id.as_str(),
        Record::Job(x) => x.id.as_str(),
        Record::Case(x) => return x.own_id(),
        _ => return None,
    })
}

struct Checker<'a> {
    errors: Vec<FieldError>,
    invalid: &'a HashSet<(String, String)>,
}

impl Checker<'_> {
    fn fail(&mut self, field: &str, message: String) {
        self.errors.push(FieldError { field: field.into(), message });
    }

    fn missing(&mut self, field: &str, id: &ExtId, what: &str) {
        self.missing_id(field, id.as_str(), what);
    }

    fn missing_id(&mut self, field: &str, id: &str, what: &str) {
        let kind = match what {
            "employer contact" => "employer_contact",
            "plan item" => "plan_item",
            other => other,
        };
        if self.invalid.contains(&(kind.to_owned(), id.to_owned())) {
            return;
        }
        self.fail(
            field,
            format!("refers to {what} \"{id}\", which is neither in the database nor earlier in the file"),
        );
    }

    fn need(&mut self, field: &str, id: &ExtId, set: &HashSet<String>, what: &str) {
        if !set.contains(id.as_str()) {
            self.missing(field, id, what);
        }
    }

    fn need_key<V>(&mut self, field: &str, id: &ExtId, map: &HashMap<String, V>, what: &str) {
        if !map.contains_key(id.as_str()) {
            self.missing(field, id, what);
        }
    }

    fn maybe(&mut self, field: &str, id: Option<&ExtId>, set: &HashSet<String>, what: &str) {
        if let Some(id) = id {
            self.need(field, id, set, what);
        }
    }

    fn job_of_course(&mut self, job: &ExtId, course: &ExtId, jobs: &HashMap<String, String>) {
        match jobs.get(job.as_str()) {
            None => self.missing("job", job, "job"),
            Some(owner) if owner != course.as_str() => {
                self.fail("job", format!("\"{job}\" belongs to course \"{owner}\", not to \"{course}\""));
            }
            Some(_) => {}
        }
    }
}
