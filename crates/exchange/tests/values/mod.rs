//! Values that round-trip (docs/exchange-format.md, "Value ranges"): what an import refuses
//! because it could not come back out and in again, and generated files, edges included,
//! that go records → export → import into an empty database → export byte for byte the
//! same, on both engines and from SQLite into PostgreSQL.

mod generate;

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

/// Generated files, each through both engines and then from SQLite into PostgreSQL.
#[tokio::test]
async fn generated_records_round_trip_on_both_engines_and_across() {
    for seed in [1_u64, 2, 3, 4, 5, 6] {
        let file = generate::file(seed, 40);
        let mut firsts = Vec::new();
        for s in both("gen").await {
            import_text(&s.db, &file).await.unwrap_or_else(|e| panic!("{} seed {seed}: {e}", s.label));
            let first = export_text(&s.db).await;
            let empty = s.sibling("gen2").await;
            import_text(&empty.db, &first).await.unwrap();
            let second = export_text(&empty.db).await;
            assert!(first == second, "{} seed {seed}: a second export differs\n{}", s.label, diff(&first, &second));
            firsts.push(first);
            empty.remove().await;
            s.remove().await;
        }
        let sqlite = &firsts[0];
        // The edges are really in there.
        for edge in ["\"1900-01-01\"", "\"2100-12-31\"", "1900-01-01T00:00:00+01:00", "2100-12-31T23:59:59+01:00"] {
            assert!(sqlite.contains(edge), "seed {seed}: no {edge}");
        }
        for text in ["Linje én\\nlinje to", "med\\ttabulator", "æøå ÆØÅ", "\\\"sitat\\\" og \\\\ skråstrek"] {
            assert!(sqlite.contains(text), "seed {seed}: no {text}");
        }
        if let Some(pg) = firsts.get(1) {
            assert!(sqlite == pg, "seed {seed}: the engines differ\n{}", diff(sqlite, pg));
            // Moving from SQLite to PostgreSQL: the SQLite export into an empty PostgreSQL.
            let target = postgres("gencross").await.unwrap();
            import_text(&target.db, sqlite).await.unwrap();
            let moved = export_text(&target.db).await;
            assert!(&moved == sqlite, "seed {seed}: SQLite → PostgreSQL differs\n{}", diff(sqlite, &moved));
            target.remove().await;
        }
    }
}

/// The first line where two exports differ, for a readable failure.
fn diff(a: &str, b: &str) -> String {
    match a.lines().zip(b.lines()).position(|(x, y)| x != y) {
        Some(i) => format!("line {}:\n  {}\n  {}", i + 1, a.lines().nth(i).unwrap(), b.lines().nth(i).unwrap()),
        None => format!("{} lines against {}", a.lines().count(), b.lines().count()),
    }
}
