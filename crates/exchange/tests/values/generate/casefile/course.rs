//! The records of version 1.1 about one course: cooperation agreement, passive plans,
//! outreach attempts, interval reports and the handover plan.

use chrono::Duration;
use jobbvei_domain::OutreachWay;
use jobbvei_domain::bounds::LAST_DAY;

use super::super::draw::{Gen, day, longest_id};
use super::super::{Obj, Out, World};
use super::twice;

pub(super) fn records(g: &mut Gen, c: &str, rich: bool, w: &World, out: &mut Out) {
    let want = |g: &mut Gen, percent| rich || g.chance(percent);
    let user = |g: &mut Gen| g.pick(&w.users).clone();
    if want(g, 40) {
        cooperation_agreement(g, c, w, out);
    }
    if want(g, 30) {
        // One or two planned reactivations, from consecutive days when there are two.
        let first = g.date();
        let second = (first < LAST_DAY && g.chance(30)).then(|| first + Duration::days(1));
        for from in std::iter::once(first).chain(second) {
            twice(g, out, |g| {
                Obj::new("passive_plan")
                    .put("course", c)
                    .put("from", day(from))
                    .put("planned_to", day(g.date_from(from)))
                    .line()
            });
        }
    }
    for k in 0..if rich { 2 } else { g.below(3) } {
        let base = format!("o-{c}-{k}");
        let id = if rich && k == 1 { longest_id(&base) } else { g.id(&base) };
        twice(g, out, |g| {
            Obj::new("outreach_attempt")
                .put("id", id.as_str())
                .put("course", c)
                .put("tried_on", day(g.date()))
                .put("way", g.pick(OutreachWay::ALL).code())
                .put("reached", g.bool())
                .put("user", user(g))
                .put("created_at", g.instant())
                .line()
        });
    }
    let numbers = if rich { vec![u64::from(u32::MAX), 10, 2, 0] } else { g.numbers(3) };
    for number in numbers {
        twice(g, out, |g| {
            let shared = g.chance(50);
            Obj::new("interval_report")
                .put("course", c)
                .put("number", number)
                .opt("summary", g.any_text())
                .opt("next_steps", g.any_text())
                .put("updated_by", user(g))
                .put("updated_at", g.instant())
                .opt("shared_by", shared.then(|| user(g)))
                .opt("shared_at", shared.then(|| g.instant()))
                .line()
        });
    }
    if want(g, 40) {
        twice(g, out, |g| {
            Obj::new("handover_plan")
                .put("course", c)
                .opt("follow_up_by", g.any_text())
                .opt("agreed", g.any_text())
                .put("veileder_told", g.bool())
                .put("created_by", user(g))
                .put("created_at", g.instant())
                .line()
        });
    }
}

fn cooperation_agreement(g: &mut Gen, c: &str, w: &World, out: &mut Out) {
    let id = g.id(&format!("ca-{c}"));
    let user = |g: &mut Gen| g.pick(&w.users).clone();
    // A list may be left out, given empty or given with items.
    let list = |g: &mut Gen| g.chance(70).then(|| g.items());
    twice(g, out, |g| {
        let interpreter = g.bool();
        Obj::new("cooperation_agreement")
            .put("id", id.as_str())
            .put("course", c)
            .put("job_specialist", user(g))
            .opt("veileder", g.chance(60).then(|| user(g)))
            .put("meeting_date", day(g.date()))
            .opt("took_part", list(g))
            .opt("others", g.any_text())
            .put("consent_employers", g.bool())
            .put("consent_contacts", g.bool())
            .opt("contacts", g.any_text())
            .opt("roles_job_specialist", list(g))
            .opt("roles_job_specialist_text", g.any_text())
            .opt("roles_veileder", list(g))
            .opt("roles_veileder_text", g.any_text())
            .opt("roles_participant", list(g))
            .opt("roles_participant_text", g.any_text())
            .put("interpreter_used", interpreter)
            .opt("interpreter_language", interpreter.then(|| g.any_text()).flatten())
            .opt("reach_channel", g.any_text())
            .opt("reach_note", g.any_text())
            .put("meta_offered", g.bool())
            .opt("meta_frequency", g.any_text())
            .opt("meta_channel", g.any_text())
            .opt("meta_disagreement", g.any_text())
            .put("created_by", user(g))
            .put("created_at", g.instant())
            .put("updated_by", user(g))
            .put("updated_at", g.instant())
            .line()
    });
}
