//! `jobbvei report referrals` (rule R3@1) as a user runs it: a hand-made file whose every
//! figure is worked out in the comments, both formats, English refusals, and the same
//! report on both engines.

use super::{Dir, jobbvei, text};

const REFERRALS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/referrals.jsonl");
const WINDOW: [&str; 6] = ["report", "referrals", "--from", "2024-01-01", "--to", "2024-03-31"];

fn report(dir: &Dir, extra: &[&str]) -> String {
    let out = jobbvei(&dir.0, &[&WINDOW[..], extra].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn report_referrals_counts_the_hand_made_file() {
    let dir = Dir::new("referrals");
    let out = jobbvei(&dir.0, &["import", REFERRALS]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // t1: r1–r4. r1 accepted after 3 days, course c1 (referred the day r1 was sent) 7 days
    // later; r2 rejected for active substance use after 10 days; r3 rejected after 2 days with
    // an older file's free text, read as `annet`; r4 unanswered. 2 of 3 answered rejected;
    // answers 2, 3, 10 → 3. t2: r6 was sent before the window; r5 answered in 4 days, course
    // c5 16 days later (leap year). t3: r7 answered in 3 days; its course starts 15.04, after
    // the window, so it is not measured.
    let by_team = report(&dir, &["--by", "team"]);
    let expected = "[\n\
        {\"rule\":\"R3@1\",\"group_kind\":\"team\",\"group_id\":\"t1\",\"sent\":4,\"accepted\":1,\"rejected\":2,\"unanswered\":1,\"rejected_share\":66.66666666666666,\"rejected_by_reason\":{\"ikke_motivert_na\":0,\"helse_ma_avklares\":0,\"aktiv_rus\":1,\"onsker_utdanning\":0,\"utenfor_malgruppen\":0,\"annet\":1},\"days_to_decision_median\":3,\"days_to_decision_n\":3,\"days_to_start_median\":7,\"days_to_start_n\":1},\n\
        {\"rule\":\"R3@1\",\"group_kind\":\"team\",\"group_id\":\"t2\",\"sent\":1,\"accepted\":1,\"rejected\":0,\"unanswered\":0,\"rejected_share\":0,\"rejected_by_reason\":{\"ikke_motivert_na\":0,\"helse_ma_avklares\":0,\"aktiv_rus\":0,\"onsker_utdanning\":0,\"utenfor_malgruppen\":0,\"annet\":0},\"days_to_decision_median\":4,\"days_to_decision_n\":1,\"days_to_start_median\":16,\"days_to_start_n\":1},\n\
        {\"rule\":\"R3@1\",\"group_kind\":\"team\",\"group_id\":\"t3\",\"sent\":1,\"accepted\":1,\"rejected\":0,\"unanswered\":0,\"rejected_share\":0,\"rejected_by_reason\":{\"ikke_motivert_na\":0,\"helse_ma_avklares\":0,\"aktiv_rus\":0,\"onsker_utdanning\":0,\"utenfor_malgruppen\":0,\"annet\":0},\"days_to_decision_median\":3,\"days_to_decision_n\":1,\"days_to_start_median\":null,\"days_to_start_n\":0}\n\
        ]\n";
    assert_eq!(by_team, expected);
    // Office 0314 = t1 + t2: 2 of 4 answered rejected; answers 2, 3, 4, 10 → 3.5; meetings
    // 7 and 16 → 11.5. All: 2 of 5; answers 2, 3, 3, 4, 10 → 3.
    let csv = report(&dir, &["--by", "office", "--format", "csv"]);
    assert_eq!(
        csv,
        "\u{feff}rule;group_kind;group_id;sent;accepted;rejected;unanswered;rejected_share;rejected_ikke_motivert_na;\
         rejected_helse_ma_avklares;rejected_aktiv_rus;rejected_onsker_utdanning;rejected_utenfor_malgruppen;\
         rejected_annet;days_to_decision_median;days_to_decision_n;days_to_start_median;days_to_start_n\r\n\
         R3@1;office;0314;5;2;2;1;50;0;0;1;0;0;1;3,5;4;11,5;2\r\n\
         R3@1;office;0315;1;1;0;0;0;0;0;0;0;0;0;3;1;;0\r\n"
    );
    let all = report(&dir, &["--by", "all", "--format", "csv"]);
    assert!(all.ends_with("\r\nR3@1;all;all;6;3;2;1;40;0;0;1;0;0;1;3;5;11,5;2\r\n"), "{all}");
    // A window with nothing sent: zeros, and no share or median.
    let empty = jobbvei(&dir.0, &["report", "referrals", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "all"]);
    assert!(
        text(&empty.stdout)
            .contains("\"sent\":0,\"accepted\":0,\"rejected\":0,\"unanswered\":0,\"rejected_share\":null")
    );
    // The older file's free text is kept as written: an export gives it back.
    let export = text(&jobbvei(&dir.0, &["export"]).stdout);
    assert!(export.contains("\"reason\":\"Ønsker skole først; senere\""), "{export}");
}

#[test]
fn report_referrals_refuses_bad_arguments_in_english() {
    let dir = Dir::new("referrals-usage");
    let run = |args: &[&str], code: i32| {
        let out = jobbvei(&dir.0, &[&["report", "referrals"][..], args].concat());
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        text(&out.stderr)
    };
    assert!(
        run(&["--from", "2024-13-01", "--to", "2024-12-31", "--by", "all"], 1)
            .contains("--from must be a date YYYY-MM-DD")
    );
    assert!(
        run(&["--from", "2024-06-01", "--to", "2024-05-31", "--by", "all"], 1)
            .contains("--to must not be before --from")
    );
    let by = run(&["--from", "2024-01-01", "--to", "2024-12-31", "--by", "job_specialist"], 2);
    assert!(by.contains("invalid value 'job_specialist' for '--by <BY>'") && by.contains("office"), "{by}");
}

#[test]
fn report_referrals_is_the_same_on_both_engines() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("referrals")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let dir = Dir::new("referrals-engines");
    assert!(jobbvei(&dir.0, &["import", REFERRALS]).status.success());
    assert!(jobbvei(&dir.0, &["--database-url", &url, "import", REFERRALS]).status.success());
    for extra in [&["--by", "team"][..], &["--by", "office", "--format", "csv"][..], &["--by", "all"][..]] {
        let sqlite = report(&dir, extra);
        let args = [&["--database-url", url.as_str()][..], &WINDOW[..], extra].concat();
        assert_eq!(sqlite, text(&jobbvei(&dir.0, &args).stdout), "{extra:?}");
    }
    rt.block_on(pg.remove());
}
