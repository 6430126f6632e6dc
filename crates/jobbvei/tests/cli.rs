//! The `jobbvei` binary as a user runs it: exit codes, messages, files.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "cli/ads.rs"]
mod ads;
#[path = "cli/backup.rs"]
mod backup;
#[path = "cli/bench_http.rs"]
mod bench_http;
#[path = "cli/bench_writes.rs"]
mod bench_writes;
#[path = "cli/cutoff.rs"]
mod cutoff;
#[path = "cli/employers.rs"]
mod employers;
#[path = "cli/evaluation.rs"]
mod evaluation;
#[path = "cli/facts.rs"]
mod facts;
#[path = "cli/ips_quarterly.rs"]
mod ips_quarterly;
#[path = "cli/kpi_scope.rs"]
mod kpi_scope;
#[path = "cli/notify.rs"]
mod notify;
#[path = "cli/outcomes.rs"]
mod outcomes;
#[path = "cli/person.rs"]
mod person;
#[path = "cli/referrals.rs"]
mod referrals;
#[path = "cli/retention.rs"]
mod retention;
#[path = "cli/survival.rs"]
mod survival;

const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../exchange/tests/fixtures/full.jsonl");

struct Dir(PathBuf);

impl Dir {
    fn new(label: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("jobbvei-cli-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn jobbvei(data: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jobbvei"));
    c.arg("--data-dir").arg(data).args(args).env_remove("DATABASE_URL");
    // A mail relay in the caller's environment must not be reached from the tests.
    for v in [
        "JOBBVEI_SMTP_HOST",
        "JOBBVEI_SMTP_PORT",
        "JOBBVEI_SMTP_FROM",
        "JOBBVEI_PUBLIC_URL",
        "JOBBVEI_EMPLOYER_RELEASE_DAYS",
        "JOBBVEI_EXTRACT_KEY_FILE",
    ] {
        c.env_remove(v);
    }
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn import_export_and_refusal() {
    let dir = Dir::new("import");
    let out = jobbvei(&dir.0, &["import", FULL]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("imported 36 records: office 2, team 2, user 4"));

    let file = dir.0.join("export.jsonl");
    let out = jobbvei(&dir.0, &["export", "--output", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "exported 36 records\n");
    let exported = std::fs::read_to_string(&file).unwrap();
    let to_stdout = jobbvei(&dir.0, &["export"]);
    assert_eq!(text(&to_stdout.stdout), exported);

    let bad = dir.0.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"type\":\"office\",\"id\":\"0400\",\"name\":\"NAV Ny\"}\n\
         {\"type\":\"participant\",\"id\":\"p9\",\"name\":\"X\",\"fnr\":\"12345678901\"}\n\
         {\"type\":\"course\",\"id\":\"c9\",\"participant\":\"p404\",\"method\":\"SE\",\"job_specialist\":\"js1\",\"start\":\"2024-01-01\"}\n",
    )
    .unwrap();
    let out = jobbvei(&dir.0, &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("import refused, nothing was written (2 errors)"), "{err}");
    assert!(err.contains("line 2: fnr: "), "{err}");
    assert!(err.contains("line 3: participant: refers to participant \"p404\""), "{err}");
    assert!(!err.contains("12345678901"), "the fnr must never be echoed");
    assert_eq!(text(&jobbvei(&dir.0, &["export"]).stdout), exported, "nothing changed");
}

#[test]
fn usage_errors_are_clear() {
    let dir = Dir::new("usage");
    let out = jobbvei(&dir.0, &["--database-url", "mysql://localhost/x", "migrate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("unsupported database URL"));
    let out = jobbvei(&dir.0, &["import", dir.0.join("missing.jsonl").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("could not open"));
    let out = jobbvei(&dir.0, &["demo", "--as-of", "yesterday"]);
    assert!(text(&out.stderr).contains("--as-of must be a date YYYY-MM-DD"));
}

#[test]
fn demo_is_deterministic() {
    let (a, b) = (Dir::new("demo-a"), Dir::new("demo-b"));
    for d in [&a, &b] {
        let out = jobbvei(&d.0, &["demo", "--scale", "small", "--seed", "7", "--as-of", "2026-11-20"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("participant 80"), "{}", text(&out.stdout));
    }
    let (ea, eb) = (jobbvei(&a.0, &["export"]).stdout, jobbvei(&b.0, &["export"]).stdout);
    assert!(ea.len() > 10_000);
    assert_eq!(ea, eb);
}

#[test]
fn postgres_gives_the_same_export() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("cli")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let dir = Dir::new("pg");
    let out = jobbvei(&dir.0, &["--database-url", &url, "import", FULL]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let on_pg = jobbvei(&dir.0, &["--database-url", &url, "export"]).stdout;
    assert!(jobbvei(&dir.0, &["import", FULL]).status.success());
    let on_sqlite = jobbvei(&dir.0, &["export"]).stdout;
    assert_eq!(text(&on_pg), text(&on_sqlite));
    rt.block_on(pg.remove());
}

#[test]
fn serve_answers_health_and_start_page() {
    let dir = Dir::new("serve");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let bind = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobbvei"))
        .arg("--data-dir")
        .arg(&dir.0)
        .args(["serve", "--bind", &bind])
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let health = get_when_up(&bind, "/healthz");
    let start = get_when_up(&bind, "/");
    let _ = child.kill();
    let _ = child.wait();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with(r#"{"database":"sqlite","status":"ok"}"#), "{health}");
    assert!(start.contains("<html lang=\"nb\">"), "{start}");
    assert!(dir.0.join("jobbvei.sqlite3").exists(), "the database is created on first use");
}

fn get_when_up(addr: &str, path: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(mut s) = TcpStream::connect(addr) {
            let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
            s.write_all(req.as_bytes()).unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            return out;
        }
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

const KPI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kpi.jsonl");

#[test]
fn report_kpi_gives_rows_with_their_rules() {
    let dir = Dir::new("kpi");
    assert!(jobbvei(&dir.0, &["import", KPI]).status.success());
    let args = ["report", "kpi", "--from", "2024-03-04", "--to", "2024-03-10", "--by", "job_specialist"];
    let out = jobbvei(&dir.0, &[&args[..], &["--period", "week", "--kpi", "K1,K2"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    // js1: one K1 meeting (the digital one does not count) over 1.0 FTE-week; nothing out of office.
    // js2 at 50 %: one no-show K1 meeting = 1 ÷ 0.5; K2 = (60 + 15 + 15) ÷ (2250 × 0.5) × 100 = 8.
    let expected = "[\n\
        {\"kpi\":\"K1\",\"rule\":\"K1@1\",\"group_kind\":\"job_specialist\",\"group_id\":\"js1\",\"period\":\"2024-W10\",\"value\":1,\"numerator\":1,\"denominator\":1},\n\
        {\"kpi\":\"K1\",\"rule\":\"K1@1\",\"group_kind\":\"job_specialist\",\"group_id\":\"js2\",\"period\":\"2024-W10\",\"value\":2,\"numerator\":1,\"denominator\":0.5},\n\
        {\"kpi\":\"K2\",\"rule\":\"K2@1\",\"group_kind\":\"job_specialist\",\"group_id\":\"js1\",\"period\":\"2024-W10\",\"value\":0,\"numerator\":0,\"denominator\":2250},\n\
        {\"kpi\":\"K2\",\"rule\":\"K2@1\",\"group_kind\":\"job_specialist\",\"group_id\":\"js2\",\"period\":\"2024-W10\",\"value\":8,\"numerator\":90,\"denominator\":1125}\n\
        ]\n";
    assert_eq!(text(&out.stdout), expected);

    // 00:30 on the Monday after the October clock change belongs to week 44.
    let out = jobbvei(
        &dir.0,
        &[
            "report",
            "kpi",
            "--from",
            "2024-10-21",
            "--to",
            "2024-11-03",
            "--by",
            "team",
            "--period",
            "week",
            "--kpi",
            "K1",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        text(&out.stdout),
        "kpi,rule,group_kind,group_id,period,value,numerator,denominator,at_months,dimension,passive,subsidised\n\
         K1,K1@1,team,t1,2024-W43,,,,,,,\n\
         K1,K1@1,team,t1,2024-W44,0.6666666666666666,1,1.5,,,,\n"
    );

    let bad = jobbvei(
        &dir.0,
        &["report", "kpi", "--from", "2024-03-04", "--to", "2024-03-01", "--by", "all", "--period", "year"],
    );
    assert!(text(&bad.stderr).contains("--to must not be before --from"));
    let bad = jobbvei(&dir.0, &[&args[..], &["--period", "week", "--kpi", "K10"]].concat());
    assert!(text(&bad.stderr).contains("unknown KPI \"K10\""));
}

#[test]
fn report_kpi_and_alerts_are_the_same_on_both_engines() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("kpi")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let dir = Dir::new("kpi-engines");
    let demo = ["demo", "--scale", "small", "--seed", "3", "--as-of", "2026-11-20"];
    assert!(jobbvei(&dir.0, &demo).status.success());
    assert!(jobbvei(&dir.0, &[&["--database-url", url.as_str()][..], &demo[..]].concat()).status.success());
    for by in ["job_specialist", "team", "all"] {
        let args = ["report", "kpi", "--from", "2025-01-01", "--to", "2026-11-20", "--by", by, "--period", "quarter"];
        let sqlite = jobbvei(&dir.0, &args);
        let postgres = jobbvei(&dir.0, &[&["--database-url", url.as_str()][..], &args[..]].concat());
        assert!(sqlite.status.success() && postgres.status.success());
        assert!(sqlite.stdout.len() > 1000);
        assert_eq!(text(&sqlite.stdout), text(&postgres.stdout), "--by {by}");
    }
    // A report of some KPIs loads only what they read; its rows are those of the full report.
    let args = ["report", "kpi", "--from", "2025-01-01", "--to", "2026-11-20", "--by", "team", "--period", "month"];
    let full = text(&jobbvei(&dir.0, &[&args[..], &["--format", "csv"]].concat()).stdout);
    for subset in [&["K1", "K2"][..], &["K4", "K5a", "K7"][..], &["K1p", "K3"][..]] {
        let list = subset.join(",");
        let part = jobbvei(&dir.0, &[&args[..], &["--format", "csv", "--kpi", &list]].concat());
        let expected: Vec<&str> =
            full.lines().skip(1).filter(|l| subset.iter().any(|k| l.starts_with(&format!("{k},")))).collect();
        let got: Vec<String> = text(&part.stdout).lines().skip(1).map(str::to_owned).collect();
        assert!(expected.len() > 20, "{list}");
        assert_eq!(got, expected, "--kpi {list}");
    }
    // The alerts read the same data on both engines (their activities arrive packed per course).
    let args = ["alerts", "--as-of", "2026-11-20", "--format", "csv"];
    let sqlite = text(&jobbvei(&dir.0, &args).stdout);
    let postgres = text(&jobbvei(&dir.0, &[&["--database-url", url.as_str()][..], &args[..]].concat()).stdout);
    assert!(sqlite.lines().count() > 20 && sqlite.contains("forste_arbeidsgiverkontakt"), "{sqlite}");
    assert_eq!(sqlite, postgres);
    // So do the outcome reports (DOMAIN.md §10), split or not.
    for extra in [&[][..], &["--split", "method"][..], &["--format", "csv"][..]] {
        let args =
            [&["report", "outcomes", "--from", "2025-01-01", "--to", "2026-11-20", "--by", "team"][..], extra].concat();
        let sqlite = jobbvei(&dir.0, &args);
        let postgres = jobbvei(&dir.0, &[&["--database-url", url.as_str()][..], &args[..]].concat());
        assert!(sqlite.status.success() && postgres.status.success(), "{}", text(&sqlite.stderr));
        assert!(sqlite.stdout.len() > 1000, "{extra:?}: {}", text(&sqlite.stdout));
        assert_eq!(text(&sqlite.stdout), text(&postgres.stdout), "outcomes {extra:?}");
    }
    rt.block_on(pg.remove());
}

#[test]
fn kpi_docs_match_the_code() {
    let dir = Dir::new("docs");
    let generated = text(&jobbvei(&dir.0, &["docs", "kpi"]).stdout);
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/kpi.md")).unwrap();
    assert_eq!(generated, committed, "run `jobbvei docs kpi > docs/kpi.md`");
}

const ALERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/alerts.jsonl");

#[test]
fn alerts_name_course_job_and_due_day() {
    let dir = Dir::new("alerts");
    assert!(jobbvei(&dir.0, &["import", ALERTS]).status.success());
    let out = jobbvei(&dir.0, &["alerts", "--as-of", "2024-06-01"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Probation ends 10 June, within 14 days; the meeting on 1 June is both activity and follow-up.
    assert_eq!(
        text(&out.stdout),
        "[\n{\"kind\":\"proveperiode_slutter\",\"course\":\"c1\",\"job\":\"j1\",\"due\":\"2024-06-10\"}\n]\n"
    );
    let mine = jobbvei(&dir.0, &["alerts", "--as-of", "2024-06-01", "--user", "vl1"]);
    assert_eq!(mine.stdout, out.stdout, "the participant's veileder sees it too");
    // 20 June: probation passed; no activity since 1 June: due 15 June.
    let later = jobbvei(&dir.0, &["alerts", "--as-of", "2024-06-20", "--format", "csv"]);
    assert_eq!(text(&later.stdout), "kind,course,job,due\ningen_aktivitet,c1,,2024-06-15\n");
    let nobody = jobbvei(&dir.0, &["alerts", "--as-of", "2024-06-01", "--user", "nobody"]);
    assert_eq!(nobody.status.code(), Some(1));
    assert!(text(&nobody.stderr).contains("no user with id \"nobody\""));
}

fn with_stdin(data: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobbvei"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn users_tokens_and_the_audit_log() {
    let dir = Dir::new("users");
    assert!(jobbvei(&dir.0, &["import", KPI]).status.success());
    let add = ["user", "add", "--username", "anne", "--name", "Anne Berg", "--role", "metodeveileder,jobbspesialist"];
    let out = with_stdin(&dir.0, &[&add[..], &["--team", "t1", "--password-stdin"]].concat(), "et langt passord\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "anne\n");

    let again = with_stdin(&dir.0, &[&add[..], &["--password-stdin"]].concat(), "et langt passord\n");
    assert!(text(&again.stderr).contains("the username \"anne\" is taken"));
    let short = with_stdin(
        &dir.0,
        &["user", "add", "--username", "b", "--name", "B", "--role", "admin", "--password-stdin"],
        "kort\n",
    );
    assert!(text(&short.stderr).contains("at least 12 characters"));
    let role = jobbvei(&dir.0, &["user", "add", "--username", "c", "--name", "C", "--role", "sjef"]);
    assert!(text(&role.stderr).contains("unknown role \"sjef\""));
    let team = jobbvei(&dir.0, &["user", "add", "--username", "d", "--name", "D", "--role", "leder", "--team", "t9"]);
    assert!(text(&team.stderr).contains("no team with id \"t9\""));

    let list = text(&jobbvei(&dir.0, &["user", "list", "--format", "json"]).stdout);
    assert!(
        list.contains(r#""id":"anne""#) && list.contains(r#""roles":["metodeveileder","jobbspesialist"]"#),
        "{list}"
    );

    let token = jobbvei(&dir.0, &["token", "create", "--username", "anne"]);
    assert!(token.status.success());
    let printed = text(&token.stdout);
    let last = printed.lines().last().unwrap();
    assert_eq!(last.len(), 64);
    assert!(last.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(
        text(&jobbvei(&dir.0, &["token", "create", "--username", "nobody"]).stderr).contains("no user with username")
    );

    assert!(jobbvei(&dir.0, &["export"]).status.success());
    let audit = text(&jobbvei(&dir.0, &["audit", "--format", "json"]).stdout);
    let actions: Vec<&str> = audit.lines().filter_map(|l| l.split("\"action\":\"").nth(1)?.split('"').next()).collect();
    assert_eq!(actions, ["import", "user_create", "token_create", "export"], "{audit}");
    assert!(!audit.contains(last), "a token never reaches the audit log");
    assert!(audit.contains(r#""fields":["name","roles","team","fte","username","password"]"#));
    let csv = text(&jobbvei(&dir.0, &["audit", "--since", "2000-01-01", "--format", "csv"]).stdout);
    assert!(csv.starts_with("at,user,username,role,action,record_type,record,fields,ip,outcome\n"));
    assert_eq!(csv.lines().count(), 5);
    let set =
        with_stdin(&dir.0, &["user", "password", "--username", "anne", "--password-stdin"], "et nytt langt passord\n");
    assert_eq!(text(&set.stdout), "password set for anne (anne)\n");
    let none =
        with_stdin(&dir.0, &["user", "password", "--username", "ingen", "--password-stdin"], "et nytt langt passord\n");
    assert!(text(&none.stderr).contains("no user with username \"ingen\""));
    let future = text(&jobbvei(&dir.0, &["audit", "--since", "2999-01-01", "--format", "json"]).stdout);
    assert_eq!(future, "[]\n");
}

const FIDELITY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fidelity.jsonl");

#[test]
fn fidelity_prefill_scores_what_routine_data_can() {
    let dir = Dir::new("fidelity");
    assert!(jobbvei(&dir.0, &["import", FIDELITY]).status.success());
    let prefill = |instrument: &str, team: &str, from: &str, to: &str, format: &str| {
        let args = ["fidelity", "prefill", "--instrument", instrument, "--team", team, "--from", from, "--to", to];
        jobbvei(&dir.0, &[&args[..], &["--format", format]].concat())
    };
    let out = prefill("kvalitetsveileder-2019", "t1", "2024-03-04", "2024-03-31", "json");
    assert!(out.status.success(), "{}", text(&out.stderr));
    // 4 weeks; js1 at 100 % and js2 at 50 %: 6 FTE-weeks.
    // 1: on 31 March c1–c4 are open and c5 passive: 4 ÷ 1.5 FTE; it decides one element only, no score.
    // 9: c1 (4 March) and c2 (11 March) met an employer after 10 and 20 days, c4 not yet: median 15 → 5.
    // 11: 6 K1p meetings (the digital one does not count) ÷ 6 FTE-weeks = 1 → 1 (under 2).
    // 13: 2 paid jobs (the jobbsmak never counts), both STYRK 5120: 1 ÷ 2 = 50 % → 2 (50–59).
    // 15: no job is 6 months old by 31 March: no value.
    // 16: 10 × (240 + 15 + 15) = 2,700 minutes (the no-show counts, the cancelled one and the team
    //     lead's do not) ÷ (2,250 × 1.5 × 4 = 13,500) = 20 % → 2 (10–20).
    let expected = "[\n\
        {\"item\":1,\"measure\":\"caseload_per_fte\",\"value\":2.6666666666666665,\"score\":null,\"rows\":4},\n\
        {\"item\":9,\"measure\":\"k3_median_days\",\"value\":15,\"score\":5,\"rows\":2},\n\
        {\"item\":11,\"measure\":\"k1p_per_fte_week\",\"value\":1,\"score\":1,\"rows\":6},\n\
        {\"item\":13,\"measure\":\"k9_distinct_styrk_share\",\"value\":50,\"score\":2,\"rows\":2},\n\
        {\"item\":15,\"measure\":\"k8_followup_months\",\"value\":null,\"score\":null,\"rows\":0},\n\
        {\"item\":16,\"measure\":\"k2_percent\",\"value\":20,\"score\":2,\"rows\":10}\n\
        ]\n";
    assert_eq!(text(&out.stdout), expected);

    // IPS-25 suggests only its verified levels: caseload ≤ 20 and K3 ≤ 30 → 5; the rest is evidence.
    // Employers: e1 and e2 for the 2 jobs = 100 %.
    assert_eq!(
        text(&prefill("ips-25", "t1", "2024-03-04", "2024-03-31", "csv").stdout),
        "item,measure,value,score,rows\n\
         1,caseload_per_fte,2.6666666666666665,5,4\n\
         15,k3_median_days,15,5,2\n\
         17,k1p_per_fte_week,1,,6\n\
         19,k9_distinct_styrk_share,50,,2\n\
         20,k9_distinct_employer_share,100,,2\n\
         24,k2_percent,20,,10\n"
    );

    for (bad, message) in [
        (
            prefill("ips-26", "t1", "2024-03-04", "2024-03-31", "json"),
            "unknown instrument \"ips-26\"; expected one of kvalitetsveileder-2019, ips-25-2019, seqf-2018",
        ),
        (prefill("ips-25", "t9", "2024-03-04", "2024-03-31", "json"), "no team with id \"t9\""),
        (prefill("ips-25", "t1", "2024-03-31", "2024-03-04", "json"), "--to must not be before --from"),
        (prefill("ips-25", "t1", "4 March", "2024-03-31", "json"), "--from must be a date YYYY-MM-DD, got \"4 March\""),
        (
            prefill("ips-25", "t1", "2024-03-04", "+262142-12-31", "json"),
            "--to must be a date YYYY-MM-DD, got \"+262142-12-31\"",
        ),
    ] {
        assert_eq!(bad.status.code(), Some(1), "{message}");
        assert!(text(&bad.stderr).contains(message), "{}", text(&bad.stderr));
        assert!(bad.stdout.is_empty());
    }
}
