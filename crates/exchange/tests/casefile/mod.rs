//! Version 1.1 (docs/exchange-format.md, "Version 1.1"): a person's Jobbvei-side records go
//! out and in again byte for byte, on both engines and between them, with the strictness of
//! version 1.0; a file of 1.0 records alone exports exactly as before.

use jobbvei_store::testing::{both, postgres};

use super::{FULL, export_text, import_text, refused};

const CASEFILE: &str = include_str!("../fixtures/casefile.jsonl");
const EXPECTED: &str = include_str!("../fixtures/casefile.expected.jsonl");
const CASE_RECORDS: usize = 16;

#[tokio::test]
async fn jobbvei_side_records_go_out_after_every_1_0_record_and_come_back_the_same() {
    let mut exports = Vec::new();
    for s in both("case_roundtrip").await {
        import_text(&s.db, FULL).await.unwrap();
        let only_1_0 = export_text(&s.db).await;
        assert_eq!(import_text(&s.db, CASEFILE).await.unwrap(), CASE_RECORDS, "{}", s.label);
        let first = export_text(&s.db).await;
        // The 1.0 lines are untouched and the 1.1 lines follow them, exactly as written by hand.
        assert_eq!(first, format!("{only_1_0}{EXPECTED}"), "{}", s.label);
        let empty = s.sibling("case_roundtrip2").await;
        assert_eq!(import_text(&empty.db, &first).await.unwrap(), 36 + CASE_RECORDS, "{}", s.label);
        assert_eq!(export_text(&empty.db).await, first, "{}", s.label);
        exports.push(first);
        empty.remove().await;
        s.remove().await;
    }
    if exports.len() == 2 {
        assert_eq!(exports[0], exports[1], "SQLite and PostgreSQL export the same bytes");
    }
}

#[tokio::test]
async fn a_sqlite_export_with_1_1_records_moves_into_postgresql_unchanged() {
    let Some(pg) = postgres("case_cross").await else { return };
    let sqlite = jobbvei_store::testing::sqlite("case_cross").await;
    import_text(&sqlite.db, &format!("{FULL}{CASEFILE}")).await.unwrap();
    let from_sqlite = export_text(&sqlite.db).await;
    import_text(&pg.db, &from_sqlite).await.unwrap();
    assert_eq!(export_text(&pg.db).await, from_sqlite);
    pg.remove().await;
    sqlite.remove().await;
}

#[tokio::test]
async fn importing_an_existing_1_1_key_replaces_the_record() {
    for s in both("case_update").await {
        import_text(&s.db, &format!("{FULL}{CASEFILE}")).await.unwrap();
        let update = concat!(
            r#"{"type":"vocational_profile","participant":"p1","version":1,"created_at":"2024-01-20T09:00:00+01:00","created_by":"js2","tasks":"Salg"}"#,
            "\n",
            r#"{"type":"plan_item","id":"pl-a","participant":"p1","kind":"aktivitet","text":"Søke jobber","owner":"veileder","status":"avbrutt"}"#,
            "\n",
            r#"{"type":"placement_purpose","job":"j1","purpose":"Annet","updated_at":"2024-02-02T12:00:00+01:00","updated_by":"js2"}"#,
            "\n",
        );
        assert_eq!(import_text(&s.db, update).await.unwrap(), 3);
        let text = export_text(&s.db).await;
        // Fields left out became empty; version 2 is untouched; nothing was added.
        assert!(text.contains(concat!(
            r#"{"type":"vocational_profile","participant":"p1","version":1,"created_at":"2024-01-20T09:00:00+01:00","#,
            r#""created_by":"js2","tasks":"Salg"}"#,
            "\n",
            r#"{"type":"vocational_profile","participant":"p1","version":2,"#
        )));
        // Without a parent it is a root now, and roots come first, by id.
        assert!(text.contains(concat!(
            r#"{"type":"plan_item","id":"pl-a","participant":"p1","kind":"aktivitet","text":"Søke jobber","owner":"veileder","status":"avbrutt"}"#,
            "\n",
            r#"{"type":"plan_item","id":"pl-b","#
        )));
        assert!(text.contains(
            r#"{"type":"placement_purpose","job":"j1","purpose":"Annet","updated_at":"2024-02-02T12:00:00+01:00","updated_by":"js2"}"#
        ));
        assert_eq!(text.lines().count(), 36 + CASE_RECORDS, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn bad_1_1_lines_are_all_listed_and_nothing_is_written() {
    let bad = [
        r#"{"type":"support_need","id":"sn9","participant":"p1","level":"individ","need":"bolig","from":"2024-01-20","colour":"blå"}"#,
        r#"{"type":"plan_item","id":"pl-x","participant":"p2","parent":"pl-b","kind":"aktivitet","text":"x","owner":"veileder","status":"planlagt"}"#,
        r#"{"type":"vocational_profile","participant":"p1","version":3,"created_at":"2024-01-01T00:00:00+01:00","created_by":"js1","wanted_styrk":["0000"]}"#,
        r#"{"type":"placement_purpose","job":"j9","updated_at":"2024-02-01T12:00:00+01:00","updated_by":"nobody"}"#,
        r#"{"type":"handover_plan","course":"c2","created_by":"js2","created_at":"2024-03-01T15:00:00+01:00"}"#,
        r#"{"type":"passive_plan","course":"c1","from":"2024-06-01","planned_to":"2024-05-01"}"#,
        r#"{"type":"disclosure_plan","participant":"p3","employer_contact_consent":"ja","updated_at":"2024-13-01T00:00:00Z","updated_by":"js1"}"#,
        r#"{"type":"plan_item","id":"pl-y","participant":"p1","parent":"pl-z","kind":"mal","text":"x","owner":"deltaker","status":"planlagt"}"#,
        r#"{"type":"plan_item","id":"pl-z","participant":"p1","kind":"mal","text":"x","owner":"deltaker","status":"planlagt"}"#,
        r#"{"type":"cooperation_agreement","id":"ca2","course":"c1","job_specialist":"js1","meeting_date":"2024-01-10","took_part":["a,b"],"consent_employers":true,"consent_contacts":true,"interpreter_used":false,"meta_offered":false,"created_by":"js1","created_at":"2024-01-10T11:00:00+01:00","updated_by":"js1","updated_at":"2024-01-10T11:00:00+01:00"}"#,
    ];
    for s in both("case_errors").await {
        import_text(&s.db, &format!("{FULL}{CASEFILE}")).await.unwrap();
        let before = export_text(&s.db).await;
        let errors = refused(import_text(&s.db, &(bad.join("\n") + "\n")).await);
        assert_eq!(
            errors,
            [
                "line 1: need: \"bolig\" is a need of level \"sosial\", not of \"individ\"",
                "line 1: colour: unknown field",
                "line 2: parent: \"pl-b\" is a plan item of participant \"p1\", not of \"p2\"",
                "line 3: wanted_styrk: each item must be one of STYRK-08 codes of 4 digits, got \"0000\"",
                "line 4: job: refers to job \"j9\", which is neither in the database nor earlier in the file",
                "line 4: updated_by: refers to user \"nobody\", which is neither in the database nor earlier in the file",
                "line 5: veileder_told: is required",
                "line 6: planned_to: must not be before from (2024-06-01)",
                "line 7: employer_contact_consent: must be true or false",
                "line 7: updated_at: must be an RFC 3339 time with offset, like 2024-03-04T09:30:00+01:00, got \"2024-13-01T00:00:00Z\"",
                "line 8: parent: refers to plan item \"pl-z\", which is neither in the database nor earlier in the file",
                "line 10: took_part: each item must be a non-blank text without commas or surrounding spaces, got \"a,b\"",
            ],
            "{}",
            s.label
        );
        assert_eq!(export_text(&s.db).await, before, "{}", s.label);
        s.remove().await;
    }
}

/// A participant's plan is a tree: an export writes parents before their children, so an
/// import that closed a loop of parents, or moved an item to another participant than its
/// parent's or children's, would be taken once and then never again. Both are refused.
#[tokio::test]
async fn plan_items_stay_a_tree_within_one_participant() {
    let item = |id: &str, participant: &str, parent: Option<&str>| {
        let parent = parent.map(|p| format!(r#""parent":"{p}","#)).unwrap_or_default();
        format!(
            r#"{{"type":"plan_item","id":"{id}","participant":"{participant}",{parent}"kind":"mal","owner":"deltaker","status":"planlagt"}}"#
        )
    };
    // In the fixture pl-a lies under pl-b, both of p1.
    let cases = [
        (item("pl-b", "p1", Some("pl-a")), r#"line 1: parent: would close a loop: "pl-a" lies under "pl-b""#),
        (
            format!("{}\n{}", item("pl-c", "p1", Some("pl-a")), item("pl-b", "p1", Some("pl-c"))),
            r#"line 2: parent: would close a loop: "pl-c" lies under "pl-b""#,
        ),
        (
            item("pl-b", "p2", None),
            r#"line 1: participant: plan item "pl-b" belongs to participant "p1"; a plan item cannot move to another participant"#,
        ),
        (
            format!("{}\n{}", item("pl-d", "p1", None), item("pl-d", "p2", None)),
            r#"line 2: participant: plan item "pl-d" belongs to participant "p1"; a plan item cannot move"#,
        ),
    ];
    for s in both("case_tree").await {
        import_text(&s.db, &format!("{FULL}{CASEFILE}")).await.unwrap();
        let before = export_text(&s.db).await;
        for (file, expected) in &cases {
            let errors = refused(import_text(&s.db, &format!("{file}\n")).await);
            assert!(
                errors.len() == 1 && errors[0].starts_with(expected),
                "{}: {file}\n  expected: {expected}\n  got: {errors:?}",
                s.label
            );
            assert_eq!(export_text(&s.db).await, before, "{}", s.label);
        }
        // Moving an item elsewhere in the same participant's tree is fine, loops aside, and
        // what comes out goes in again.
        let fine = [item("pl-b", "p1", None), item("pl-a", "p1", None), item("pl-b", "p1", Some("pl-a"))].join("\n");
        assert_eq!(import_text(&s.db, &format!("{fine}\n")).await.unwrap(), 3, "{}", s.label);
        let moved = export_text(&s.db).await;
        let empty = s.sibling("case_tree2").await;
        import_text(&empty.db, &moved).await.unwrap();
        assert_eq!(export_text(&empty.db).await, moved, "{}", s.label);
        empty.remove().await;
        s.remove().await;
    }
}
