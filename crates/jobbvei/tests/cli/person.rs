//! `jobbvei person report` (issue 16, the person's rights): everything stored about a person
//! and every audit row about them, as JSON and printable HTML, on both engines; audited.

use super::*;

fn check_report(dir: &Path, db: &[&str]) {
    let run = |extra: &[&str]| jobbvei(dir, &[db, extra].concat());
    assert!(run(&["import", FULL]).status.success());
    let out = run(&["person", "report", "--fnr", "15038512363", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], "jobbvei-person-report");
    assert_eq!(report["participant"], "p1");
    let rows = |table: &str| -> Vec<serde_json::Value> {
        let t = report["tables"].as_array().unwrap().iter().find(|t| t["table"] == table);
        t.unwrap_or_else(|| panic!("{table} missing"))["rows"].as_array().unwrap().clone()
    };
    assert_eq!(rows("participant")[0]["name"], "Amina Yusuf");
    assert_eq!(rows("participant")[0]["fnr"], "15038512363");
    let jobs: Vec<String> = rows("job").iter().map(|j| j["id"].as_str().unwrap().to_owned()).collect();
    assert!(jobs.contains(&"j1".to_owned()) && jobs.contains(&"j2".to_owned()), "{jobs:?}");
    assert_eq!(rows("job_percent").len(), 3);
    let activities = rows("activity");
    assert!(activities.iter().any(|a| a["note"] == "Presenterte \"kandidat\" – godt møte"), "{activities:?}");
    assert!(!rows("course").is_empty() && !rows("course_phase").is_empty());
    assert!(rows("participant").len() == 1 && rows("vocational_profile").is_empty());
    // Only p1's records: nothing of p2 (Jonas Dahl).
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Jonas Dahl"));
    // The report audited itself, and a second one lists the first with its actor.
    let audit = report["audit"].as_array().unwrap();
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!((audit[0]["action"].as_str(), audit[0]["record"].as_str()), (Some("person_report"), Some("p1")));
    assert!(audit[0]["username"].as_str().unwrap().starts_with("cli"));

    let file = dir.join("innsyn.html");
    let out = run(&["person", "report", "--fnr", "15038512363", "--output", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("wrote the report on participant p1 ("), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains("Amina") && !text(&out.stdout).contains("15038512363"));
    let html = std::fs::read_to_string(&file).unwrap();
    for expected in [
        "<html lang=\"nb\">",
        "Innsyn: opplysninger om Amina Yusuf",
        "Bakerassistent",
        "– godt møte",
        "Kari Nordmann",
        "Hvem har lest og endret opplysningene",
        "laget innsynsrapport",
        "Kommandolinjen",
    ] {
        assert!(html.contains(expected), "{expected} missing");
    }
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("Tilbake til"));
    // Labels and names in the HTML; ids and column names only in the JSON.
    assert!(!html.contains("(js1)") && !html.contains("participant_id") && html.contains("Jobbspesialist"));
    let audited = text(&run(&["audit", "--participant", "p1", "--format", "json"]).stdout);
    assert_eq!(audited.matches("\"person_report\"").count(), 2, "{audited}");

    for (fnr, message) in [
        ("15038512364", "--fnr must be a valid fødselsnummer or d-nummer"),
        ("abc", "--fnr must be a valid fødselsnummer or d-nummer"),
        ("01018512366", "no participant has this fødselsnummer"),
    ] {
        let out = run(&["person", "report", "--fnr", fnr]);
        assert_eq!(out.status.code(), Some(1), "{fnr}");
        assert!(text(&out.stderr).contains(message), "{fnr}: {}", text(&out.stderr));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn person_report_lists_everything_and_who_read_it() {
    let dir = Dir::new("person");
    check_report(&dir.0, &[]);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("person")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let pg_dir = Dir::new("person-pg");
    check_report(&pg_dir.0, &["--database-url", &url]);
    rt.block_on(pg.remove());
}
