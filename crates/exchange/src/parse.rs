//! One line of text to one [`Record`]: JSON shape, required fields, codes, check digits
//! and the record's own cross-field rules. References are checked later, by the importer.

use jobbvei_domain::codelist::{PostalCode, StyrkCode};
use jobbvei_domain::organisation::{is_municipality_number, is_unit_number};
use jobbvei_domain::participant::BIRTH_YEARS;
use jobbvei_domain::*;
use serde_json::Value;

use crate::error::FieldError;
use crate::fields::{Fields, parse_date};
use crate::record::{Record, all_types};

/// Parses one line. `Ok(None)` for blank lines and `#` comments.
pub fn parse_line(line: &str) -> Result<Option<Record>, Vec<FieldError>> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(None);
    }
    let one = |field: &str, message: String| vec![FieldError { field: field.into(), message }];
    let map = match crate::strict::parse(trimmed) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(one("line", "must be a JSON object".into())),
        Err(message) => return Err(one("line", message)),
    };
    let mut f = Fields::new(map);
    let Some(kind) = f.req_str("type") else {
        return Err(f.errors);
    };
    let record = match kind.as_str() {
        "office" => office(&mut f),
        "team" => team(&mut f),
        "user" => user(&mut f),
        "employer" => employer(&mut f),
        "employer_contact" => contact(&mut f),
        "participant" => participant(&mut f),
        "referral" => referral(&mut f),
        "course" => course(&mut f),
        "phase" => phase(&mut f),
        "passive" => passive(&mut f),
        "activity" => activity(&mut f),
        "job" => job(&mut f),
        "education" => education(&mut f),
        "measure" => measure(&mut f),
        "followup_check" => followup(&mut f),
        other => match crate::casefile::case_type(other) {
            Some(kind) => crate::casefile::parse(kind, &mut f).map(Record::Case),
            None => {
                let shown = crate::fields::quoted(other);
                let expected: Vec<&str> = all_types().collect();
                return Err(one("type", format!("unknown type {shown}, expected one of {}", expected.join(", "))));
            }
        },
    };
    let mut errors = f.finish();
    match record {
        Some(r) if errors.is_empty() => {
            let problems = rule_problems(&r);
            if problems.is_empty() {
                return Ok(Some(r));
            }
            errors.extend(problems);
            Err(errors)
        }
        _ => Err(errors),
    }
}

/// The `type` and `id` a line declares, if they can be read even though the line is wrong.
pub fn declared_identity(line: &str) -> Option<(String, String)> {
    let v: Value = serde_json::from_str(line.trim()).ok()?;
    Some((v.get("type")?.as_str()?.to_owned(), v.get("id")?.as_str()?.to_owned()))
}

fn rule_problems(r: &Record) -> Vec<FieldError> {
    let problems = match r {
        Record::Referral(x) => x.check(),
        Record::Course(x) => x.check(),
        Record::Passive(x) => x.check(),
        Record::Activity(x) => x.check(),
        Record::Job(x) => x.check(),
        Record::Measure(x) => x.check(),
        Record::Education(x) => x.check(),
        _ => Vec::new(),
    };
    problems.into_iter().map(|p| FieldError { field: p.field.into(), message: p.message }).collect()
}

fn office(f: &mut Fields) -> Option<Record> {
    let id = f.req_parsed("id", "must be a NAV unit number of 4 digits", |s| {
        if is_unit_number(s) { ExtId::parse(s).ok() } else { None }
    });
    let name = f.req_str("name");
    Some(Record::Office(Office { id: id?, name: name? }))
}

fn team(f: &mut Fields) -> Option<Record> {
    let (id, office, name) = (f.req_id("id"), f.req_id("office"), f.req_str("name"));
    let method = f.req_code("method", Method::parse, Method::expected);
    Some(Record::Team(Team { id: id?, office: office?, name: name?, method: method? }))
}

fn user(f: &mut Fields) -> Option<Record> {
    let (id, name) = (f.req_id("id"), f.req_str("name"));
    let roles = match f.opt_list("roles") {
        None => {
            f.fail("roles", "is required");
            None
        }
        Some(items) => roles_from(f, &items),
    };
    let team = f.opt_id("team");
    let fte = match f.opt_f64("fte") {
        None => Some(Fte::FULL),
        Some(v) => Fte::new(v).or_else(|| {
            f.fail("fte", format!("must be more than 0 and at most 1, got {v}"));
            None
        }),
    };
    let username = f.opt_str("username");
    if username.as_deref().is_some_and(|u| u.trim().is_empty() || u.len() > 100) {
        f.fail("username", "must be 1–100 characters");
    }
    Some(Record::User(User { id: id?, name: name?, roles: roles?, team, fte: fte?, username }))
}

fn roles_from(f: &mut Fields, items: &[Value]) -> Option<Vec<Role>> {
    let mut roles = Vec::new();
    for item in items {
        match item.as_str().and_then(Role::parse) {
            Some(r) if !roles.contains(&r) => roles.push(r),
            Some(_) => {}
            None => {
                f.fail("roles", format!("each role must be one of {}, got {item}", Role::expected()));
                return None;
            }
        }
    }
    if roles.is_empty() {
        f.fail("roles", "must name at least one role");
        return None;
    }
    Some(roles)
}

fn employer(f: &mut Fields) -> Option<Record> {
    let id = f.req_id("id");
    let orgnr = f.req_parsed("orgnr", "must be an organisation number of 9 digits with a valid check digit", |s| {
        Orgnr::parse(s).ok()
    });
    let name = f.req_str("name");
    let municipality = f.opt_parsed("municipality", "must be a municipality number of 4 digits", |s| {
        is_municipality_number(s).then(|| s.to_owned())
    });
    let industry = f.opt_str("industry");
    let stage = f.opt_code("stage", EmployerStage::parse, EmployerStage::expected);
    let holder = f.opt_id("holder");
    Some(Record::Employer(Employer { id: id?, orgnr: orgnr?, name: name?, municipality, industry, stage, holder }))
}

fn contact(f: &mut Fields) -> Option<Record> {
    let (id, employer, name) = (f.req_id("id"), f.req_id("employer"), f.req_str("name"));
    let decision_maker = f.opt_bool("decision_maker");
    let (phone, email) = (f.opt_str("phone"), f.opt_str("email"));
    Some(Record::EmployerContact(EmployerContact {
        id: id?,
        employer: employer?,
        name: name?,
        decision_maker,
        phone,
        email,
    }))
}

fn participant(f: &mut Fields) -> Option<Record> {
    let (id, name) = (f.req_id("id"), f.req_str("name"));
    let fnr = f.req_str("fnr").and_then(|s| match Fnr::parse(&s) {
        Ok(fnr) => Some(fnr),
        // The number itself is personal data: it is never echoed into a message.
        Err(e) => {
            f.fail("fnr", format!("is not a valid fødselsnummer or d-nummer: {e}"));
            None
        }
    });
    let postal_code = f.opt_parsed("postal_code", "must be a Norwegian postal code", PostalCode::parse);
    let birth_year = f.opt_u32("birth_year").and_then(|y| {
        let y = i32::try_from(y).ok().filter(|y| BIRTH_YEARS.contains(y));
        if y.is_none() {
            f.fail("birth_year", "must be a year between 1900 and 2100");
        }
        y
    });
    let norwegian_level = f.opt_code("norwegian_level", NorwegianLevel::parse, NorwegianLevel::expected);
    let interpreter = f.opt_bool("interpreter");
    let veileder = f.opt_id("veileder");
    let confidential = f.opt_bool("confidential");
    Some(Record::Participant(Participant {
        id: id?,
        name: name?,
        fnr: fnr?,
        postal_code,
        birth_year,
        norwegian_level,
        interpreter,
        veileder,
        confidential,
    }))
}

fn referral(f: &mut Fields) -> Option<Record> {
    let (id, participant, veileder, team) =
        (f.req_id("id"), f.req_id("participant"), f.req_id("veileder"), f.req_id("team"));
    let sent = f.req_date("sent");
    let decision = f.opt_code("decision", ReferralDecision::parse, ReferralDecision::expected);
    let decided = f.opt_date("decided");
    let reason = f.opt_str("reason");
    Some(Record::Referral(Referral {
        id: id?,
        participant: participant?,
        veileder: veileder?,
        team: team?,
        sent: sent?,
        decision,
        decided,
        reason,
    }))
}

fn course(f: &mut Fields) -> Option<Record> {
    let (id, participant) = (f.req_id("id"), f.req_id("participant"));
    let method = f.req_code("method", Method::parse, Method::expected);
    let job_specialist = f.req_id("job_specialist");
    let start = f.req_date("start");
    let (referred, end) = (f.opt_date("referred"), f.opt_date("end"));
    let end_cause = f.opt_code("end_cause", EndCause::parse, EndCause::expected);
    let end_cause_detail = f.opt_str("end_cause_detail");
    Some(Record::Course(Course {
        id: id?,
        participant: participant?,
        method: method?,
        job_specialist: job_specialist?,
        start: start?,
        referred,
        end,
        end_cause,
        end_cause_detail,
    }))
}

fn phase(f: &mut Fields) -> Option<Record> {
    let course = f.req_id("course");
    let phase = f.req_code("phase", Phase::parse, Phase::expected);
    let from = f.req_date("from");
    Some(Record::Phase(PhaseEntry { course: course?, phase: phase?, from: from? }))
}

fn passive(f: &mut Fields) -> Option<Record> {
    let (course, from, to) = (f.req_id("course"), f.req_date("from"), f.opt_date("to"));
    let reason = f.opt_str("reason");
    Some(Record::Passive(PassivePeriod { course: course?, from: from?, to, reason }))
}

fn activity(f: &mut Fields) -> Option<Record> {
    let (id, user) = (f.req_id("id"), f.req_id("user"));
    let kind = f.req_code("kind", ActivityKind::parse, ActivityKind::expected);
    let start = f.req_instant("start");
    let minutes = f.req_u32("minutes");
    let status = f.req_code("status", ActivityStatus::parse, ActivityStatus::expected);
    let channel = f.opt_code("channel", Channel::parse, Channel::expected);
    let out_of_office = f.opt_bool("out_of_office");
    let (travel_to, travel_from) = (f.opt_u32("travel_to"), f.opt_u32("travel_from"));
    let (course, employer, employer_contact) = (f.opt_id("course"), f.opt_id("employer"), f.opt_id("employer_contact"));
    let decision_maker = f.opt_bool("decision_maker");
    let subcategory = f.opt_code("subcategory", Subcategory::parse, Subcategory::expected);
    let (place, note) = (f.opt_str("place"), f.opt_str("note"));
    Some(Record::Activity(Activity {
        id: id?,
        user: user?,
        kind: kind?,
        start: start?,
        minutes: minutes?,
        status: status?,
        channel,
        out_of_office,
        travel_to,
        travel_from,
        course,
        employer,
        employer_contact,
        decision_maker,
        subcategory,
        place,
        note,
    }))
}

fn job(f: &mut Fields) -> Option<Record> {
    let (id, course, employer) = (f.req_id("id"), f.req_id("course"), f.req_id("employer"));
    let form = f.req_code("form", JobForm::parse, JobForm::expected);
    let start = f.req_date("start");
    let title = f.opt_str("title");
    let styrk = f.opt_parsed("styrk", "must be a STYRK-08 code of 4 digits from the code list", StyrkCode::parse);
    let (paid, ordinary_terms) = (f.opt_bool("paid"), f.opt_bool("ordinary_terms"));
    let percent = match f.opt_list("percent") {
        None => Some(Vec::new()),
        Some(items) => percent_steps(f, &items),
    };
    let hours_per_week = f.opt_f64("hours_per_week");
    let (probation_end, planned_end, end) = (f.opt_date("probation_end"), f.opt_date("planned_end"), f.opt_date("end"));
    let ended_by = f.opt_code("ended_by", EndedBy::parse, EndedBy::expected);
    let end_reason = f.opt_str("end_reason");
    let extensions = f.opt_u32("extensions");
    Some(Record::Job(Job {
        id: id?,
        course: course?,
        employer: employer?,
        form: form?,
        start: start?,
        title,
        styrk,
        paid,
        ordinary_terms,
        percent: percent?,
        hours_per_week,
        probation_end,
        planned_end,
        end,
        ended_by,
        end_reason,
        extensions,
    }))
}

fn percent_steps(f: &mut Fields, items: &[Value]) -> Option<Vec<PercentStep>> {
    let mut steps = Vec::with_capacity(items.len());
    for item in items {
        let step = item.as_object().and_then(|o| {
            let from = parse_date(o.get("from")?.as_str()?)?;
            let percent = o.get("percent")?.as_f64()?;
            (o.len() == 2).then_some(PercentStep { from, percent })
        });
        match step {
            Some(s) => steps.push(s),
            None => {
                f.fail("percent", "each entry must be {\"from\": \"YYYY-MM-DD\", \"percent\": number}");
                return None;
            }
        }
    }
    Some(steps)
}

fn education(f: &mut Fields) -> Option<Record> {
    let (id, course, level, start) = (f.req_id("id"), f.req_id("course"), f.req_str("level"), f.req_date("start"));
    let status = f.opt_code("status", EducationStatus::parse, EducationStatus::expected);
    let (programme, institution, end) = (f.opt_str("programme"), f.opt_str("institution"), f.opt_date("end"));
    Some(Record::Education(Education {
        id: id?,
        course: course?,
        level: level?,
        start: start?,
        status,
        programme,
        institution,
        end,
    }))
}

fn measure(f: &mut Fields) -> Option<Record> {
    let (id, course) = (f.req_id("id"), f.req_id("course"));
    let kind = f.req_code("kind", MeasureKind::parse, MeasureKind::expected);
    let status = f.req_code("status", MeasureStatus::parse, MeasureStatus::expected);
    let job = f.opt_id("job");
    let (percent, hours, amount_nok) = (f.opt_f64("percent"), f.opt_f64("hours"), f.opt_f64("amount_nok"));
    let (from, to) = (f.opt_date("from"), f.opt_date("to"));
    let decided_by = f.opt_id("decided_by");
    let reason = f.opt_str("reason");
    Some(Record::Measure(Measure {
        id: id?,
        course: course?,
        kind: kind?,
        status: status?,
        job,
        percent,
        hours,
        amount_nok,
        from,
        to,
        decided_by,
        reason,
    }))
}

fn followup(f: &mut Fields) -> Option<Record> {
    let (id, course, job, due) = (f.req_id("id"), f.req_id("course"), f.req_id("job"), f.req_date("due"));
    let done = f.opt_date("done");
    let areas = match f.opt_list("areas") {
        None => Some(Vec::new()),
        Some(items) => {
            let parsed: Option<Vec<FollowupArea>> =
                items.iter().map(|v| v.as_str().and_then(FollowupArea::parse)).collect();
            if parsed.is_none() {
                f.fail("areas", format!("each area must be one of {}", FollowupArea::expected()));
            }
            parsed
        }
    };
    let note = f.opt_str("note");
    Some(Record::FollowupCheck(FollowupCheck {
        id: id?,
        course: course?,
        job: job?,
        due: due?,
        done,
        areas: areas?,
        note,
    }))
}
