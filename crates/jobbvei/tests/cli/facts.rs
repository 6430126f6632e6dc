//! `jobbvei facts check` and `facts rebuild` (docs/facts.md): clean after an import, a
//! corrupted day fact named by user and day and a corrupted course fact named by course, with
//! a non-zero exit, mended by a rebuild.

use super::{Dir, FULL, jobbvei, text};

#[test]
fn the_check_finds_a_corrupted_fact_and_a_rebuild_mends_it() {
    let dir = Dir::new("facts");
    assert!(jobbvei(&dir.0, &["import", FULL]).status.success());
    let ok = jobbvei(&dir.0, &["facts", "check"]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(
        text(&ok.stdout).contains("checked 3 days with activities (rules K1@1,K1p@1,K2@1)"),
        "{}",
        text(&ok.stdout)
    );
    assert!(text(&ok.stdout).contains("checked 2 courses and 2 jobs (rules K3@1, K8@1)"), "{}", text(&ok.stdout));
    assert!(text(&ok.stdout).contains("the day, course and job facts agree with the records"));

    // js1's meeting of 15 January 2024 (K1, on a course) stored as 5 K1 meetings.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let db = jobbvei_store::resolve_location(None, &dir.0).unwrap().open().await.unwrap();
        assert_eq!(db.corrupt_fact("js1", "2024-01-15".parse().unwrap(), 5).await.unwrap(), 1);
        // c1's first K1p meeting (a1, 15 January) stored as 1 February.
        assert_eq!(db.corrupt_course_fact("c1", "2024-02-01".parse().unwrap()).await.unwrap(), 1);
        db.close().await;
    });
    let bad = jobbvei(&dir.0, &["facts", "check"]);
    assert!(!bad.status.success());
    assert_eq!(
        text(&bad.stdout).lines().next().unwrap(),
        "user js1 on 2024-01-15: stored activities=1 k1=5 k1p=1 k2_minutes=95, \
         computed activities=1 k1=1 k1p=1 k2_minutes=95"
    );
    assert!(
        text(&bad.stdout).contains("course c1: first K1p meeting stored 2024-02-01, computed 2024-01-15"),
        "{}",
        text(&bad.stdout)
    );
    assert!(text(&bad.stderr).contains("1 of the days differ from their activities"), "{}", text(&bad.stderr));
    assert!(text(&bad.stderr).contains("1 of the courses and jobs differ"), "{}", text(&bad.stderr));

    let rebuilt = jobbvei(&dir.0, &["facts", "rebuild"]);
    assert!(rebuilt.status.success());
    assert!(text(&rebuilt.stdout).contains("rebuilt the facts of 3 days"));
    assert!(jobbvei(&dir.0, &["facts", "check"]).status.success());
}
