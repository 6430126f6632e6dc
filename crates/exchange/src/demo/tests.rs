use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use jobbvei_domain::{ActivityKind, Channel, JobForm, Role};

use super::checker::{Checker, check_all};
use super::*;
use crate::record::Record;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 14).unwrap()
}

fn spec(scale: Scale, seed: u64) -> DemoSpec {
    DemoSpec { scale, seed, as_of: as_of() }
}

fn collect(spec: &DemoSpec) -> Vec<Record> {
    let mut out = Vec::new();
    generate(spec, &mut |r| out.push(r));
    out
}

fn counts(records: &[Record]) -> BTreeMap<&'static str, usize> {
    let mut c = BTreeMap::new();
    for r in records {
        *c.entry(r.type_name()).or_insert(0) += 1;
    }
    c
}

#[test]
fn small_scale_is_valid_and_sized() {
    let records = collect(&spec(Scale::Small, 42));
    let c = counts(&records);
    println!("small: {c:?}");
    assert_eq!(c.get("office"), Some(&1));
    assert_eq!(c.get("team"), Some(&1));
    assert_eq!(c.get("participant"), Some(&80));
    let js = records.iter().filter(|r| matches!(r, Record::User(u) if u.roles.contains(&Role::JobSpecialist))).count();
    assert_eq!(js, 5);
    check_all(&records, as_of());

    let open: Vec<_> = records.iter().filter(|r| matches!(r, Record::Course(c) if c.end.is_none())).collect();
    assert!((60..=100).contains(&open.len()), "open courses {}", open.len());
    // Working hours: Monday–Friday, 08:00–16:00 Oslo, with very few exceptions.
    let acts: Vec<_> =
        records.iter().filter_map(|r| if let Record::Activity(a) = r { Some(a) } else { None }).collect();
    let odd = acts
        .iter()
        .filter(|a| {
            let t = DateTime::parse_from_rfc3339(&jobbvei_domain::time::to_oslo_rfc3339(a.start)).unwrap();
            t.weekday().number_from_monday() > 5 || t.hour() < 8 || t.hour() >= 16
        })
        .count();
    assert!(odd * 50 < acts.len(), "{odd} of {} outside working hours", acts.len());
    assert!(records.iter().any(|r| matches!(r, Record::Job(j) if j.form == JobForm::Permanent)));
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a = collect(&spec(Scale::Small, 7));
    let b = collect(&spec(Scale::Small, 7));
    let c = collect(&spec(Scale::Small, 8));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn office_scale_has_three_teams() {
    let records = collect(&spec(Scale::Office, 1));
    let c = counts(&records);
    println!("office: {c:?}");
    assert_eq!(c.get("office"), Some(&1));
    assert_eq!(c.get("team"), Some(&3));
    check_all(&records, as_of());
}

#[test]
fn employer_meetings_are_not_all_countable() {
    let records = collect(&spec(Scale::Small, 42));
    let done: Vec<_> = records
        .iter()
        .filter_map(|r| match r {
            Record::Activity(a) if a.kind == ActivityKind::EmployerMeeting && a.status.is_done() => Some(a),
            _ => None,
        })
        .collect();
    let weak = done.iter().filter(|a| a.channel == Some(Channel::Digital) || a.decision_maker == Some(false)).count();
    let share = weak as f64 / done.len() as f64;
    println!("employer meetings done: {}, digital or non-decision-maker: {share:.3}", done.len());
    assert!((0.30..=0.50).contains(&share), "share {share}");
}

#[test]
fn scale_names_parse() {
    assert_eq!(Scale::parse("small"), Some(Scale::Small));
    assert_eq!(Scale::parse("office"), Some(Scale::Office));
    assert_eq!(Scale::parse("national"), Some(Scale::National));
    assert_eq!(Scale::parse("huge"), None);
}

#[test]
#[ignore = "national scale takes a while; run in release mode"]
fn national_counts() {
    let started = Instant::now();
    let mut c: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut js_users = 0;
    let mut open = 0;
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    let mut forms: BTreeMap<String, usize> = BTreeMap::new();
    generate(&spec(Scale::National, 2025), &mut |r| {
        match &r {
            Record::User(u) if u.roles.contains(&Role::JobSpecialist) => js_users += 1,
            Record::Course(c) if c.end.is_none() => open += 1,
            Record::Course(c) => *causes.entry(format!("{:?}", c.end_cause)).or_insert(0) += 1,
            Record::Job(j) => *forms.entry(j.form.to_string()).or_insert(0) += 1,
            _ => {}
        }
        *c.entry(r.type_name()).or_insert(0) += 1;
    });
    println!("national: {c:?}");
    println!("job specialists: {js_users}, open courses: {open}, took {:?}", started.elapsed());
    println!("end causes: {causes:?}");
    println!("job forms: {forms:?}");
}

#[test]
#[ignore = "national scale takes a while; run in release mode"]
fn national_is_valid() {
    let mut c = Checker::new(as_of());
    let mut i = 0;
    generate(&spec(Scale::National, 2025), &mut |r| {
        c.check(i, &r);
        i += 1;
    });
    c.assert_clean();
}
