//! An import into empty record tables drops their plain indexes (and PostgreSQL's foreign
//! keys) and puts them back before it commits. Whether it succeeds or fails half-way, the
//! schema must come out exactly as it went in.

use std::io::{BufReader, Cursor, Read};

use jobbvei_exchange::{ExchangeError, import_reader};
use jobbvei_store::testing::{both, schema_outline};

use crate::{FULL, export_text, facts_agree, import_text};

/// More activities than one batch holds, so rows reach the tables before the failure.
const ACTIVITIES: usize = 25_000;

fn many_activities() -> String {
    let mut text = FULL.to_owned();
    for i in 0..ACTIVITIES {
        text.push_str(&format!(
            "{{\"type\":\"activity\",\"id\":\"bulk{i}\",\"user\":\"js1\",\"kind\":\"deltakermote\",\
             \"start\":\"2024-03-04T10:00:00+01:00\",\"minutes\":30,\"status\":\"gjennomfort\",\"channel\":\"fysisk\",\
             \"course\":\"c1\"}}\n"
        ));
    }
    text
}

/// A source that breaks after its good bytes, as a disk or a network might.
struct Broken;

impl Read for Broken {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("the source went away"))
    }
}

#[tokio::test]
async fn a_failure_half_way_leaves_data_and_schema_as_they_were() {
    let text = many_activities();
    for s in both("bulkfail").await {
        let schema = schema_outline(&s.db).await;
        assert!(schema.iter().any(|l| l.starts_with("index activity_user_date")), "{}", s.label);
        assert!(schema.iter().any(|l| l.starts_with("key ")), "{}", s.label);

        let reader = BufReader::new(Cursor::new(text.clone().into_bytes()).chain(Broken));
        let result = import_reader(&s.db, reader, |_| {}).await;
        assert!(matches!(&result, Err(ExchangeError::Io(e)) if e.to_string() == "the source went away"), "{result:?}");
        assert_eq!(export_text(&s.db).await, "", "{}: nothing written", s.label);
        assert_eq!(schema_outline(&s.db).await, schema, "{}: every index and key back", s.label);

        // The same file whole goes in, with everything put back and checked.
        assert_eq!(import_text(&s.db, &text).await.unwrap(), 36 + ACTIVITIES, "{}", s.label);
        assert_eq!(schema_outline(&s.db).await, schema, "{}: after a bulk load", s.label);
        assert_eq!(export_text(&s.db).await.lines().count(), 36 + ACTIVITIES, "{}", s.label);
        // Summed as the rows went in, across batches: FULL's three days and 2024-03-04.
        facts_agree(&s, 4).await;
        s.remove().await;
    }
}

/// Keys out of order (the office comes again) are upserted; text with the characters that
/// PostgreSQL's COPY format escapes comes back unchanged.
#[tokio::test]
async fn a_bulk_load_takes_the_same_id_twice_and_keeps_the_last() {
    let odd = r#"{"type":"activity","id":"zz","user":"js1","kind":"deltakermote","start":"2024-03-04T10:00:00+01:00","minutes":30,"status":"gjennomfort","channel":"fysisk","note":"tab\there, back\\slash \\N\nnew line"}"#;
    for s in both("bulktwice").await {
        let twice = format!("{FULL}{odd}\n{{\"type\":\"office\",\"id\":\"0314\",\"name\":\"NAV Sagene endret\"}}\n");
        assert_eq!(import_text(&s.db, &twice).await.unwrap(), 38, "{}", s.label);
        let text = export_text(&s.db).await;
        assert!(text.contains(r#"{"type":"office","id":"0314","name":"NAV Sagene endret"}"#), "{}", s.label);
        assert!(text.contains(r#""note":"tab\there, back\\slash \\N\nnew line""#), "{}", s.label);
        assert_eq!(text.lines().count(), 37, "{}", s.label);
        s.remove().await;
    }
}

/// An activity that comes twice (its key goes back) is summed once, on its last day: the
/// facts summed during the load give way to a rebuild from the stored activities.
#[tokio::test]
async fn facts_of_an_activity_that_comes_twice_count_its_last_version() {
    let line = |day: &str, minutes: u32| {
        format!(
            "{{\"type\":\"activity\",\"id\":\"zz\",\"user\":\"js1\",\"kind\":\"deltakermote\",\
             \"start\":\"{day}T10:00:00+01:00\",\"minutes\":{minutes},\"status\":\"gjennomfort\",\"channel\":\"fysisk\"}}\n"
        )
    };
    let text = format!("{FULL}{}{}", line("2024-03-04", 30), line("2024-03-05", 45));
    for s in both("bulkfacts").await {
        assert_eq!(import_text(&s.db, &text).await.unwrap(), 38, "{}", s.label);
        // FULL's three days and 2024-03-05; 2024-03-04 no longer has an activity.
        facts_agree(&s, 4).await;
        s.remove().await;
    }
}
