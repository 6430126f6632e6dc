//! `jobbvei report compare` and `jobbvei extract` as a user runs them, on hand-made records
//! (the same courses as the domain's comparison test, so the same hand-worked figures) and
//! on the demo data of both engines.

use std::collections::HashSet;
use std::process::Command;

use super::{Dir, jobbvei, text};

const EVALUATION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evaluation.jsonl");

const WINDOW: [&str; 8] = ["report", "compare", "--from", "2025-01-01", "--to", "2025-12-31", "--as-of", "2026-06-30"];

fn imported(label: &str) -> Dir {
    let dir = Dir::new(label);
    let out = jobbvei(&dir.0, &["import", EVALUATION]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

/// t1: a1 and a2 (1980s, A, no interpreter, 2025), a3 (1990s, B, unknown, 2025), a4 started
/// in 2024. t2: b1 in a1's stratum, b2 in a3's, b3 alone. Pairs a1–b1 and a3–b2: each team
/// 3 courses, 2 matched, 1 dropped. a1 in work on the as-of day, a3 ended without; b1's job
/// ended (followed up), b2 ended to work. Curves: a1 job on day 30, a3 censored on day 183;
/// b1 job on day 0, b2 censored on day 183. Log-rank: χ² = 1/17 (worked in the domain test).
#[test]
fn report_compare_of_hand_made_records() {
    let dir = imported("compare");
    let out = jobbvei(&dir.0, &[&WINDOW[..], &["--group-a", "team:t1", "--group-b", "team:t2"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with(
        "{\"rule\":\"R4@1\",\"from\":\"2025-01-01\",\"to\":\"2025-12-31\",\"as_of\":\"2026-06-30\",\
         \"matched_on\":[\"birth_year_band\",\"norwegian_level\",\"interpreter\",\"start_year\"],\"strata\":2,\"groups\":[\n"
    ));
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let g = |i: usize| &r["groups"][i];
    for i in 0..2 {
        assert_eq!(
            (g(i)["n"].as_u64(), g(i)["matched"].as_u64(), g(i)["dropped"].as_u64()),
            (Some(3), Some(2), Some(1))
        );
    }
    let statuses = |i: usize| -> Vec<(String, u64)> {
        g(i)["status"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["status"].as_str().unwrap().to_owned(), s["count"].as_u64().unwrap()))
            .collect()
    };
    let expected = |counts: [u64; 6]| -> Vec<(String, u64)> {
        ["arbeid", "utdanning", "passiv", "praksis", "oppfolging", "avsluttet_uten_arbeid"]
            .iter()
            .zip(counts)
            .map(|(s, n)| ((*s).to_owned(), n))
            .collect()
    };
    assert_eq!(statuses(0), expected([1, 0, 0, 0, 0, 1]));
    assert_eq!(statuses(1), expected([1, 0, 0, 0, 1, 0]));
    assert_eq!(g(0)["status"][0]["share"], 50);
    assert_eq!(
        (g(0)["survival"]["median_days"].as_u64(), g(1)["survival"]["median_days"].as_u64()),
        (Some(30), Some(0))
    );
    assert_eq!(g(0)["survival"]["curve"][1]["day"], 183);
    assert_eq!(r["logrank"]["df"], 1);
    assert!((r["logrank"]["chi2"].as_f64().unwrap() - 1.0 / 17.0).abs() < 1e-12);
    // The teams' methods are SE and IPS: the same courses, the same figures.
    let by_method = jobbvei(&dir.0, &[&WINDOW[..], &["--group-a", "method:SE", "--group-b", "method:IPS"]].concat());
    let m: serde_json::Value = serde_json::from_slice(&by_method.stdout).unwrap();
    assert_eq!(m["groups"][0]["survival"], r["groups"][0]["survival"]);
    assert_eq!(m["logrank"], r["logrank"]);
}

#[test]
fn report_compare_refuses_what_it_cannot_compare() {
    let dir = imported("compare-usage");
    let run = |a: &str, b: &str| {
        let out = jobbvei(&dir.0, &[&WINDOW[..], &["--group-a", a, "--group-b", b]].concat());
        assert_ne!(out.status.code(), Some(0));
        assert!(out.stdout.is_empty());
        text(&out.stderr)
    };
    assert!(run("team:t1", "method:IPS").contains("the two groups must be of the same kind"));
    assert!(run("team:t1", "team:t1").contains("the two groups are the same"));
    assert!(run("team:t1", "team:t9").contains("--group-b: there is no team t9"));
    assert!(run("t1", "team:t2").contains("--group-a must be KIND:ID, got \"t1\""));
    assert!(run("method:XX", "method:SE").contains("--group-a names no method: XX"));
    assert!(run("start_year:2025", "start_year:2024").contains("cannot compare by start_year"));
    assert!(run("county:03", "county:46").contains("KIND one of method, team, office"));
}

/// Every name, national id, postal code, free text and date of the fixture.
fn secrets() -> Vec<String> {
    let mut out = Vec::new();
    for line in std::fs::read_to_string(EVALUATION).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for (field, value) in v.as_object().unwrap() {
            let Some(s) = value.as_str() else { continue };
            let date = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
            if date || ["name", "fnr", "postal_code", "orgnr", "end_cause_detail"].contains(&field.as_str()) {
                out.push(s.to_owned());
            }
        }
    }
    out
}

fn pseudonyms(csv: &str) -> HashSet<String> {
    csv.lines().skip(1).map(|l| l.split(',').next().unwrap().to_owned()).collect()
}

#[test]
fn extract_is_pseudonymous_k_anonymous_and_audited() {
    let dir = imported("extract");
    let key = dir.0.join("key");
    std::fs::write(&key, [7u8; 32]).unwrap();
    let file = dir.0.join("x.csv");
    let extract = |key: &std::path::Path, k: &str| {
        let args = ["extract", "--from", "2025-01-01", "--to", "2025-12-31", "--key-file", key.to_str().unwrap()];
        let out = jobbvei(&dir.0, &[&args[..], &["--k", k, "--output", file.to_str().unwrap()]].concat());
        assert!(out.status.success(), "{}", text(&out.stderr));
        (text(&out.stdout), std::fs::read_to_string(&file).unwrap())
    };
    // k = 2. Only a1, a2 and a4 (1980s, A, no interpreter, Oslo, SE) share their
    // quasi-identifiers; the other four are alone at every step, so all steps are taken.
    let (said, csv) = extract(&key, "2");
    assert!(said.contains("3 rows written to"), "{said}");
    assert!(said.contains("k = 3 reached (asked 2), 4 rows left out, quasi-identifiers widened: birth_year_20_region"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "pseudonym,method,birth_year_band,norwegian_level,interpreter,county,start_year,days_to_first_paid_job,\
         event,days_observed,status,status_job_form,status_job_percent_band,ended,end_cause"
    );
    assert_eq!(lines.len(), 4);
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[1..6], ["SE", "1980-1999", "A", "nei", "ostlandet"], "{line}");
        assert!(cells[0].len() == 64 && cells[0].bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
        for cell in &cells[1..] {
            for secret in secrets() {
                assert!(!cell.contains(&secret), "{secret} in {line}");
            }
        }
    }
    // a1, in work from day 30 (2025-02-01 to 2025-03-03), followed 333 days to 2025-12-31.
    assert!(csv.contains(",SE,1980-1999,A,nei,ostlandet,2025,30,1,333,arbeid,fast,ukjent,0,\n"), "{csv}");
    for secret in secrets() {
        assert!(!csv.contains(&format!(",{secret},")), "{secret} in the file");
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // The same key, the same pseudonyms; another key, none of them.
    let (_, again) = extract(&key, "2");
    assert_eq!(again, csv);
    let other = dir.0.join("other");
    std::fs::write(&other, [8u8; 40]).unwrap();
    let (_, with_other) = extract(&other, "2");
    assert!(pseudonyms(&with_other).is_disjoint(&pseudonyms(&csv)));
    assert_eq!(pseudonyms(&csv).len(), 3);

    // k = 5 cannot be reached by seven courses in these groups.
    let (said, csv) = extract(&key, "5");
    assert!(said.contains("no row could be kept with k = 5; 7 rows left out"), "{said}");
    assert_eq!(csv.lines().count(), 1);

    // Every extract is in the audit log, with its window, k and rows; never the key.
    let audit = text(&jobbvei(&dir.0, &["audit", "--format", "csv"]).stdout);
    let extracts: Vec<&str> = audit.lines().filter(|l| l.contains("research_extract")).collect();
    assert_eq!(extracts.len(), 4, "{audit}");
    assert!(
        extracts.iter().any(|l| l.contains("from=2025-01-01") && l.contains("k=2") && l.contains("rows=3")),
        "{audit}"
    );
    assert!(extracts.iter().all(|l| l.contains("export") && l.contains("cli")));
}

#[test]
fn extract_refuses_a_short_key_and_writes_nothing() {
    let dir = imported("extract-key");
    let key = dir.0.join("key");
    std::fs::write(&key, b"too short a key, 31 bytes long.").unwrap();
    let file = dir.0.join("x.csv");
    let args = ["extract", "--from", "2025-01-01", "--to", "2025-12-31", "--key-file", key.to_str().unwrap()];
    let out = jobbvei(&dir.0, &[&args[..], &["--output", file.to_str().unwrap()]].concat());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("the key holds 31 bytes; a pseudonymisation key must hold at least 32 bytes"), "{err}");
    assert!(!err.contains("too short"), "the key must not be shown: {err}");
    assert!(!file.exists());
    let missing = jobbvei(
        &dir.0,
        &[
            "extract",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--key-file",
            "/nonexistent/key",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert!(text(&missing.stderr).contains("could not read the key file /nonexistent/key"));
    let long = dir.0.join("long-key");
    std::fs::write(&long, [1u8; 32]).unwrap();
    let onto_key = ["extract", "--from", "2025-01-01", "--to", "2025-12-31", "--key-file", long.to_str().unwrap()];
    let out = jobbvei(&dir.0, &[&onto_key[..], &["--output", long.to_str().unwrap()]].concat());
    assert!(text(&out.stderr).contains("--output must not be the key file"));
    assert_eq!(std::fs::read(&long).unwrap(), [1u8; 32]);
    let k1 = jobbvei(&dir.0, &[&args[..], &["--k", "1", "--output", file.to_str().unwrap()]].concat());
    assert!(text(&k1.stderr).contains("--k: k must be at least 2"));
    assert!(!text(&jobbvei(&dir.0, &["audit", "--format", "csv"]).stdout).contains("research_extract"));
}

/// The server reads the extract key at start (`--extract-key-file` or
/// `JOBBVEI_EXTRACT_KEY_FILE`) and will not start with a short one.
#[test]
fn serve_refuses_a_short_extract_key_at_start() {
    let dir = Dir::new("serve-key");
    let key = dir.0.join("key");
    std::fs::write(&key, b"too short a key, 31 bytes long.").unwrap();
    let shown = key.to_str().unwrap();
    let want = format!(
        "--extract-key-file {shown}: the key holds 31 bytes; a pseudonymisation key must hold at least 32 bytes"
    );
    let out = jobbvei(&dir.0, &["serve", "--bind", "127.0.0.1:0", "--extract-key-file", shown]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains(&want) && !err.contains("too short"), "{err}");
    let by_env = Command::new(env!("CARGO_BIN_EXE_jobbvei"))
        .arg("--data-dir")
        .arg(&dir.0)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .env("JOBBVEI_EXTRACT_KEY_FILE", &key)
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(1));
    assert!(text(&by_env.stderr).contains(&want), "{}", text(&by_env.stderr));
    let missing = jobbvei(&dir.0, &["serve", "--bind", "127.0.0.1:0", "--extract-key-file", "/nonexistent/key"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("could not read the key file /nonexistent/key"));
}
