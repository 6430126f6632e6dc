//! A test-only mirror of the importer's rules, applied to a generated stream.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use jobbvei_domain::{ActivityStatus, Channel, Phase, Role};

use super::add_days;
use crate::record::Record;

/// Mirrors the importer's rules: each reference names an earlier record of the right kind.
pub struct Checker {
    as_of: NaiveDate,
    offices: HashSet<String>,
    teams: HashSet<String>,
    users: HashMap<String, Vec<Role>>,
    employers: HashSet<String>,
    contacts: HashMap<String, String>,
    participants: HashSet<String>,
    fnrs: HashSet<String>,
    referrals: HashSet<String>,
    courses: HashMap<String, jobbvei_domain::Course>,
    phases: HashMap<String, (NaiveDate, Phase)>,
    passives: HashMap<String, Vec<(NaiveDate, Option<NaiveDate>)>>,
    jobs: HashMap<String, String>,
    other_ids: HashSet<(&'static str, String)>,
    errors: Vec<String>,
}

impl Checker {
    pub fn new(as_of: NaiveDate) -> Checker {
        Checker {
            as_of,
            offices: HashSet::new(),
            teams: HashSet::new(),
            users: HashMap::new(),
            employers: HashSet::new(),
            contacts: HashMap::new(),
            participants: HashSet::new(),
            fnrs: HashSet::new(),
            referrals: HashSet::new(),
            courses: HashMap::new(),
            phases: HashMap::new(),
            passives: HashMap::new(),
            jobs: HashMap::new(),
            other_ids: HashSet::new(),
            errors: Vec::new(),
        }
    }

    /// Panics with the problems found so far, if any.
    pub fn assert_clean(&self) {
        assert!(self.errors.is_empty(), "{}", self.errors.join("\n"));
    }

    fn err(&mut self, i: usize, what: impl Into<String>) {
        if self.errors.len() < 50 {
            self.errors.push(format!("record {i}: {}", what.into()));
        }
    }

    fn has_role(&self, user: &str, role: Role) -> bool {
        self.users.get(user).is_some_and(|r| r.contains(&role))
    }

    pub fn check(&mut self, i: usize, r: &Record) {
        let as_of = self.as_of;
        let horizon = |c: &jobbvei_domain::Course| c.end.unwrap_or(as_of);
        match r {
            Record::Office(o) => {
                assert!(jobbvei_domain::organisation::is_unit_number(o.id.as_str()));
                if !self.offices.insert(o.id.to_string()) {
                    self.err(i, "duplicate office");
                }
            }
            Record::Team(t) => {
                if !self.offices.contains(t.office.as_str()) {
                    self.err(i, "team office");
                }
                if !self.teams.insert(t.id.to_string()) {
                    self.err(i, "duplicate team");
                }
            }
            Record::User(u) => {
                if u.team.as_ref().is_some_and(|t| !self.teams.contains(t.as_str())) || u.roles.is_empty() {
                    self.err(i, "user team/roles");
                }
                if self.users.insert(u.id.to_string(), u.roles.clone()).is_some() {
                    self.err(i, "duplicate user");
                }
            }
            Record::Employer(e) => {
                let first = e.orgnr.as_str().as_bytes()[0];
                if !(first == b'8' || first == b'9')
                    || e.holder.as_ref().is_some_and(|h| !self.users.contains_key(h.as_str()))
                {
                    self.err(i, "employer orgnr/holder");
                }
                if !self.employers.insert(e.id.to_string())
                    || !self.other_ids.insert(("orgnr", e.orgnr.as_str().into()))
                {
                    self.err(i, "duplicate employer or orgnr");
                }
            }
            Record::EmployerContact(c) => {
                if !self.employers.contains(c.employer.as_str()) {
                    self.err(i, "contact employer");
                }
                if self.contacts.insert(c.id.to_string(), c.employer.to_string()).is_some() {
                    self.err(i, "duplicate contact");
                }
            }
            Record::Participant(p) => {
                if !p.veileder.as_ref().is_some_and(|v| self.has_role(v.as_str(), Role::Veileder)) {
                    self.err(i, "participant veileder");
                }
                if !self.fnrs.insert(p.fnr.as_str().to_string()) {
                    self.err(i, "duplicate fnr");
                }
                if !self.participants.insert(p.id.to_string()) {
                    self.err(i, "duplicate participant");
                }
            }
            Record::Referral(x) => {
                if !x.check().is_empty()
                    || !self.participants.contains(x.participant.as_str())
                    || !self.has_role(x.veileder.as_str(), Role::Veileder)
                    || !self.teams.contains(x.team.as_str())
                    || x.sent > as_of
                    || x.decided.is_some_and(|d| d > as_of)
                {
                    self.err(i, format!("referral {x:?}"));
                }
                if !self.referrals.insert(x.id.to_string()) {
                    self.err(i, "duplicate referral");
                }
            }
            Record::Course(c) => {
                if !c.check().is_empty()
                    || !self.participants.contains(c.participant.as_str())
                    || !self.has_role(c.job_specialist.as_str(), Role::JobSpecialist)
                    || c.start > as_of
                    || c.end.is_some_and(|e| e > as_of)
                {
                    self.err(i, format!("course {c:?}"));
                }
                if self.courses.insert(c.id.to_string(), c.clone()).is_some() {
                    self.err(i, "duplicate course");
                }
            }
            Record::Phase(p) => {
                let Some(c) = self.courses.get(p.course.as_str()) else {
                    return self.err(i, "phase course");
                };
                let ok_phase = c.method.phases().contains(&p.phase);
                let in_course = p.from >= c.start && p.from <= horizon(c);
                let last = self.phases.get(p.course.as_str()).copied();
                let ordered = last.is_none_or(|(d, ph)| p.from > d && ph != Phase::Ended && ph != p.phase);
                if !(ok_phase && in_course && ordered) {
                    self.err(i, format!("phase {p:?} after {last:?}"));
                }
                self.phases.insert(p.course.to_string(), (p.from, p.phase));
            }
            Record::Passive(p) => {
                let Some(c) = self.courses.get(p.course.as_str()) else {
                    return self.err(i, "passive course");
                };
                let inside =
                    p.from >= c.start && p.to.unwrap_or(p.from) <= horizon(c) && (p.to.is_some() || c.end.is_none());
                let list = self.passives.entry(p.course.to_string()).or_default();
                let overlaps = list.iter().any(|(f, t)| p.from <= t.unwrap_or(as_of) && p.to.unwrap_or(as_of) >= *f);
                list.push((p.from, p.to));
                if !p.check().is_empty() || !inside || overlaps {
                    self.err(i, format!("passive {p:?}"));
                }
            }
            Record::Job(j) => {
                let Some(c) = self.courses.get(j.course.as_str()) else {
                    return self.err(i, "job course");
                };
                let unpaid_ok = !j.form.is_unpaid_placement() || j.paid == Some(false);
                let dates_ok = j.start >= c.start && j.start <= horizon(c) && j.end.is_none_or(|e| e <= as_of);
                if !j.check().is_empty() || !self.employers.contains(j.employer.as_str()) || !unpaid_ok || !dates_ok {
                    self.err(i, format!("job {j:?}"));
                }
                if self.jobs.insert(j.id.to_string(), j.course.to_string()).is_some() {
                    self.err(i, "duplicate job");
                }
            }
            Record::Education(e) => {
                if !self.courses.contains_key(e.course.as_str()) || e.start > as_of || e.end.is_some_and(|d| d > as_of)
                {
                    self.err(i, "education");
                }
                if !self.other_ids.insert(("education", e.id.to_string())) {
                    self.err(i, "duplicate education");
                }
            }
            Record::Measure(m) => {
                let job_ok = m.job.as_ref().is_none_or(|j| self.jobs.get(j.as_str()) == Some(&m.course.to_string()));
                let decider_ok = m.decided_by.as_ref().is_none_or(|v| self.has_role(v.as_str(), Role::Veileder));
                if !m.check().is_empty() || !self.courses.contains_key(m.course.as_str()) || !job_ok || !decider_ok {
                    self.err(i, format!("measure {m:?}"));
                }
                if !self.other_ids.insert(("measure", m.id.to_string())) {
                    self.err(i, "duplicate measure");
                }
            }
            Record::Activity(a) => {
                let date = jobbvei_domain::time::oslo_date(a.start);
                let course_ok = a.course.as_ref().is_none_or(|c| {
                    self.courses.get(c.as_str()).is_some_and(|c| date >= c.start && c.end.is_none_or(|e| date <= e))
                });
                let contact_ok = match (&a.employer, &a.employer_contact) {
                    (Some(e), Some(c)) => self.contacts.get(c.as_str()) == Some(&e.to_string()),
                    (Some(e), None) => self.employers.contains(e.as_str()),
                    (None, c) => c.is_none(),
                };
                let time_ok = if a.status == ActivityStatus::Planned {
                    date > as_of && date <= add_days(as_of, 14)
                } else {
                    date <= as_of
                };
                let physical_place = a.channel != Some(Channel::Physical) || a.place.is_some();
                if !a.check().is_empty()
                    || !self.users.contains_key(a.user.as_str())
                    || !course_ok
                    || !contact_ok
                    || !time_ok
                    || !physical_place
                    || a.start.timestamp() % 60 != 0
                    || !(15..=120).contains(&a.minutes)
                {
                    self.err(i, format!("activity {a:?}"));
                }
                if !self.other_ids.insert(("activity", a.id.to_string())) {
                    self.err(i, "duplicate activity");
                }
            }
            Record::FollowupCheck(f) => {
                let ok = self.jobs.get(f.job.as_str()) == Some(&f.course.to_string())
                    && f.done.is_none_or(|d| d <= as_of)
                    && !f.areas.is_empty();
                if !ok {
                    self.err(i, format!("followup {f:?}"));
                }
                if !self.other_ids.insert(("followup", f.id.to_string())) {
                    self.err(i, "duplicate followup");
                }
            }
            // The generator makes no version 1.1 records (`jobbvei demo` adds profiles in place).
            Record::Case(c) => self.err(i, format!("unexpected {} record", c.kind.name)),
        }
    }
}

pub fn check_all(records: &[Record], as_of: NaiveDate) {
    let mut c = Checker::new(as_of);
    for (i, r) in records.iter().enumerate() {
        c.check(i, r);
    }
    c.assert_clean();
}
