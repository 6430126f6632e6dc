//! `jobbvei report survival` as a user runs it: hand-made records with figures worked out
//! by hand, and the demo data on both engines.

use super::{Dir, jobbvei, text};

const SURVIVAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/survival.jsonl");

const WINDOW: [&str; 8] = ["report", "survival", "--from", "2025-01-01", "--to", "2025-06-30", "--as-of", "2025-12-31"];

/// The fixture, day by day from each course's start (as-of 2025-12-31):
/// t1 (js1): c1 a paid job on its first day (day 0); c2 an unpaid placement, then a paid job
/// on day 60; c5 starts on the window's last day and its job after the as-of day: censored
/// on day 184. t2 (js2): c3 ended on day 90 before its job: censored; c4 held a job from
/// before its start and got none since: censored on day 305. c6 started before the window.
///
/// t1: S(0) = 2/3, S(60) = 1/3, median day 60. Log-rank: day 0, 5 at risk (3 in t1), 1 event:
/// E = 3/5, V = 3/5 · 2/5 = 6/25; day 60, 4 at risk (2 in t1): E = 1/2, V = 1/4.
/// O − E = 2 − 1.1 = 0.9, χ² = 0.81 ÷ 0.49 = 1.6530612…
#[test]
fn report_survival_of_hand_made_records() {
    let dir = Dir::new("survival");
    let out = jobbvei(&dir.0, &["import", SURVIVAL]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = jobbvei(&dir.0, &[&WINDOW[..], &["--by", "team"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = concat!(
        "{\"rule\":\"R2@1\",\"groups\":[\n",
        "{\"group_kind\":\"team\",\"group_id\":\"t1\",\"n\":3,\"events\":2,\"censored\":1,\"median_days\":60,",
        "\"at_risk\":{\"0\":3,\"90\":1,\"180\":1,\"365\":0,\"730\":0},\"curve\":[",
        "{\"day\":0,\"at_risk\":3,\"events\":1,\"censored\":0,\"survival\":0.6666666666666667,",
        "\"lower\":0.054073426786516596,\"upper\":0.945206387272047},",
        "{\"day\":60,\"at_risk\":2,\"events\":1,\"censored\":0,\"survival\":0.33333333333333337,",
        "\"lower\":0.008961628330979066,\"upper\":0.7741486503608328},",
        "{\"day\":184,\"at_risk\":1,\"events\":0,\"censored\":1,\"survival\":0.33333333333333337,",
        "\"lower\":0.008961628330979066,\"upper\":0.7741486503608328}]},\n",
        "{\"group_kind\":\"team\",\"group_id\":\"t2\",\"n\":2,\"events\":0,\"censored\":2,\"median_days\":null,",
        "\"at_risk\":{\"0\":2,\"90\":2,\"180\":1,\"365\":0,\"730\":0},\"curve\":[",
        "{\"day\":90,\"at_risk\":2,\"events\":0,\"censored\":1,\"survival\":1,\"lower\":null,\"upper\":null},",
        "{\"day\":305,\"at_risk\":1,\"events\":0,\"censored\":1,\"survival\":1,\"lower\":null,\"upper\":null}]}\n",
        "],\"logrank\":{\"chi2\":1.653061224489796,\"df\":1,\"p\":0.1985427936866616}}\n",
    );
    assert_eq!(text(&out.stdout), expected);
    // The output is JSON as it says.
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed["groups"][0]["at_risk"]["90"], 1);

    let out = jobbvei(&dir.0, &[&WINDOW[..], &["--by", "team", "--format", "csv"]].concat());
    assert_eq!(
        text(&out.stdout),
        "group_kind,group_id,day,at_risk,events,censored,survival,lower,upper\n\
         team,t1,0,3,1,0,0.6666666666666667,0.054073426786516596,0.945206387272047\n\
         team,t1,60,2,1,0,0.33333333333333337,0.008961628330979066,0.7741486503608328\n\
         team,t1,184,1,0,1,0.33333333333333337,0.008961628330979066,0.7741486503608328\n\
         team,t2,90,2,0,1,1,,\n\
         team,t2,305,1,0,1,1,,\n"
    );

    // One group: nothing to compare. The offices are those of the teams; the levels, the
    // participants' in four bands (A2+ and A1 are A, B1 is B, none given is ukjent).
    let report = |by: &str| -> serde_json::Value {
        let out = jobbvei(&dir.0, &[&WINDOW[..], &["--by", by]].concat());
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let summary = |r: &serde_json::Value| -> Vec<(String, u64, u64)> {
        let groups = r["groups"].as_array().unwrap();
        groups
            .iter()
            .map(|g| {
                (g["group_id"].as_str().unwrap().to_owned(), g["n"].as_u64().unwrap(), g["events"].as_u64().unwrap())
            })
            .collect()
    };
    let all = report("all");
    assert_eq!(summary(&all), [("all".to_owned(), 5, 2)]);
    assert!(all["logrank"].is_null());
    // S falls to 4/5 on day 0 and 3/5 on day 60, never to one half.
    assert!(all["groups"][0]["median_days"].is_null());
    let owned = |v: &[(&str, u64, u64)]| v.iter().map(|(g, n, e)| ((*g).to_owned(), *n, *e)).collect::<Vec<_>>();
    assert_eq!(summary(&report("office")), owned(&[("0314", 3, 2), ("0315", 2, 0)]));
    assert_eq!(summary(&report("method")), owned(&[("SE", 2, 0), ("UO", 0, 0), ("IPS", 3, 2)]));
    assert_eq!(
        summary(&report("norwegian_level")),
        owned(&[("ingen", 1, 0), ("A", 2, 1), ("B", 1, 1), ("ukjent", 1, 0)])
    );
    assert_eq!(summary(&report("start_year")), owned(&[("2025", 5, 2)]));
    assert_eq!(report("norwegian_level")["logrank"]["df"], 3);
}

#[test]
fn report_survival_refuses_days_out_of_order() {
    let dir = Dir::new("survival-usage");
    let run =
        |args: &[&str]| text(&jobbvei(&dir.0, &[&["report", "survival", "--by", "all"][..], args].concat()).stderr);
    assert!(
        run(&["--from", "2025-02-01", "--to", "2025-01-01", "--as-of", "2025-12-31"])
            .contains("--to must not be before --from")
    );
    assert!(
        run(&["--from", "2025-01-01", "--to", "2025-06-30", "--as-of", "2025-06-29"])
            .contains("--as-of must not be before --to")
    );
    assert!(
        run(&["--from", "2025-01-01", "--to", "2025-06-30", "--as-of", "31.12.2025"])
            .contains("--as-of must be a date YYYY-MM-DD")
    );
    let bad = text(
        &jobbvei(
            &dir.0,
            &[
                "report",
                "survival",
                "--from",
                "2025-01-01",
                "--to",
                "2025-06-30",
                "--as-of",
                "2025-12-31",
                "--by",
                "county",
            ],
        )
        .stderr,
    );
    assert!(bad.contains("invalid value 'county'"), "{bad}");
}

#[test]
fn report_survival_and_compare_are_the_same_on_both_engines() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("survival")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let dir = Dir::new("survival-engines");
    // Office scale: three teams, so that two can be compared.
    let demo = ["demo", "--scale", "office", "--seed", "3", "--as-of", "2026-11-20"];
    assert!(jobbvei(&dir.0, &demo).status.success());
    assert!(jobbvei(&dir.0, &[&["--database-url", url.as_str()][..], &demo[..]].concat()).status.success());
    for by in ["method", "team", "office", "norwegian_level", "start_year", "all"] {
        for format in ["json", "csv"] {
            let args = [
                "report",
                "survival",
                "--from",
                "2024-01-01",
                "--to",
                "2026-11-20",
                "--as-of",
                "2026-11-20",
                "--by",
                by,
                "--format",
                format,
            ];
            let sqlite = jobbvei(&dir.0, &args);
            let postgres = jobbvei(&dir.0, &[&["--database-url", url.as_str()][..], &args[..]].concat());
            assert!(sqlite.status.success() && postgres.status.success(), "{}", text(&postgres.stderr));
            assert!(sqlite.stdout.len() > 1000, "--by {by}: {}", text(&sqlite.stdout));
            assert_eq!(text(&sqlite.stdout), text(&postgres.stdout), "--by {by} --format {format}");
        }
    }
    // `report compare` on the same data: two methods, and the first two teams.
    let window = ["--from", "2024-01-01", "--to", "2025-12-31", "--as-of", "2026-11-20"];
    let ids = |by: &str| -> Vec<String> {
        let out = jobbvei(&dir.0, &[&["report", "survival", "--by", by][..], &window[..]].concat());
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        r["groups"]
            .as_array()
            .unwrap()
            .iter()
            .take(2)
            .map(|g| format!("{by}:{}", g["group_id"].as_str().unwrap()))
            .collect()
    };
    let mut pairs = vec![["method:SE".to_owned(), "method:IPS".to_owned()]];
    for by in ["team", "office"] {
        // The office demo has one office: then there are no two to compare.
        if let [a, b] = &ids(by)[..] {
            pairs.push([a.clone(), b.clone()]);
        }
    }
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    for [a, b] in &pairs {
        let args = [&["report", "compare", "--group-a", a, "--group-b", b][..], &window[..]].concat();
        let sqlite = jobbvei(&dir.0, &args);
        let postgres = jobbvei(&dir.0, &[&["--database-url", url.as_str()][..], &args[..]].concat());
        assert!(sqlite.status.success() && postgres.status.success(), "{}", text(&postgres.stderr));
        let r: serde_json::Value = serde_json::from_slice(&sqlite.stdout).unwrap();
        assert!(r["groups"][0]["matched"].as_u64().unwrap() > 0, "{a} {b}: {}", text(&sqlite.stdout));
        assert_eq!(text(&sqlite.stdout), text(&postgres.stdout), "{a} against {b}");
    }
    rt.block_on(pg.remove());
}
