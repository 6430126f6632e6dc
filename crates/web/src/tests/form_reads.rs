//! Every form page that shows a participant's record, even only their name, audits the read
//! as the pages that show it do: action `read` on the participant, naming what the form
//! fills in, never the values.

use super::*;

/// The audit entries of reads of p1 that were let through.
async fn reads_of_p1(s: &Scratch) -> Vec<Vec<String>> {
    let filter = jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() };
    let log = s.db.audit_entries(&filter).await.unwrap();
    log.into_iter().filter(|e| e.action == "read" && e.outcome == "ok").map(|e| e.fields).collect()
}

#[tokio::test]
async fn each_form_page_about_a_participant_audits_its_read() {
    for s in jobbvei_store::testing::both("form-reads").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let pages: [(&str, &str, &[&str]); 13] = [
            (&js, "/deltaker/p1/endre", &["record", "contact"]),
            (&js, "/deltaker/p1/forlop", &["name"]),
            (&js, "/deltaker/p1/avslutt", &["name", "course"]),
            (&js, "/forlop/c1/fase", &["name", "course.phase"]),
            (&js, "/forlop/c1/passiv", &["name"]),
            (&js, "/forlop/c1/jobb", &["name"]),
            (&js, "/forlop/c1/utdanning", &["name"]),
            (&js, "/forlop/c1/kontaktforsok", &["name"]),
            (&js, "/jobb/j1/prosent", &["name", "job"]),
            (&js, "/jobb/j1/kontroll", &["name", "job"]),
            (&js, "/forlop/c1/samarbeidsavtale", &["cooperation_agreement"]),
            (&js, "/forlop/c1/intervallrapport/endre", &["interval_report"]),
            (&lead, "/forlop/c1/jobbspesialist", &["name", "course.job_specialist"]),
        ];
        for (cookie, path, fields) in pages {
            let before = reads_of_p1(&s).await.len();
            let r = send(&app, get(path, Some(cookie))).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {path}: {}", s.label, r.body);
            let reads = reads_of_p1(&s).await;
            assert_eq!(reads.len(), before + 1, "{}: {path} audits one read", s.label);
            assert!(reads.contains(&strings(fields)), "{}: {path}: {reads:?}", s.label);
        }
        s.remove().await;
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}
