//! The extract by hand: its rows, its pseudonyms and its k-anonymity.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use super::*;
use crate::course::EndCause;
use crate::job::{JobForm, PercentStep};
use crate::outcomes::OutcomeCourse;
use crate::outcomes::tests::{course, d, data, ended, job};

fn key(byte: u8) -> PseudonymKey {
    PseudonymKey::new(vec![byte; 32]).unwrap()
}

fn people(list: &[(&OutcomeCourse, &str, Option<&str>)]) -> HashMap<String, Identity> {
    list.iter()
        .map(|(c, fnr, postal)| {
            (c.id.clone(), Identity { national_id: (*fnr).into(), postal_code: postal.map(Into::into) })
        })
        .collect()
}

fn born(mut c: OutcomeCourse, year: i32) -> OutcomeCourse {
    c.background.birth_year = Some(year);
    c
}

#[test]
fn key_shorter_than_32_bytes_is_refused() {
    assert_eq!(PseudonymKey::new(vec![7; 31]).unwrap_err(), KeyTooShort { bytes: 31 });
    assert_eq!(
        KeyTooShort { bytes: 0 }.to_string(),
        "the key holds 0 bytes; a pseudonymisation key must hold at least 32 bytes"
    );
    assert!(PseudonymKey::new(vec![7; 32]).is_ok());
    assert_eq!(format!("{:?}", key(1)), "PseudonymKey(hidden)");
}

#[test]
fn pseudonym_is_hmac_sha256() {
    // RFC 4231, test case 6: a 131-byte key of 0xaa.
    let k = PseudonymKey::new(vec![0xaa; 131]).unwrap();
    assert_eq!(
        k.pseudonym("Test Using Larger Than Block-Size Key - Hash Key First"),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
    assert_eq!(key(1).pseudonym("01038550043"), key(1).pseudonym("01038550043"));
    assert_ne!(key(1).pseudonym("01038550043"), key(2).pseudonym("01038550043"));
    assert_ne!(key(1).pseudonym("01038550043"), key(1).pseudonym("02038550082"));
}

#[test]
fn counties_and_regions() {
    assert_eq!(county_of("0150"), Some("03"));
    assert_eq!(county_of("1337"), Some("32"));
    assert_eq!(county_of("9999"), None);
    assert_eq!(region_of("03"), Some(Region::East));
    assert_eq!(region_of("46"), Some(Region::West));
    assert_eq!(region_of("55"), Some(Region::North));
    assert_eq!(region_of("99"), None);
}

/// One course in work on the window's last day (2024-06-30), one ended without work.
#[test]
fn rows_hold_days_since_start_and_codes_only() {
    let mut c1 = born(course("c1", "2024-01-10"), 1985);
    let mut j = job("j1", JobForm::Permanent, "2024-02-09", None);
    j.percent = vec![PercentStep { from: d("2024-02-09"), percent: 80.0 }];
    c1.jobs.push(j);
    let c2 = born(ended(course("c2", "2023-12-01"), "2024-03-01", Some(EndCause::Other)), 1986);
    let c3 = course("c3", "2024-07-01");
    let ids = people(&[(&c1, "01038550043", Some("0150")), (&c2, "02038550082", Some("1337")), (&c3, "x", None)]);
    let spec = ExtractSpec::new(d("2024-01-01"), d("2024-06-30"), 2).unwrap();
    let x = extract(&data(vec![c1, c2, c3]), &ids, &key(9), &spec);
    // Both born in the 1980s, in Oslo and Akershus: one group of two once the counties are
    // widened to their region (no step before leaves out 5 % or less).
    assert_eq!(x.generalisation, Generalisation::Regions);
    assert_eq!((x.rows.len(), x.suppressed, x.k_reached), (2, 0, Some(2)));
    let cells: HashMap<String, Vec<String>> =
        x.rows.iter().map(|r| (r.pseudonym.clone(), r.cells(x.generalisation).to_vec())).collect();
    let row = |fnr: &str| cells[&key(9).pseudonym(fnr)][1..].join(",");
    // c1: job on day 30, followed 172 days (2024-01-10 to 2024-06-30), 80 %.
    assert_eq!(row("01038550043"), "SE,1980-1999,ukjent,ukjent,ostlandet,2024,30,1,172,arbeid,fast,60-99,0,");
    // c2: no job, ended on day 91 (2023-12-01 to 2024-03-01).
    assert_eq!(row("02038550082"), "SE,1980-1999,ukjent,ukjent,ostlandet,2023,,0,91,avsluttet_uten_arbeid,,,1,annet");
    let csv = x.csv();
    assert!(csv.starts_with(&(COLUMNS.join(",") + "\n")));
    assert_eq!(csv.lines().count(), 3);
    for secret in ["01038550043", "02038550082", "0150", "1337", "2024-", "2023-"] {
        assert!(!csv.contains(secret), "{secret} in {csv}");
    }
}

/// k = 2. r1, r2: 1980s, Oslo. r3: 1990s, Bergen (46). r4: 1990s, Stavanger (11). r5: no
/// birth year or postal code. Ten-year bands: groups 2, 1, 1, 1: 3 of 5 out. Twenty-year
/// bands: (1980-1999, 03) 2, (1980-1999, 46) 1, (1980-1999, 11) 1, r5 1: still 3 out.
/// Regions: (1980-1999, ostlandet) 2, (1980-1999, vestlandet) 2, r5 1: r5 alone is out.
#[test]
fn generalises_step_by_step_then_suppresses() {
    let cs = [
        born(course("r1", "2024-01-01"), 1981),
        born(course("r2", "2024-01-01"), 1985),
        born(course("r3", "2024-01-01"), 1991),
        born(course("r4", "2024-01-01"), 1995),
        course("r5", "2024-01-01"),
    ];
    let ids = people(&[
        (&cs[0], "1", Some("0150")),
        (&cs[1], "2", Some("0150")),
        (&cs[2], "3", Some("5003")),
        (&cs[3], "4", Some("4005")),
        (&cs[4], "5", None),
    ]);
    let spec = ExtractSpec::new(d("2024-01-01"), d("2024-06-30"), 2).unwrap();
    let x = extract(&data(cs.to_vec()), &ids, &key(3), &spec);
    assert_eq!(x.generalisation, Generalisation::Regions);
    assert_eq!((x.rows.len(), x.suppressed, x.k_reached), (4, 1, Some(2)));
    assert!(x.rows.iter().all(|r| r.pseudonym != key(3).pseudonym("5")));
    // Every group of quasi-identifiers in the file has k rows or more.
    let mut groups: HashMap<Vec<String>, usize> = HashMap::new();
    for line in x.csv().lines().skip(1) {
        let cells: Vec<String> = line.split(',').map(str::to_owned).collect();
        *groups.entry(cells[1..6].to_vec()).or_default() += 1;
    }
    assert_eq!(groups.len(), 2);
    assert!(groups.values().all(|n| *n >= 2));

    // r1 and r2 alone form a group of two as they are: nothing is widened.
    let x = extract(&data(cs[..2].to_vec()), &ids, &key(3), &spec);
    assert_eq!((x.generalisation, x.suppressed, x.k_reached), (Generalisation::None, 0, Some(2)));
    assert!(x.csv().contains(",1980-1989,ukjent,ukjent,03,"));
    // k = 3 cannot be reached: every row is left out.
    let spec3 = ExtractSpec::new(d("2024-01-01"), d("2024-06-30"), 3).unwrap();
    let x = extract(&data(cs[..2].to_vec()), &ids, &key(3), &spec3);
    assert_eq!((x.rows.len(), x.suppressed, x.k_reached), (0, 2, None));
    assert_eq!(
        x.audit_fields(),
        [
            "from=2024-01-01",
            "to=2024-06-30",
            "k=3",
            "k_reached=none",
            "rows=0",
            "suppressed=2",
            "generalisation=birth_year_20_region"
        ]
    );
    assert_eq!(
        ExtractSpec::new(d("2024-01-01"), d("2024-06-30"), 1).unwrap_err(),
        "k must be at least 2: a group of one is a person"
    );
}
