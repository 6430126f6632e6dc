//! The exchange format on both engines: round trip, all-or-nothing, and one test per
//! kind of error the spec names.

#![allow(clippy::unwrap_used)]

mod backup;
mod bulk;
mod casefile;
mod values;

use std::io::Cursor;

use jobbvei_exchange::{ExchangeError, export, import_reader};
use jobbvei_store::Db;
use jobbvei_store::testing::{Scratch, both};

const FULL: &str = include_str!("fixtures/full.jsonl");

async fn import_text(db: &Db, text: &str) -> Result<usize, ExchangeError> {
    import_reader(db, Cursor::new(text.to_owned().into_bytes()), |_| {}).await.map(|s| s.total())
}

async fn export_text(db: &Db) -> String {
    let mut out = Vec::new();
    export(db, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

/// The day facts agree with the imported activities (`jobbvei facts check`).
pub(crate) async fn facts_agree(s: &Scratch, days: u64) {
    let check = s.db.check_facts().await.unwrap();
    assert!(check.is_clean(), "{}: {:?}", s.label, check.differences);
    assert_eq!(check.days_checked, days, "{}", s.label);
}

fn refused(result: Result<usize, ExchangeError>) -> Vec<String> {
    match result {
        Err(ExchangeError::Refused { errors, .. }) => errors.iter().map(ToString::to_string).collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn with_full(label: &str) -> Vec<Scratch> {
    let dbs = both(label).await;
    for s in &dbs {
        assert_eq!(import_text(&s.db, FULL).await.unwrap(), 36, "{}", s.label);
    }
    dbs
}

#[tokio::test]
async fn round_trip_is_identical() {
    let mut exports = Vec::new();
    for s in with_full("roundtrip").await {
        let first = export_text(&s.db).await;
        // A bulk load into empty tables: the facts are built once, before the commit.
        facts_agree(&s, 3).await;
        let empty = s.sibling("roundtrip2").await;
        import_text(&empty.db, &first).await.unwrap();
        facts_agree(&empty, 3).await;
        let second = export_text(&empty.db).await;
        assert_eq!(first, second, "{}", s.label);
        exports.push(first);
        empty.remove().await;
        s.remove().await;
    }
    // Both engines give the very same bytes.
    if exports.len() == 2 {
        assert_eq!(exports[0], exports[1]);
    }
    let text = &exports[0];
    assert_eq!(text.lines().count(), 36);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], r#"{"type":"office","id":"0314","name":"NAV Sagene"}"#);
    assert!(text.contains(
        r#"{"type":"user","id":"js1","name":"Kari Nordmann","roles":["jobbspesialist"],"team":"t1","fte":0.5,"username":"kari"}"#
    ));
    // Instants come back in Europe/Oslo time; 23:30Z on 27 Oct 2024 is 00:30 on the Monday.
    assert!(text.contains(r#""start":"2024-10-28T00:30:00+01:00""#));
    assert!(text.contains(r#""start":"2024-01-15T09:30:00+01:00""#));
    assert!(text.contains(
        r#""percent":[{"from":"2024-03-01","percent":20},{"from":"2024-05-01","percent":40},{"from":"2024-08-01","percent":80}]"#
    ));
    assert!(text.contains(r#""amount_nok":12500.5"#));
    assert!(text.contains(r#""note":"Presenterte \"kandidat\" – godt møte""#));
    // Types come in dependency order.
    let order: Vec<&str> = lines.iter().map(|l| l.split('"').nth(3).unwrap()).collect();
    let first_activity = order.iter().position(|t| *t == "activity").unwrap();
    let last_job = order.iter().rposition(|t| *t == "job").unwrap();
    assert!(last_job < first_activity);
}

#[tokio::test]
async fn bad_lines_refuse_the_whole_file() {
    for s in with_full("allornothing").await {
        let before = export_text(&s.db).await;
        let file = [
            r#"{"type":"participant","id":"p9","name":"Ny Person","fnr":"01019012480"}"#,
            r#"{"type":"participant","id":"p10","name":"Feil Nummer","fnr":"01019012481"}"#,
            r#"{"type":"office","id":"0315","name":"NAV Ny"}"#,
            r#"{"type":"course","id":"c9","participant":"p9","method":"SE","job_specialist":"nobody","start":"2024-01-01"}"#,
            r#"{"type":"office","id":"0314","name":"NAV Sagene endret"}"#,
        ]
        .join("\n");
        let errors = refused(import_text(&s.db, &file).await);
        assert_eq!(
            errors,
            vec![
                "line 2: fnr: is not a valid fødselsnummer or d-nummer: check digit is wrong".to_string(),
                "line 4: job_specialist: refers to user \"nobody\", which is neither in the database nor earlier in the file"
                    .to_string(),
            ],
            "{}",
            s.label
        );
        assert_eq!(export_text(&s.db).await, before, "{}: nothing may change", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn importing_an_existing_id_updates_it() {
    for s in with_full("update").await {
        let n =
            import_text(&s.db, r#"{"type":"team","id":"t1","office":"4601","name":"Nytt navn","method":"UO"}"#).await;
        assert_eq!(n.unwrap(), 1);
        let text = export_text(&s.db).await;
        assert!(text.contains(r#"{"type":"team","id":"t1","office":"4601","name":"Nytt navn","method":"UO"}"#));
        assert_eq!(text.lines().count(), 36);
        // The same id twice in one file: the last one wins.
        let twice = "{\"type\":\"office\",\"id\":\"0999\",\"name\":\"A\"}\n{\"type\":\"office\",\"id\":\"0999\",\"name\":\"B\"}";
        import_text(&s.db, twice).await.unwrap();
        assert!(export_text(&s.db).await.contains(r#"{"type":"office","id":"0999","name":"B"}"#));
        // An import into a database that has rows upserts: an activity moved to another user
        // and day leaves its old day's facts and lands in the new one's.
        let moved = r#"{"type":"activity","id":"a3","user":"js1","kind":"telefon_sms_epost","start":"2024-06-04T10:00:00+02:00","minutes":10,"status":"gjennomfort","channel":"telefon","out_of_office":false}"#;
        import_text(&s.db, moved).await.unwrap();
        facts_agree(&s, 3).await;
        s.remove().await;
    }
}

#[tokio::test]
async fn every_kind_of_error_is_named() {
    let s = jobbvei_store::testing::sqlite("errors").await;
    import_text(&s.db, FULL).await.unwrap();
    let cases: &[(&str, &str)] = &[
        (r#"{"type":"kontor","id":"x"}"#, "line 1: type: unknown type \"kontor\""),
        (r#"{"type":"office","id":"0316","name":"X","colour":"red"}"#, "line 1: colour: unknown field"),
        (r#"{"type":"office","name":"X"}"#, "line 1: id: is required"),
        (r#"{"type":"office","id":"316","name":"X"}"#, "line 1: id: must be a NAV unit number of 4 digits"),
        (
            r#"{"type":"employer","id":"e9","orgnr":"912345689","name":"X"}"#,
            "line 1: orgnr: must be an organisation number",
        ),
        (
            r#"{"type":"participant","id":"p9","name":"X","fnr":"0101901248"}"#,
            "line 1: fnr: is not a valid fødselsnummer or d-nummer: must be exactly 11 digits",
        ),
        (
            r#"{"type":"job","id":"j9","course":"c1","employer":"e1","form":"fast","start":"2024-01-01","styrk":"9999"}"#,
            "line 1: styrk: must be a STYRK-08 code",
        ),
        (
            r#"{"type":"participant","id":"p9","name":"X","fnr":"01019012480","postal_code":"0000"}"#,
            "line 1: postal_code: must be a Norwegian postal code",
        ),
        (
            r#"{"type":"activity","id":"a9","user":"js1","kind":"kaffe","start":"2024-01-01T10:00:00+01:00","minutes":5,"status":"gjennomfort"}"#,
            "line 1: kind: must be one of deltakermote",
        ),
        (
            r#"{"type":"activity","id":"a9","user":"js1","kind":"annet","start":"2024-01-01 10:00","minutes":5,"status":"gjennomfort"}"#,
            "line 1: start: must be an RFC 3339 time",
        ),
        (
            r#"{"type":"activity","id":"a9","user":"js1","kind":"annet","start":"2024-01-01T10:00:00+01:00","minutes":-5,"status":"gjennomfort"}"#,
            "line 1: minutes: must be a whole number, 0 or more",
        ),
        (
            r#"{"type":"phase","course":"c1","phase":"jobber","from":"2024-02-01"}"#,
            "line 1: phase: is not a phase of method SE",
        ),
        (
            r#"{"type":"course","id":"c9","participant":"p1","method":"SE","job_specialist":"js1","start":"2024-01-01","end":"2024-02-01","end_cause":"annet"}"#,
            "line 1: end_cause_detail: required when end_cause is annet",
        ),
        (
            r#"{"type":"referral","id":"r9","participant":"p1","veileder":"vl1","team":"t1","sent":"2024-01-01","decision":"avvist"}"#,
            "line 1: reason: required when decision is avvist",
        ),
        (
            r#"{"type":"activity","id":"a9","user":"js1","kind":"arbeidsgivermote","start":"2024-01-01T10:00:00+01:00","minutes":5,"status":"gjennomfort","employer":"e2","employer_contact":"ec1"}"#,
            "line 1: employer_contact: \"ec1\" is a contact of employer \"e1\", not of \"e2\"",
        ),
        (
            r#"{"type":"job","id":"j9","course":"c1","employer":"e1","form":"jobbsmak","start":"2024-01-01","paid":true}"#,
            "line 1: paid: jobbsmak is an unpaid placement",
        ),
        (
            r#"{"type":"measure","id":"m9","course":"c2","kind":"mentortilskudd","status":"utkast","job":"j2"}"#,
            "line 1: job: \"j2\" belongs to course \"c1\", not to \"c2\"",
        ),
        ("not json", "line 1: line: is not valid JSON"),
        ("[1,2]", "line 1: line: must be a JSON object"),
        (r#"{"type":"user","id":"u9","name":"X","roles":["sjef"]}"#, "line 1: roles: each role must be one of"),
        (
            r#"{"type":"user","id":"u9","name":"X","roles":["admin"],"fte":0}"#,
            "line 1: fte: must be more than 0 and at most 1",
        ),
        (r#"{"type":"office","id":"0316","name":"   "}"#, "line 1: name: must not be blank"),
    ];
    let before = export_text(&s.db).await;
    for (line, expected) in cases {
        let errors = refused(import_text(&s.db, line).await);
        assert!(errors.iter().any(|e| e.starts_with(expected)), "{line}\n  expected: {expected}\n  got: {errors:?}");
    }
    assert_eq!(export_text(&s.db).await, before);
    s.remove().await;
}

#[tokio::test]
async fn a_wrong_line_is_reported_once_not_at_every_reference() {
    let s = jobbvei_store::testing::sqlite("cascade").await;
    import_text(&s.db, FULL).await.unwrap();
    let file = [
        r#"{"type":"participant","id":"p9","name":"X","fnr":"01019012481"}"#,
        r#"{"type":"course","id":"c9","participant":"p9","method":"SE","job_specialist":"js1","start":"2024-01-01"}"#,
        r#"{"type":"phase","course":"c9","phase":"finne_jobb","from":"2024-01-01"}"#,
        r#"{"type":"user","id":"u9","name":"Ny","roles":["veileder"],"username":"kari"}"#,
    ]
    .join("\n");
    let errors = refused(import_text(&s.db, &file).await);
    assert_eq!(
        errors,
        [
            "line 1: fnr: is not a valid fødselsnummer or d-nummer: check digit is wrong",
            "line 4: username: \"kari\" is already the username of user \"js1\"",
        ]
    );
    s.remove().await;
}

#[tokio::test]
async fn references_must_point_backwards() {
    let s = jobbvei_store::testing::sqlite("forward").await;
    let file = "{\"type\":\"team\",\"id\":\"t1\",\"office\":\"0314\",\"name\":\"T\",\"method\":\"SE\"}\n\
                # comments and blank lines count as lines\n\n\
                {\"type\":\"office\",\"id\":\"0314\",\"name\":\"NAV Sagene\"}";
    let errors = refused(import_text(&s.db, file).await);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("line 1: office: refers to office \"0314\""));
    s.remove().await;
}

#[tokio::test]
async fn many_errors_are_capped_at_one_hundred() {
    let s = jobbvei_store::testing::sqlite("cap").await;
    let file: String = (0..150).map(|i| format!("{{\"type\":\"office\",\"id\":\"x{i}\",\"name\":\"X\"}}\n")).collect();
    match import_text(&s.db, &file).await {
        Err(e @ ExchangeError::Refused { .. }) => {
            let text = e.to_string();
            assert!(text.starts_with("import refused, nothing was written (150 errors):"));
            assert_eq!(text.lines().filter(|l| l.starts_with("line ")).count(), 100);
            assert!(text.ends_with("… and 50 more errors"));
        }
        other => panic!("{other:?}"),
    }
    s.remove().await;
}
