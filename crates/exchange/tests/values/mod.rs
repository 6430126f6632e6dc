//! Values that round-trip (docs/exchange-format.md, "Value ranges"): what an import refuses
//! because it could not come back out and in again, and generated files, edges included,
//! that go records → export → import into an empty database → export byte for byte the
//! same, on both engines and from SQLite into PostgreSQL.

mod generate;

use jobbvei_exchange::casefile::CASE_TYPES;
use jobbvei_store::testing::{both, postgres};

use super::{export_text, import_text, refused};

const BASE: &str = r#"{"type":"office","id":"0314","name":"NAV Sagene"}
{"type":"team","id":"t1","office":"0314","name":"Team","method":"SE"}
{"type":"user","id":"js1","name":"Kari","roles":["jobbspesialist"],"team":"t1"}
{"type":"participant","id":"p1","name":"Amina","fnr":"15038512363"}
"#;

#[tokio::test]
async fn values_that_could_not_come_back_are_refused() {
    for s in both("values").await {
        import_text(&s.db, BASE).await.unwrap();
        let before = export_text(&s.db).await;
        let course = |start: &str| {
            format!(
                r#"{{"type":"course","id":"c9","participant":"p1","method":"SE","job_specialist":"js1","start":"{start}"}}"#
            )
        };
        let activity = |start: &str, note: &str| {
            format!(
                r#"{{"type":"activity","id":"a9","user":"js1","kind":"annet","start":"{start}","minutes":5,"status":"planlagt","note":"{note}"}}"#
            )
        };
        let cases: Vec<(String, &str)> = vec![
            (course("1899-12-31"), "line 1: start: must lie in 1900-01-01 to 2100-12-31, got \"1899-12-31\""),
            (course("2101-01-01"), "line 1: start: must lie in 1900-01-01 to 2100-12-31"),
            (course("0000-01-01"), "line 1: start: must lie in 1900-01-01 to 2100-12-31"),
            (activity("9999-12-31T23:59:59-14:00", ""), "line 1: start: must lie in 1900-01-01 to 2100-12-31"),
            (activity("1894-06-01T12:00:00+00:43", ""), "line 1: start: must lie in 1900-01-01 to 2100-12-31"),
            (activity("2024-01-01T10:00:00+01:00", "a\\u0000b"), "line 1: note: must not contain control characters"),
            (activity("2024-01-01T10:00:00+01:00", "a\\rb"), "line 1: note: must not contain control characters"),
            (
                r#"{"type":"participant","id":"p2","name":"Ola \u001b[31m","fnr":"02029012329"}"#.into(),
                "line 1: name: must not contain control characters",
            ),
            (
                r#"{"type":"job","id":"j9","course":"c1","employer":"e1","form":"fast","start":"2024-01-01","percent":[{"from":"2101-01-01","percent":20}]}"#.into(),
                "line 1: percent: each entry must be",
            ),
            (
                r#"{"type":"participant","id":"p2","name":"Ola","fnr":"02029012329","id":"p1"}"#.into(),
                "line 1: line: the key \"id\" appears more than once",
            ),
            (
                r#"{"type":"participant","id":"p2","name":"Ola","fnr":"15038512363"}"#.into(),
                "line 1: fnr: is already the fødselsnummer of participant \"p1\"",
            ),
            (
                "{\"type\":\"participant\",\"id\":\"p2\",\"name\":\"Ola\",\"fnr\":\"02029012329\"}\n\
                 {\"type\":\"participant\",\"id\":\"p3\",\"name\":\"Per\",\"fnr\":\"02029012329\"}"
                    .into(),
                "line 2: fnr: is already the fødselsnummer of participant \"p2\"",
            ),
        ];
        for (file, expected) in &cases {
            let errors = refused(import_text(&s.db, file).await);
            assert!(
                errors.iter().any(|e| e.starts_with(expected)),
                "{}: {file}\n  expected: {expected}\n  got: {errors:?}",
                s.label
            );
            // The number is personal data: never repeated in a message.
            assert!(errors.iter().all(|e| !e.contains("15038512363") && !e.contains("02029012329")), "{errors:?}");
        }
        assert_eq!(export_text(&s.db).await, before, "{}: nothing may change", s.label);
        // Updating a participant with their own number, or moving a number once its holder
        // has let go of it earlier in the same file, is fine.
        let fine = "{\"type\":\"participant\",\"id\":\"p1\",\"name\":\"Amina Y\",\"fnr\":\"15038512363\"}\n\
                    {\"type\":\"participant\",\"id\":\"p1\",\"name\":\"Amina Y\",\"fnr\":\"02029012329\"}\n\
                    {\"type\":\"participant\",\"id\":\"p2\",\"name\":\"Ola\",\"fnr\":\"15038512363\"}";
        assert_eq!(import_text(&s.db, fine).await.unwrap(), 3, "{}", s.label);
        s.remove().await;
    }
}

/// The same refusals for the records of version 1.1: control characters in a text, a list
/// item or an id, dates and instants out of range, and a key given twice, each with a
/// message that says which field and why, and nothing written, not even the good lines
/// before the bad one.
#[tokio::test]
async fn jobbvei_side_values_that_could_not_come_back_are_refused() {
    let course =
        r#"{"type":"course","id":"c1","participant":"p1","method":"SE","job_specialist":"js1","start":"2024-01-01"}"#;
    let good =
        r#"{"type":"support_need","id":"sn1","participant":"p1","level":"individ","need":"sprak","from":"2024-01-20"}"#;
    let at = r#""updated_at":"2024-01-01T10:00:00+01:00","updated_by":"js1""#;
    let cases: Vec<(String, &str)> = vec![
        (
            format!(r#"{{"type":"disclosure_plan","participant":"p1","may_tell":"a\u0000b","employer_contact_consent":true,{at}}}"#),
            "line 2: may_tell: must not contain control characters (newline and tab are allowed)",
        ),
        (
            r#"{"type":"vocational_profile","participant":"p1","version":1,"created_at":"2024-01-01T10:00:00+01:00","created_by":"js1","tasks":"Linje\r\nto"}"#.into(),
            "line 2: tasks: must not contain control characters",
        ),
        (
            r#"{"type":"interval_report","course":"c1","number":1,"summary":"\u001b[31mrød","updated_by":"js1","updated_at":"2024-01-01T10:00:00+01:00"}"#.into(),
            "line 2: summary: must not contain control characters",
        ),
        (
            r#"{"type":"cooperation_agreement","id":"ca1","course":"c1","job_specialist":"js1","meeting_date":"2024-01-10","took_part":["deltaker","vei\u0007leder"],"consent_employers":true,"consent_contacts":true,"interpreter_used":false,"meta_offered":false,"created_by":"js1","created_at":"2024-01-10T11:00:00+01:00","updated_by":"js1","updated_at":"2024-01-10T11:00:00+01:00"}"#.into(),
            r#"line 2: took_part: must not contain control characters, got "vei\u{7}leder""#,
        ),
        (
            r#"{"type":"outreach_attempt","id":"o\u00011","course":"c1","tried_on":"2024-06-10","way":"sms","reached":true,"user":"js1","created_at":"2024-06-10T10:00:00+02:00"}"#.into(),
            "line 2: id: must not contain control characters",
        ),
        (
            r#"{"type":"support_need","id":"sn2","participant":"p1","level":"individ","need":"sprak","from":"1899-12-31"}"#.into(),
            r#"line 2: from: must lie in 1900-01-01 to 2100-12-31, got "1899-12-31""#,
        ),
        (
            r#"{"type":"plan_item","id":"pl1","participant":"p1","kind":"mal","owner":"deltaker","deadline":"2101-01-01","status":"planlagt"}"#.into(),
            r#"line 2: deadline: must lie in 1900-01-01 to 2100-12-31, got "2101-01-01""#,
        ),
        (
            r#"{"type":"passive_plan","course":"c1","from":"2024-06-01","planned_to":"0000-01-01"}"#.into(),
            r#"line 2: planned_to: must lie in 1900-01-01 to 2100-12-31, got "0000-01-01""#,
        ),
        (
            r#"{"type":"participant_registration","participant":"p1","registered_by":"js1","registered_at":"2100-12-31T23:30:00Z"}"#.into(),
            r#"line 2: registered_at: must lie in 1900-01-01 to 2100-12-31 (Europe/Oslo date), got "2100-12-31T23:30:00Z""#,
        ),
        (
            r#"{"type":"handover_plan","course":"c1","veileder_told":true,"created_by":"js1","created_at":"9999-12-31T23:59:59-14:00"}"#.into(),
            "line 2: created_at: must lie in 1900-01-01 to 2100-12-31 (Europe/Oslo date)",
        ),
        (
            format!(r#"{{"type":"placement_purpose","job":"j1","purpose":"x",{at},"purpose":"y"}}"#),
            r#"line 2: line: the key "purpose" appears more than once"#,
        ),
        (
            r#"{"type":"support_need","id":"sn3","participant":"p1","level":"individ","need":"sprak","from":"2024-01-20","id":"sn1"}"#.into(),
            r#"line 2: line: the key "id" appears more than once"#,
        ),
    ];
    for s in both("values11").await {
        import_text(&s.db, &format!("{BASE}{course}\n")).await.unwrap();
        let before = export_text(&s.db).await;
        for (bad, expected) in &cases {
            let errors = refused(import_text(&s.db, &format!("{good}\n{bad}\n")).await);
            assert!(
                errors.len() == 1 && errors[0].starts_with(expected),
                "{}: {bad}\n  expected: {expected}\n  got: {errors:?}",
                s.label
            );
            assert_eq!(export_text(&s.db).await, before, "{}: nothing may change", s.label);
        }
        s.remove().await;
    }
}

/// How many files, and how many participants in each: every file holds every record type
/// (its first participant has all of them), and each import into PostgreSQL costs a few
/// seconds whatever its size, so a few larger files beat many small ones.
const SEEDS: [u64; 3] = [1, 2, 3];
const PARTICIPANTS: usize = 60;

/// Generated files, each imported into both engines, whose exports must be the same bytes;
/// then that export goes SQLite → PostgreSQL → SQLite, each time into an empty database,
/// and must come out unchanged at each step. As both engines' first exports are the same
/// bytes, this is also PostgreSQL → PostgreSQL and SQLite → SQLite, without a third import.
/// Without a PostgreSQL server it goes SQLite → SQLite.
#[tokio::test]
async fn generated_records_round_trip_on_both_engines_and_across() {
    for seed in SEEDS {
        let file = generate::file(seed, PARTICIPANTS);
        let dbs = both("gen").await;
        let mut firsts = Vec::new();
        // The empty PostgreSQL database to move into is made while the first imports run:
        // making one takes seconds, mostly waiting on the disk.
        let first_imports = async {
            for s in &dbs {
                import_text(&s.db, &file).await.unwrap_or_else(|e| panic!("{} seed {seed}: {e}", s.label));
                firsts.push(export_text(&s.db).await);
            }
        };
        let moved = async {
            match dbs.get(1) {
                Some(_) => postgres("gen_moved").await,
                None => None,
            }
        };
        let ((), moved) = tokio::join!(first_imports, moved);
        let sqlite = &firsts[0];
        edges_are_there(seed, sqlite);
        if let Some(pg) = firsts.get(1) {
            assert!(sqlite == pg, "seed {seed}: the engines differ\n{}", diff(sqlite, pg));
        }
        let mut hops: Vec<_> = moved.into_iter().collect();
        hops.push(dbs[0].sibling("gen_back").await);
        let mut route = dbs[0].label.clone();
        for hop in hops {
            route = format!("{route} → {}", hop.label);
            import_text(&hop.db, sqlite).await.unwrap_or_else(|e| panic!("{route} seed {seed}: {e}"));
            let again = export_text(&hop.db).await;
            assert!(&again == sqlite, "{route} seed {seed}: the export differs\n{}", diff(sqlite, &again));
            hop.remove().await;
        }
        for s in dbs {
            s.remove().await;
        }
    }
}

/// The edges of every kind of value are really in the export.
fn edges_are_there(seed: u64, text: &str) {
    for edge in ["\"1900-01-01\"", "\"2100-12-31\"", "1900-01-01T00:00:00+01:00", "2100-12-31T23:59:59+01:00"] {
        assert!(text.contains(edge), "seed {seed}: no {edge}");
    }
    for piece in ["Linje én\\nlinje to", "med\\ttabulator", "æøå ÆØÅ", "\\\"sitat\\\" og \\\\ skråstrek", "👩‍👩‍👧"]
    {
        assert!(text.contains(piece), "seed {seed}: no {piece}");
    }
    // Every type of version 1.1, with the longest id and text, and the largest number,
    // which sorts after 10, which sorts after 2.
    for kind in CASE_TYPES {
        assert!(text.contains(&format!("{{\"type\":\"{}\",", kind.name)), "seed {seed}: no {}", kind.name);
    }
    let json = |s: &str| serde_json::to_string(s).unwrap();
    for edge in [json(&generate::longest_text(0)), json(&generate::longest_id("sn-p0-0"))] {
        assert!(text.contains(&edge), "seed {seed}: no {}…", edge.chars().take(20).collect::<String>());
    }
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("seed {seed}: no {s}"));
    for field in ["\"participant\":\"p0\",\"version\"", "\"course\":\"c0-0\",\"number\""] {
        let (two, ten, max) =
            (at(&format!("{field}:2,")), at(&format!("{field}:10,")), at(&format!("{field}:4294967295,")));
        assert!(two < ten && ten < max, "seed {seed}: {field} out of order");
    }
}

/// The first line where two exports differ, for a readable failure.
fn diff(a: &str, b: &str) -> String {
    match a.lines().zip(b.lines()).position(|(x, y)| x != y) {
        Some(i) => format!("line {}:\n  {}\n  {}", i + 1, a.lines().nth(i).unwrap(), b.lines().nth(i).unwrap()),
        None => format!("{} lines against {}", a.lines().count(), b.lines().count()),
    }
}
