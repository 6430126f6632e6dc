//! The records of version 1.0 for one participant: referral, courses with phases and
//! passive periods, jobs, education, measures, activities and follow-up checks.

use chrono::Duration;
use jobbvei_domain::Method;
use jobbvei_domain::bounds::{FIRST_DAY, LAST_DAY};
use serde_json::json;

use super::draw::{Gen, day};
use super::{Obj, Out, Person, World};

/// One participant with their referral, courses and everything under them; `rich` gives
/// them at least one course with a job, so that the records about those always occur.
pub(super) fn participant(g: &mut Gen, n: usize, rich: bool, w: &World, out: &mut Out) -> Person {
    let (users, teams) = (&w.users, &w.teams);
    let p = format!("p{n}");
    let mut person = Person { id: p.clone(), referral: None, courses: Vec::new(), jobs: Vec::new() };
    let birth_year = g.chance(60).then(|| *g.pick(&[1900, 2100, 1985, 1999]));
    out.lines.push(
        Obj::new("participant")
            .put("id", p.as_str())
            .put("name", g.text())
            .put("fnr", g.fnr(n))
            .opt("postal_code", g.chance(50).then(|| *g.pick(&["0473", "0010", "0001"])))
            .opt("birth_year", birth_year)
            .opt("norwegian_level", g.chance(50).then(|| *g.pick(&["ingen", "A1", "A2+", "B1", "B2+"])))
            .opt("interpreter", g.opt_bool())
            .opt("veileder", g.chance(50).then(|| g.pick(users).clone()))
            .opt("confidential", g.opt_bool())
            .line(),
    );
    if g.chance(50) {
        let r = format!("r{n}");
        person.referral = Some(r.clone());
        let sent = g.date();
        let decision = g.chance(70).then(|| *g.pick(&["akseptert", "avvist"]));
        let reason = if decision == Some("avvist") { Some(g.text()) } else { g.opt_text() };
        out.lines.push(
            Obj::new("referral")
                .put("id", r)
                .put("participant", p.as_str())
                .put("veileder", g.pick(users).as_str())
                .put("team", *g.pick(teams))
                .put("sent", day(sent))
                .opt("decision", decision)
                .opt("decided", decision.and_then(|_| g.opt_date_from(sent)).map(day))
                .opt("reason", reason)
                .line(),
        );
    }
    let courses = if rich { 1 + g.below(2) } else { g.below(3) };
    for k in 0..courses {
        let c = format!("c{n}-{k}");
        let method = *g.pick(&[Method::Se, Method::Uo, Method::Ips]);
        let start = g.date();
        let end = g.opt_date_from(start);
        let cause = end.and_then(|_| g.chance(70).then(|| *g.pick(&["arbeid", "utdanning", "annet"])));
        let detail = if cause == Some("annet") { Some(g.text()) } else { None };
        let referred = (g.chance(40) && start >= FIRST_DAY + Duration::days(30)).then(|| start - Duration::days(30));
        out.lines.push(
            Obj::new("course")
                .put("id", c.as_str())
                .put("participant", p.as_str())
                .put("method", method.code())
                .put("job_specialist", g.pick(users).as_str())
                .put("start", day(start))
                .opt("referred", referred.map(day))
                .opt("end", end.map(day))
                .opt("end_cause", cause)
                .opt("end_cause_detail", detail)
                .line(),
        );
        let mut from = start;
        for _ in 0..g.below(3) {
            let phase = g.pick(method.phases()).code();
            out.lines
                .push(Obj::new("phase").put("course", c.as_str()).put("phase", phase).put("from", day(from)).line());
            if from == LAST_DAY {
                break;
            }
            from = g.date_from(from + Duration::days(1));
        }
        if g.chance(30) {
            let from = g.date();
            out.lines.push(
                Obj::new("passive")
                    .put("course", c.as_str())
                    .put("from", day(from))
                    .opt("to", g.opt_date_from(from).map(day))
                    .opt("reason", g.opt_text())
                    .line(),
            );
        }
        let jobs = course_records(g, &c, rich, w, out);
        person.jobs.extend(jobs);
        person.courses.push(c);
    }
    person
}

/// A course's jobs, education, measure, activities and follow-up check; its jobs' ids.
fn course_records(g: &mut Gen, c: &str, rich: bool, w: &World, out: &mut Out) -> Vec<String> {
    let (users, employers, contacts) = (&w.users, &w.employers, &w.contacts);
    let mut jobs = Vec::new();
    let count = if rich { 1 + g.below(2) } else { g.below(3) };
    for k in 0..count {
        let j = format!("j-{c}-{k}");
        let form =
            *g.pick(&["jobbsmak", "arbeidstrening", "tilkalling", "tidsbegrenset", "fast", "laerling", "selvstendig"]);
        let unpaid = form == "jobbsmak" || form == "arbeidstrening";
        let start = g.date();
        let mut steps = Vec::new();
        let mut from = start;
        for _ in 0..g.below(4) {
            steps.push(json!({"from": day(from), "percent": *g.pick(&[0.0, 20.0, 33.3, 50.0, 100.0])}));
            if from == LAST_DAY {
                break;
            }
            from = g.date_from(from + Duration::days(1));
        }
        let end = g.opt_date_from(start);
        let paid = if unpaid { g.chance(50).then_some(false) } else { g.opt_bool() };
        out.lines.push(
            Obj::new("job")
                .put("id", j.as_str())
                .put("course", c)
                .put("employer", g.pick(employers).as_str())
                .put("form", form)
                .put("start", day(start))
                .opt("title", g.opt_text())
                .opt("styrk", g.chance(50).then(|| *g.pick(&["7512", "0110", "0210"])))
                .opt("paid", paid)
                .opt("ordinary_terms", g.opt_bool())
                .opt("percent", (!steps.is_empty()).then_some(steps))
                .opt("hours_per_week", g.chance(50).then(|| *g.pick(&[0.0, 37.5, 100.0, 7.25])))
                .opt("probation_end", g.opt_date_from(start).map(day))
                .opt("planned_end", g.opt_date_from(start).map(day))
                .opt("end", end.map(day))
                .opt("ended_by", end.and_then(|_| g.chance(50).then(|| *g.pick(&["arbeidstaker", "utlopt"]))))
                .opt("end_reason", g.opt_text())
                .opt("extensions", g.chance(30).then(|| g.below(5) as u64))
                .line(),
        );
        jobs.push(j);
    }
    if g.chance(40) {
        let start = g.date();
        out.lines.push(
            Obj::new("education")
                .put("id", format!("u-{c}"))
                .put("course", c)
                .put("level", g.text())
                .put("start", day(start))
                .opt("status", g.chance(50).then(|| *g.pick(&["planlagt", "pagar", "fullfort", "avbrutt", "sokt"])))
                .opt("programme", g.opt_text())
                .opt("institution", g.opt_text())
                .opt("end", g.opt_date_from(start).map(day))
                .line(),
        );
    }
    if g.chance(40) {
        let status = *g.pick(&["utkast", "sendt_veileder", "innvilget", "avslatt", "aktiv", "avsluttet"]);
        let from = g.chance(60).then(|| g.date());
        out.lines.push(
            Obj::new("measure")
                .put("id", format!("m-{c}"))
                .put("course", c)
                .put(
                    "kind",
                    *g.pick(&[
                        "lonnstilskudd_midlertidig",
                        "mentortilskudd",
                        "inkluderingstilskudd",
                        "kurs_opplaering",
                    ]),
                )
                .put("status", status)
                .opt("job", (!jobs.is_empty() && g.chance(50)).then(|| g.pick(&jobs).clone()))
                .opt("percent", g.chance(50).then(|| *g.pick(&[0.0, 40.0, 67.5, 100.0])))
                .opt("hours", g.chance(50).then(|| *g.pick(&[0.0, 12.5, 1000.0])))
                .opt("amount_nok", g.chance(50).then(|| *g.pick(&[0.0, 12500.5, 1_000_000.0])))
                .opt("from", from.map(day))
                .opt("to", from.and_then(|f| g.opt_date_from(f)).map(day))
                .opt("decided_by", g.chance(50).then(|| g.pick(users).clone()))
                .opt("reason", if status == "avslatt" { Some(g.text()) } else { g.opt_text() })
                .line(),
        );
    }
    for k in 0..g.below(4) {
        let (employer, contact) = match g.below(3) {
            0 => (None, None),
            1 => {
                let (k, e) = g.pick(contacts).clone();
                (Some(e), Some(k))
            }
            _ => (Some(g.pick(employers).clone()), None),
        };
        out.tail.push(
            Obj::new("activity")
                .put("id", format!("a-{c}-{k}"))
                .put("user", g.pick(users).as_str())
                .put(
                    "kind",
                    *g.pick(&["deltakermote", "arbeidsgivermote", "trekantsamtale", "telefon_sms_epost", "annet"]),
                )
                .put("start", g.instant())
                .put("minutes", *g.pick(&[0, 1, 45, 1440]))
                .put("status", *g.pick(&["planlagt", "gjennomfort", "deltaker_uteble", "avlyst"]))
                .opt("channel", g.chance(60).then(|| *g.pick(&["fysisk", "digital", "telefon"])))
                .opt("out_of_office", g.opt_bool())
                .opt("travel_to", g.chance(40).then(|| *g.pick(&[0, 15, 1440])))
                .opt("travel_from", g.chance(40).then(|| *g.pick(&[0, 20])))
                .opt("course", g.chance(70).then_some(c))
                .opt("employer", employer)
                .opt("employer_contact", contact)
                .opt("decision_maker", g.opt_bool())
                .opt(
                    "subcategory",
                    g.chance(50).then(|| *g.pick(&["jobbutvikling", "relasjonsbygging", "jobbstotte", "oppfolging"])),
                )
                .opt("place", g.opt_text())
                .opt("note", g.opt_text())
                .line(),
        );
    }
    if let Some(job) = jobs.first().filter(|_| g.chance(50)) {
        let due = g.date();
        let areas: Vec<&str> =
            ["stillingsprosent", "helse", "bolig", "karriere"].into_iter().filter(|_| g.chance(50)).collect();
        out.lines.push(
            Obj::new("followup_check")
                .put("id", format!("f-{c}"))
                .put("course", c)
                .put("job", job.as_str())
                .put("due", day(due))
                .opt("done", g.opt_date_from(due).map(day))
                .put("areas", areas)
                .opt("note", g.opt_text())
                .line(),
        );
    }
    jobs
}
