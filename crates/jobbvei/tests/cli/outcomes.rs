//! `jobbvei report outcomes` (rule R1@1) as a user runs it: a hand-made file whose every
//! count is worked out in the comments, the same report on both engines, and the rule's
//! page in docs/outcomes.md.

use super::{Dir, jobbvei, text};

const OUTCOMES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/outcomes.jsonl");
const WINDOW: [&str; 6] = ["report", "outcomes", "--from", "2024-01-01", "--to", "2024-06-30"];

fn report(dir: &Dir, extra: &[&str]) -> String {
    let out = jobbvei(&dir.0, &[&WINDOW[..], extra].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn report_outcomes_counts_the_hand_made_file_for_excel() {
    let dir = Dir::new("outcomes");
    assert!(jobbvei(&dir.0, &["import", OUTCOMES]).status.success());
    // c5 ended before the window: out. c1 works at 80 % on `to` (read that day) with a wage
    // subsidy, though passive; c2 ended to work after a completed placement, its job (100 %)
    // and subsidy over by `to`; c3 ended with cause annet after a jobbsmak that ran out (an
    // application for school is no education); c4 is at school. Referral r1 was sent before
    // the window. Employers: e1 (c1), e2 (c2's job; its placement ended before the window), e3.
    let expected = "\u{feff}rule;group_kind;group_id;table;category;count;denominator;share\r\n\
        R1@1;all;all;population;alle;4;4;100\r\n\
        R1@1;all;all;population;avsluttet;2;4;50\r\n\
        R1@1;all;all;population;apne;2;4;50\r\n\
        R1@1;all;all;status;arbeid;2;4;50\r\n\
        R1@1;all;all;status;utdanning;1;4;25\r\n\
        R1@1;all;all;status;passiv;0;4;0\r\n\
        R1@1;all;all;status;praksis;0;4;0\r\n\
        R1@1;all;all;status;oppfolging;0;4;0\r\n\
        R1@1;all;all;status;avsluttet_uten_arbeid;1;4;25\r\n\
        R1@1;all;all;sluttarsak;'=1+1;1;1;100\r\n\
        R1@1;all;all;praksis;fullfort_jobb;1;2;50\r\n\
        R1@1;all;all;praksis;fullfort_uten_jobb;1;2;50\r\n\
        R1@1;all;all;praksis;ikke_fullfort_jobb;0;2;0\r\n\
        R1@1;all;all;praksis;ikke_fullfort_uten_jobb;0;2;0\r\n\
        R1@1;all;all;praksis;konvertering;1;2;50\r\n\
        R1@1;all;all;jobbform;tilkalling;0;2;0\r\n\
        R1@1;all;all;jobbform;tidsbegrenset;1;2;50\r\n\
        R1@1;all;all;jobbform;fast;1;2;50\r\n\
        R1@1;all;all;jobbform;laerling;0;2;0\r\n\
        R1@1;all;all;jobbform;selvstendig;0;2;0\r\n\
        R1@1;all;all;jobbform;ukjent;0;2;0\r\n\
        R1@1;all;all;stillingsandel;100;1;2;50\r\n\
        R1@1;all;all;stillingsandel;60-99;1;2;50\r\n\
        R1@1;all;all;stillingsandel;1-59;0;2;0\r\n\
        R1@1;all;all;stillingsandel;ukjent;0;2;0\r\n\
        R1@1;all;all;tilskudd;med;1;2;50\r\n\
        R1@1;all;all;tilskudd;uten;1;2;50\r\n\
        R1@1;all;all;bransje;Reiseliv og mat;1;2;50\r\n\
        R1@1;all;all;bransje;ukjent;1;2;50\r\n\
        R1@1;all;all;henvisninger;akseptert;1;3;33,33333333333333\r\n\
        R1@1;all;all;henvisninger;avvist;1;3;33,33333333333333\r\n\
        R1@1;all;all;henvisninger;ubesvart;1;3;33,33333333333333\r\n\
        R1@1;all;all;avvisningsgrunn;\"Ønsker utdanning først; senere\";1;1;100\r\n\
        R1@1;all;all;arbeidsgivere;alle;3;;\r\n";
    assert_eq!(report(&dir, &["--by", "all", "--format", "csv"]), expected);

    // Teams: js1's c1 and c3 are t1's, with r2; js2's c2 and c4 are t2's, with r3 and r4.
    let json = report(&dir, &["--by", "team"]);
    for line in [
        r#"{"rule":"R1@1","group_kind":"team","group_id":"t1","table":"status","category":"arbeid","count":1,"denominator":2,"share":50},"#,
        r#"{"rule":"R1@1","group_kind":"team","group_id":"t1","table":"henvisninger","category":"akseptert","count":1,"denominator":1,"share":100},"#,
        r#"{"rule":"R1@1","group_kind":"team","group_id":"t2","table":"henvisninger","category":"ubesvart","count":1,"denominator":2,"share":50},"#,
        r#"{"rule":"R1@1","group_kind":"team","group_id":"t2","table":"sluttarsak","category":"=1+1","count":0,"denominator":0,"share":null},"#,
        r#"{"rule":"R1@1","group_kind":"team","group_id":"t2","table":"arbeidsgivere","category":"alle","count":1,"denominator":null,"share":null}"#,
    ] {
        assert!(json.lines().any(|l| l == line), "{line}\n{json}");
    }
    // Referrals go to teams: a job specialist's groups have no referral tables.
    let by_js = report(&dir, &["--by", "job_specialist"]);
    assert!(by_js.contains(r#""group_id":"js2","table":"status","category":"utdanning","count":1"#), "{by_js}");
    assert!(!by_js.contains("henvisninger") && !by_js.contains("avvisningsgrunn"));

    // Split by Norwegian level: p1 (A2+) is in work, p2 (B1) ended to work, p3 is unknown.
    let split = report(&dir, &["--by", "office", "--split", "norwegian_level"]);
    for part in [
        r#""group_id":"0314","split_value":"A","table":"status","category":"arbeid","count":1,"denominator":1,"share":100}"#,
        r#""group_id":"0314","split_value":"B","table":"tilskudd","category":"uten","count":1,"denominator":1,"share":100}"#,
        r#""group_id":"0314","split_value":"ukjent","table":"henvisninger","category":"ubesvart","count":1,"denominator":2,"share":50}"#,
        r#""group_id":"0314","split_value":"ingen","table":"status","category":"arbeid","count":0,"denominator":0,"share":null}"#,
    ] {
        assert!(split.contains(part), "{part}\n{split}");
    }
    let csv = report(&dir, &["--by", "all", "--split", "birth_year", "--format", "csv"]);
    assert!(csv.starts_with("\u{feff}rule;group_kind;group_id;split_value;table;category;count;denominator;share\r\n"));
    assert!(csv.contains("R1@1;all;all;1980-1989;status;arbeid;1;1;100\r\n"), "{csv}");
    assert!(csv.contains("R1@1;all;all;ukjent;status;utdanning;1;2;50\r\n"), "{csv}");
}

#[test]
fn report_outcomes_refuses_bad_arguments_in_english() {
    let dir = Dir::new("outcomes-usage");
    let run = |args: &[&str]| {
        let out = jobbvei(&dir.0, &[&["report", "outcomes"][..], args].concat());
        assert_eq!(out.status.code(), Some(if args.contains(&"nobody") { 2 } else { 1 }), "{args:?}");
        text(&out.stderr)
    };
    assert!(
        run(&["--from", "2024-13-01", "--to", "2024-12-31", "--by", "all"])
            .contains("--from must be a date YYYY-MM-DD")
    );
    assert!(
        run(&["--from", "2024-06-01", "--to", "2024-05-31", "--by", "all"]).contains("--to must not be before --from")
    );
    let by = run(&["--from", "2024-01-01", "--to", "2024-12-31", "--by", "nobody"]);
    assert!(by.contains("invalid value 'nobody' for '--by <BY>'") && by.contains("job_specialist"), "{by}");
}

#[test]
fn report_outcomes_is_the_same_on_both_engines() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("outcomes")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let on_pg = |args: &[&'static str]| {
        let mut all = vec!["--database-url".to_owned(), url.clone()];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        all
    };
    let (demo, file) = (Dir::new("outcomes-demo"), Dir::new("outcomes-file"));
    let seed = ["demo", "--scale", "small", "--seed", "3", "--as-of", "2026-11-20"];
    assert!(jobbvei(&demo.0, &seed).status.success());
    assert!(jobbvei(&demo.0, &refs(&on_pg(&seed))).status.success());
    let cases: [&[&str]; 6] = [
        &["--by", "all"],
        &["--by", "job_specialist", "--format", "csv"],
        &["--by", "team", "--split", "norwegian_level"],
        &["--by", "office", "--split", "interpreter", "--format", "csv"],
        &["--by", "all", "--split", "birth_year"],
        &["--by", "team", "--split", "method"],
    ];
    for extra in cases {
        let args = [&["report", "outcomes", "--from", "2025-06-01", "--to", "2026-11-20"][..], extra].concat();
        let sqlite = jobbvei(&demo.0, &args);
        let postgres = jobbvei(&demo.0, &refs(&on_pg(&args)));
        assert!(sqlite.status.success() && postgres.status.success(), "{}", text(&postgres.stderr));
        assert!(sqlite.stdout.len() > 2000, "{extra:?}");
        assert_eq!(text(&sqlite.stdout), text(&postgres.stdout), "{extra:?}");
    }
    // The hand-made file, moved onto PostgreSQL: the same bytes.
    rt.block_on(pg.remove());
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("outcomes-file")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    assert!(jobbvei(&file.0, &["import", OUTCOMES]).status.success());
    assert!(jobbvei(&file.0, &["--database-url", &url, "import", OUTCOMES]).status.success());
    for extra in [&["--by", "all", "--format", "csv"][..], &["--by", "team", "--split", "birth_year"][..]] {
        let sqlite = report(&file, extra);
        let args = [&["--database-url", url.as_str()][..], &WINDOW[..], extra].concat();
        assert_eq!(sqlite, text(&jobbvei(&file.0, &args).stdout), "{extra:?}");
    }
    rt.block_on(pg.remove());
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn outcome_docs_match_the_code() {
    let dir = Dir::new("outcome-docs");
    let generated = text(&jobbvei(&dir.0, &["docs", "outcomes"]).stdout);
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/outcomes.md")).unwrap();
    assert_eq!(generated, committed, "run `jobbvei docs outcomes > docs/outcomes.md`");
}
