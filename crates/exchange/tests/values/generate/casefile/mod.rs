//! The records of version 1.1 about one participant (docs/exchange-format.md, "Version
//! 1.1"): registration, contact details, profile versions, disclosure plan, support needs,
//! plan items, referral details, and through `course` the records of their courses and jobs.
//! Some records come twice with other values, as an update later in the same file.

mod course;

use jobbvei_domain::StyrkCode;
use jobbvei_domain::profile::{PlanOwner, PlanStatus, SupportNeed};

use super::draw::{Gen, day, longest_id, longest_text};
use super::{Obj, Out, Person, World};

/// The profile's text fields, in the format's order.
const PROFILE_TEXTS: [&str; 16] = [
    "industries",
    "tasks",
    "hours",
    "work_environment",
    "geography",
    "driving_licence",
    "education",
    "work_history",
    "interests",
    "strengths",
    "health_considerations",
    "warning_signs",
    "coping",
    "network",
    "benefits_planning",
    "facilitation",
];

/// Every version 1.1 record about `p`. With `rich`, every type occurs, and the edges
/// (the longest id and text, the largest version) are certainly there.
pub(super) fn person(g: &mut Gen, p: &Person, rich: bool, w: &World, out: &mut Out) {
    let want = |g: &mut Gen, percent| rich || g.chance(percent);
    let user = |g: &mut Gen| g.pick(&w.users).clone();
    let pid = p.id.as_str();
    if want(g, 70) {
        twice(g, out, |g| {
            Obj::new("participant_registration")
                .put("participant", pid)
                .put("registered_by", user(g))
                .put("registered_at", g.instant())
                .line()
        });
    }
    if want(g, 50) {
        twice(g, out, |g| {
            Obj::new("participant_contact")
                .put("participant", pid)
                .opt("phone", g.any_text())
                .opt("email", g.any_text())
                .opt("interpreter_language", g.any_text())
                .put("updated_at", g.instant())
                .put("updated_by", user(g))
                .line()
        });
    }
    // Versions 2 and 10 (10 comes after 2), 0 and the largest whole number the format takes.
    let versions = if rich { vec![10, 2, u64::from(u32::MAX), 0] } else { g.numbers(3) };
    for (i, version) in versions.into_iter().enumerate() {
        let mut o = Obj::new("vocational_profile")
            .put("participant", pid)
            .put("version", version)
            .put("created_at", g.instant())
            .put("created_by", user(g));
        if g.chance(70) {
            let all = StyrkCode::all();
            let codes: Vec<&str> = (0..g.below(4)).map(|_| all[g.below(all.len())].code).collect();
            o = o.put("wanted_styrk", codes);
        }
        for (k, field) in PROFILE_TEXTS.into_iter().enumerate() {
            let text = if rich && i == 0 && k == 7 { Some(longest_text(0)) } else { g.any_text() };
            o = o.opt(field, text);
        }
        out.lines.push(o.line());
    }
    if want(g, 50) {
        twice(g, out, |g| {
            Obj::new("disclosure_plan")
                .put("participant", pid)
                .opt("may_tell", g.any_text())
                .opt("must_not_tell", g.any_text())
                .put("employer_contact_consent", g.bool())
                .opt("network_contacts", g.any_text())
                .put("updated_at", g.instant())
                .put("updated_by", user(g))
                .line()
        });
    }
    let needs = if rich { 2 } else { g.below(3) };
    for k in 0..needs {
        let base = format!("sn-{pid}-{k}");
        let id = if rich && k == 0 { longest_id(&base) } else { g.id(&base) };
        twice(g, out, |g| {
            let need = *g.pick(SupportNeed::ALL);
            let from = g.date();
            Obj::new("support_need")
                .put("id", id.as_str())
                .put("participant", pid)
                .put("level", need.level().code())
                .put("need", need.code())
                .put("from", day(from))
                .opt("to", g.opt_date_from(from).map(day))
                .opt("given_by", g.any_text())
                .line()
        });
    }
    plan(g, p, rich, out);
    if want(g, 50) {
        referral_detail(g, p, w, out);
    }
    for c in &p.courses {
        course::records(g, c, rich, w, out);
    }
    for job in &p.jobs {
        if want(g, 40) {
            twice(g, out, |g| {
                Obj::new("placement_purpose")
                    .put("job", job.as_str())
                    .opt("purpose", g.any_text())
                    .put("updated_at", g.instant())
                    .put("updated_by", user(g))
                    .line()
            });
        }
    }
}

/// Goals, sub-goals under them and activities under those. A rich participant's first goal
/// has an id that sorts after its sub-goals' (bytewise "Ø" comes after "p"), so an export
/// must put parents first by depth rather than by id.
fn plan(g: &mut Gen, p: &Person, rich: bool, out: &mut Out) {
    let pid = p.id.as_str();
    let goals = if rich { 2 } else { g.below(3) };
    for k in 0..goals {
        let base = format!("pl-{pid}-{k}");
        let goal = if rich && k == 0 { format!("Ø {base}") } else { g.id(&base) };
        plan_item(g, &goal, pid, None, "mal", out);
        for s in 0..if rich { 2 } else { g.below(3) } {
            let sub = g.id(&format!("pl-{pid}-{k}-{s}"));
            plan_item(g, &sub, pid, Some(&goal), "delmal", out);
            for a in 0..g.below(3) {
                let activity = g.id(&format!("pl-{pid}-{k}-{s}-{a}"));
                plan_item(g, &activity, pid, Some(&sub), "aktivitet", out);
            }
        }
    }
    if g.chance(30) {
        let loose = g.id(&format!("pl-{pid}-løs"));
        plan_item(g, &loose, pid, None, "aktivitet", out);
    }
}

fn plan_item(g: &mut Gen, id: &str, participant: &str, parent: Option<&str>, kind: &str, out: &mut Out) {
    twice(g, out, |g| {
        Obj::new("plan_item")
            .put("id", id)
            .put("participant", participant)
            .opt("parent", parent)
            .put("kind", kind)
            .opt("text", g.any_text())
            .put("owner", g.pick(PlanOwner::ALL).code())
            .opt("deadline", g.chance(50).then(|| day(g.date())))
            .put("status", g.pick(PlanStatus::ALL).code())
            .line()
    });
}

/// The details of the participant's referral, or of a draft that never became one.
fn referral_detail(g: &mut Gen, p: &Person, w: &World, out: &mut Out) {
    let id = match &p.referral {
        Some(r) => r.clone(),
        None => g.id(&format!("rd-{}", p.id)),
    };
    twice(g, out, |g| {
        Obj::new("referral_detail")
            .put("id", id.as_str())
            .put("participant", p.id.as_str())
            .put("veileder", g.pick(&w.users).as_str())
            .put("team", *g.pick(&w.teams))
            .opt("why_now", g.any_text())
            .opt("wish", g.any_text())
            .opt("support_needs", g.any_text())
            .opt("preferred_method", g.any_text())
            .opt("consulted_at", g.opt_instant())
            .opt("decision_text", g.any_text())
            .opt("course", (!p.courses.is_empty() && g.chance(60)).then(|| g.pick(&p.courses).clone()))
            .put("created_at", g.instant())
            .put("updated_at", g.instant())
            .line()
    });
}

/// Writes a record, and one time in ten the same record again with other values: an update
/// later in the same file, which must win.
fn twice(g: &mut Gen, out: &mut Out, mut line: impl FnMut(&mut Gen) -> String) {
    out.lines.push(line(g));
    if g.chance(10) {
        out.lines.push(line(g));
    }
}
