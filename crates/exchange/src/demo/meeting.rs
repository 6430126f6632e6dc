//! Single activities: when they happen, where, with whom.

use chrono::{Datelike, NaiveDate};
use jobbvei_domain::{ActivityKind, Channel, Subcategory};

use super::organisation::Org;
use super::rng::Rng;
use super::{add_days, is_working_day};

/// An activity before it gets its id, instant and status.
pub struct Act {
    pub kind: ActivityKind,
    pub date: NaiveDate,
    pub minute_of_day: u32,
    pub minutes: u32,
    pub channel: Channel,
    pub out_of_office: bool,
    pub place: Option<&'static str>,
    /// (employer, contact) by index into [`Org`].
    pub employer: Option<(usize, usize)>,
    pub subcategory: Option<Subcategory>,
    /// The participant was to take part, so they can fail to turn up.
    pub participant: bool,
}

/// Fewer meetings in the summer holiday and around Christmas.
pub fn season(monday: NaiveDate) -> f64 {
    match monday.iso_week().week() {
        28..=31 => 0.35,
        52 | 53 | 1 => 0.4,
        _ => 1.0,
    }
}

/// The days of one week an activity may fall on.
#[derive(Clone, Copy)]
pub struct Week {
    pub lo: NaiveDate,
    pub hi: NaiveDate,
    /// The Saturday, when the week's range allows it; a very few activities fall there.
    pub saturday: Option<NaiveDate>,
}

/// A working day in the week and a time of day, mostly within 08:00–16:00.
pub fn when(rng: &mut Rng, week: Week, minutes: u32) -> Option<(NaiveDate, u32)> {
    let date = match week.saturday {
        Some(sat) if rng.chance(0.003) => sat,
        _ => {
            let span = (week.hi - week.lo).num_days();
            let mut days = [week.lo; 5];
            let mut n = 0;
            for i in 0..=span.min(4) {
                let d = add_days(week.lo, i);
                if is_working_day(d)
                    && let Some(slot) = days.get_mut(n)
                {
                    *slot = d;
                    n += 1;
                }
            }
            *days.get(..n)?.get(rng.index(n))?
        }
    };
    let minute = if rng.chance(0.007) {
        16 * 60 + 30 + 15 * rng.below(9) as u32
    } else {
        let latest = (16 * 60u32).saturating_sub(minutes).max(8 * 60);
        8 * 60 + 15 * rng.below(u64::from((latest - 8 * 60) / 15 + 1)) as u32
    };
    Some((date, minute))
}

pub fn minutes(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    lo + 15 * rng.below(u64::from(hi.saturating_sub(lo) / 15 + 1)) as u32
}

pub fn contact(rng: &mut Rng, org: &Org, employer: usize) -> Option<(usize, usize)> {
    let e = org.employers.get(employer)?;
    let c = if e.contacts <= 1 || rng.chance(0.65) { 0 } else { 1 + rng.index(e.contacts - 1) };
    Some((employer, e.first_contact + c))
}

pub fn decision_maker(org: &Org, employer: usize, contact: usize) -> Option<bool> {
    let e = org.employers.get(employer)?;
    let bit = contact.checked_sub(e.first_contact)?;
    Some(1u8.checked_shl(u32::try_from(bit).ok()?).is_some_and(|m| e.decision_makers & m != 0))
}

/// An employer meeting: mostly at the workplace, some digital, a few by phone.
pub fn employer_meeting(rng: &mut Rng, org: &Org, week: Week, employer: usize, sub: Subcategory) -> Option<Act> {
    let channel =
        rng.weighted_pick(&[(78, Channel::Physical), (18, Channel::Digital), (4, Channel::Phone)], Channel::Physical);
    let at_office = channel == Channel::Physical && rng.chance(0.08);
    let place = (channel == Channel::Physical).then_some(if at_office { "NAV-kontoret" } else { "Hos arbeidsgiver" });
    let minutes = minutes(rng, 30, 90);
    let (date, minute_of_day) = when(rng, week, minutes)?;
    Some(Act {
        kind: ActivityKind::EmployerMeeting,
        date,
        minute_of_day,
        minutes,
        channel,
        out_of_office: channel == Channel::Physical && !at_office,
        place,
        employer: contact(rng, org, employer),
        subcategory: Some(sub),
        participant: false,
    })
}

/// An activity without an employer; `place` is (place, whether it is out of the office).
pub fn simple(
    rng: &mut Rng,
    week: Week,
    kind: ActivityKind,
    channel: Channel,
    place: Option<(&'static str, bool)>,
    lo: u32,
    hi: u32,
) -> Option<Act> {
    let minutes = minutes(rng, lo, hi);
    let (date, minute_of_day) = when(rng, week, minutes)?;
    Some(Act {
        kind,
        date,
        minute_of_day,
        minutes,
        channel,
        out_of_office: place.is_some_and(|(_, out)| out),
        place: place.map(|(p, _)| p),
        employer: None,
        subcategory: None,
        participant: matches!(kind, ActivityKind::ParticipantMeeting | ActivityKind::ThreePartyMeeting),
    })
}

pub const PARTICIPANT_PLACES: &[(u32, (&str, bool))] = &[
    (30, ("NAV-kontoret", false)),
    (25, ("Kafé", true)),
    (10, ("Biblioteket", true)),
    (10, ("Ute på tur", true)),
    (10, ("Hjemme hos deltaker", true)),
];

/// Three-party meetings include the veileder, so they are mostly held at the NAV office.
pub fn three_party(rng: &mut Rng, week: Week) -> Option<Act> {
    if rng.chance(0.85) {
        simple(rng, week, ActivityKind::ThreePartyMeeting, Channel::Physical, Some(("NAV-kontoret", false)), 45, 90)
    } else {
        simple(rng, week, ActivityKind::ThreePartyMeeting, Channel::Digital, None, 45, 90)
    }
}
