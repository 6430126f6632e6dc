//! The activity log, generated week by week and emitted as it goes, so that even the
//! national scale never holds more than one week of one course in memory.

use chrono::NaiveDate;
use jobbvei_domain::time::oslo_instant;
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Channel, ExtId, Method, Subcategory};

use super::jobs::{JobPlan, pick_employer};
use super::meeting::{
    Act, PARTICIPANT_PLACES, Week, contact, decision_maker, employer_meeting, season, simple, three_party,
};
use super::organisation::Org;
use super::rng::Rng;
use super::texts::ACTIVITY_NOTES;
use super::{Gen, add_days, is_working_day, monday_of, next_id, stream};
use crate::record::Record;

/// What the activity generator needs to know of a course.
pub struct CourseView<'a> {
    pub id: &'a ExtId,
    pub js: usize,
    pub method: Method,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub passive: Option<(NaiveDate, Option<NaiveDate>)>,
    pub jobs: &'a [JobPlan],
}

fn course_act(rng: &mut Rng, org: &Org, v: &CourseView, week: Week, job: Option<&JobPlan>) -> Option<Act> {
    let mid = week.lo;
    // IPS teams work integrated with health services, so they meet the network more often.
    let network = if v.method == Method::Ips { 10 } else { 5 };
    // Participant meeting, employer meeting, phone/SMS/e-mail, network, three-party, other.
    let weights: [u32; 6] = if job.is_some() { [30, 30, 25, 5, 4, 6] } else { [34, 28, 22, network, 3, 6] };
    let job_employer = |rng: &mut Rng| -> Option<(usize, Subcategory)> {
        match job {
            Some(j) => {
                Some((j.employer, if rng.chance(0.5) { Subcategory::JobSupport } else { Subcategory::FollowUp }))
            }
            None => {
                // Job development often leads to the employer who hires next.
                let upcoming = v.jobs.iter().find(|j| j.start > mid && (j.start - mid).num_days() <= 60);
                let employer = match upcoming {
                    Some(j) if rng.chance(0.5) => Some(j.employer),
                    _ => pick_employer(rng, org, v.js),
                }?;
                let sub = if rng.chance(0.7) { Subcategory::JobDevelopment } else { Subcategory::RelationshipBuilding };
                Some((employer, sub))
            }
        }
    };
    match rng.weighted(&weights) {
        0 => {
            let channel = rng.weighted_pick(
                &[(75, Channel::Physical), (12, Channel::Digital), (13, Channel::Phone)],
                Channel::Physical,
            );
            let place = (channel == Channel::Physical).then(|| {
                if job.is_some() && rng.chance(0.15) {
                    ("Arbeidsplassen", true)
                } else {
                    rng.weighted_pick(PARTICIPANT_PLACES, ("NAV-kontoret", false))
                }
            });
            simple(rng, week, ActivityKind::ParticipantMeeting, channel, place, 30, 90)
        }
        1 => {
            let (employer, sub) = job_employer(rng)?;
            employer_meeting(rng, org, week, employer, sub)
        }
        2 => {
            let mut act = simple(rng, week, ActivityKind::PhoneSmsEmail, Channel::Phone, None, 15, 30)?;
            if rng.chance(0.2)
                && let Some((employer, sub)) = job_employer(rng)
            {
                act.employer = contact(rng, org, employer);
                act.subcategory = Some(sub);
            }
            Some(act)
        }
        3 => {
            let physical = rng.chance(0.65);
            let place = rng.pick_or(&["Kommunehuset", "Helsehuset"], "Kommunehuset");
            let channel = if physical { Channel::Physical } else { Channel::Digital };
            simple(rng, week, ActivityKind::NetworkMeeting, channel, physical.then_some((place, true)), 45, 90)
        }
        4 => three_party(rng, week),
        _ => simple(rng, week, ActivityKind::Other, Channel::Physical, Some(("NAV-kontoret", false)), 15, 120),
    }
}

pub fn course_activities(g: &mut Gen, rng: &mut Rng, v: &CourseView) {
    let org = g.org;
    let Some(info) = org.js.get(v.js) else { return };
    let last = v.end.unwrap_or(add_days(g.as_of, 14));
    let ips_factor = if v.method == Method::Ips { 1.05 } else { 1.0 };
    let mut batch = Vec::new();
    let mut monday = monday_of(v.start);
    let mut first = true;
    while monday <= last {
        let lo = monday.max(v.start);
        let hi = add_days(monday, 4).min(last);
        let sat = add_days(monday, 5);
        let week = Week { lo, hi, saturday: (sat <= last && sat >= v.start).then_some(sat) };
        if lo <= hi {
            if first {
                // The course opens with the three-party intake meeting.
                batch.extend(three_party(rng, Week { saturday: None, ..week }));
                first = false;
            }
            let mid = add_days(lo, (hi - lo).num_days() / 2);
            let passive = v.passive.is_some_and(|(f, t)| f <= mid && t.is_none_or(|t| t >= mid));
            let job = v.jobs.iter().find(|j| j.covers(mid));
            let base = if passive {
                0.4
            } else if job.is_some() {
                1.4
            } else {
                1.8
            };
            for _ in 0..rng.round_random(base * season(monday) * ips_factor) {
                let act = if passive {
                    // Outreach while passive: calls and messages, not meetings.
                    simple(rng, week, ActivityKind::PhoneSmsEmail, Channel::Phone, None, 15, 30)
                } else {
                    course_act(rng, org, v, week, job)
                };
                batch.extend(act);
            }
            batch.sort_by_key(|a| (a.date, a.minute_of_day));
            for act in batch.drain(..) {
                finish(g, rng, &info.user, Some(v.id), act);
            }
        }
        monday = add_days(monday, 7);
    }
}

/// A job specialist's own employer work (no participant) and the weekly team meeting.
pub fn js_activities(g: &mut Gen, js: usize) {
    let org = g.org;
    let Some(info) = org.js.get(js) else { return };
    let mut rng = Rng::derive(g.seed, stream::JS_WORK, js as u64);
    let meeting_day = 1 + (info.team % 3) as i64;
    let meeting_minute = if info.team % 2 == 0 { 9 * 60 } else { 13 * 60 };
    let last = add_days(g.as_of, 14);
    let mut monday = monday_of(g.history_start);
    let mut batch = Vec::new();
    while monday <= last {
        let lo = monday.max(g.history_start);
        let hi = add_days(monday, 4).min(last);
        let factor = season(monday);
        let week = Week { lo, hi, saturday: None };
        let day = add_days(monday, meeting_day);
        if factor >= 1.0 && day >= lo && day <= hi && is_working_day(day) {
            batch.push(Act {
                kind: ActivityKind::TeamMeeting,
                date: day,
                minute_of_day: meeting_minute,
                minutes: 90,
                channel: Channel::Physical,
                out_of_office: false,
                place: Some("NAV-kontoret"),
                employer: None,
                subcategory: None,
                participant: false,
            });
        }
        for _ in 0..rng.round_random(1.5 * info.fte * factor) {
            let Some(employer) = pick_employer(&mut rng, org, js) else {
                continue;
            };
            let sub = if rng.chance(0.6) { Subcategory::JobDevelopment } else { Subcategory::RelationshipBuilding };
            batch.extend(employer_meeting(&mut rng, org, week, employer, sub));
        }
        for _ in 0..rng.round_random(0.4 * info.fte * factor) {
            let Some(employer) = pick_employer(&mut rng, org, js) else {
                continue;
            };
            if let Some(mut act) = simple(&mut rng, week, ActivityKind::PhoneSmsEmail, Channel::Phone, None, 15, 30) {
                act.employer = contact(&mut rng, org, employer);
                act.subcategory = Some(Subcategory::RelationshipBuilding);
                batch.push(act);
            }
        }
        batch.sort_by_key(|a| (a.date, a.minute_of_day));
        for act in batch.drain(..) {
            finish(g, &mut rng, &info.user, None, act);
        }
        monday = add_days(monday, 7);
    }
}

fn finish(g: &mut Gen, rng: &mut Rng, user: &ExtId, course: Option<&ExtId>, a: Act) {
    let Some(start) = oslo_instant(a.date, a.minute_of_day / 60, a.minute_of_day % 60) else {
        return;
    };
    let status = if a.date > g.as_of {
        ActivityStatus::Planned
    } else {
        let r = rng.unit();
        if r < 0.05 {
            ActivityStatus::Cancelled
        } else if a.participant && r < 0.10 {
            ActivityStatus::ParticipantNoShow
        } else {
            ActivityStatus::Done
        }
    };
    let travel = a.out_of_office.then(|| (rng.range(5, 45) as u32, rng.range(5, 45) as u32));
    let note = (status.is_done() && rng.chance(0.03)).then(|| rng.pick_or(ACTIVITY_NOTES, "Avtalt ny tid").to_string());
    let org = g.org;
    let (employer, contact, dm) = match a.employer {
        Some((e, c)) => {
            (org.employers.get(e).map(|x| x.id.clone()), org.contacts.get(c).cloned(), decision_maker(org, e, c))
        }
        None => (None, None, None),
    };
    let id = next_id(&mut g.next.activity, "a");
    g.emit(Record::Activity(Activity {
        id,
        user: user.clone(),
        kind: a.kind,
        start,
        minutes: a.minutes,
        status,
        channel: Some(a.channel),
        out_of_office: Some(a.out_of_office),
        travel_to: travel.map(|t| t.0),
        travel_from: travel.map(|t| t.1),
        course: course.cloned(),
        employer,
        employer_contact: contact,
        decision_maker: dm,
        subcategory: a.subcategory,
        place: a.place.map(str::to_string),
        note,
    }));
}
