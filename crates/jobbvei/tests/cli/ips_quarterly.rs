//! `jobbvei report ips-quarterly` as a user runs it, on the survival fixture: its IPS courses
//! are c1 (p1), c2 (p2) and c5 (p5), all Kari's (js1) in team t1 of office 0314; t2 is an SE
//! team with no IPS course, so it is not listed.
//!
//! Q1 2025: p1 and p2 served; p1 works from 10 January (j1, a new job); p2's jobbsmak is not
//! work: 1 of 2 is 50 %. Q2: p5 starts on 30 June, so 3 served; p2's paid job from 2 April (a
//! new job) makes 2 working: 66.67 %. Nobody is in education.

use super::{Dir, jobbvei, text};

const SURVIVAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/survival.jsonl");
const WINDOW: [&str; 6] = ["report", "ips-quarterly", "--from", "2025-01-01", "--to", "2025-06-30"];

fn report(dir: &Dir, extra: &[&str]) -> String {
    let out = jobbvei(&dir.0, &[&WINDOW[..], extra].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn report_ips_quarterly_of_hand_made_records() {
    let dir = Dir::new("ips-quarterly");
    assert!(jobbvei(&dir.0, &["import", SURVIVAL]).status.success());
    assert_eq!(
        report(&dir, &["--by", "team"]),
        "[\n{\"rule\":\"R5@1\",\"group_kind\":\"team\",\"group_id\":\"t1\",\"quarter\":\"2025-Q1\",\"served\":2,\
         \"working\":1,\"new_jobs\":1,\"education\":0,\"rate\":50,\"benchmark\":\"fremragende\"},\n\
         {\"rule\":\"R5@1\",\"group_kind\":\"team\",\"group_id\":\"t1\",\"quarter\":\"2025-Q2\",\"served\":3,\
         \"working\":2,\"new_jobs\":1,\"education\":0,\"rate\":66.66666666666666,\"benchmark\":\"fremragende\"}\n]\n"
    );
    assert_eq!(
        report(&dir, &["--by", "office", "--format", "csv"]),
        "\u{feff}rule;group_kind;group_id;quarter;served;working;new_jobs;education;rate;benchmark\r\n\
         R5@1;office;0314;2025-Q1;2;1;1;0;50;fremragende\r\n\
         R5@1;office;0314;2025-Q2;3;2;1;0;66,66666666666666;fremragende\r\n"
    );
    // Cut to 1 February: j1 started before it, so no new job in Q1.
    let out =
        jobbvei(&dir.0, &["report", "ips-quarterly", "--from", "2025-02-01", "--to", "2025-03-31", "--by", "all"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v[0]["group_id"].as_str(), v[0]["new_jobs"].as_u64(), v[0]["served"].as_u64()),
        (Some("all"), Some(0), Some(2))
    );
}

#[test]
fn report_ips_quarterly_refuses_bad_arguments_in_english() {
    let dir = Dir::new("ips-quarterly-usage");
    let run = |args: &[&str], code: i32| {
        let out = jobbvei(&dir.0, &[&["report", "ips-quarterly"][..], args].concat());
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        text(&out.stderr)
    };
    assert!(run(&["--from", "2025-02-30", "--to", "2025-12-31", "--by", "all"], 1).contains("--from must be a date"));
    assert!(run(&["--from", "2025-06-01", "--to", "2025-05-31", "--by", "all"], 1).contains("--to must not be before"));
    assert!(
        run(&["--from", "2025-01-01", "--to", "2025-12-31", "--by", "method"], 2).contains("invalid value 'method'")
    );
}

#[test]
fn report_ips_quarterly_is_the_same_on_both_engines() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("ips_quarterly")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let dir = Dir::new("ips-quarterly-engines");
    assert!(jobbvei(&dir.0, &["import", SURVIVAL]).status.success());
    assert!(jobbvei(&dir.0, &["--database-url", &url, "import", SURVIVAL]).status.success());
    for extra in [&["--by", "team"][..], &["--by", "office", "--format", "csv"][..], &["--by", "all"][..]] {
        let args = [&["--database-url", url.as_str()][..], &WINDOW[..], extra].concat();
        assert_eq!(report(&dir, extra), text(&jobbvei(&dir.0, &args).stdout), "{extra:?}");
    }
    rt.block_on(pg.remove());
}
