//! Ending a course (with the handover plan), the end report and the printable follow-up plan,
//! on both engines.

use jobbvei_domain::{FollowupArea, FollowupCheck};

use super::*;

/// Cookie and CSRF token in one string, `cookie|csrf`, to pass around as one "who".
async fn joined_session(s: &Scratch, clock: &TestClock, user: &str) -> String {
    let (token, csrf) = session_for(s, user, clock.now()).await;
    format!("jobbvei_session={token}|{csrf}")
}

/// Splits what [`joined_session`] returns into the cookie and the CSRF token.
fn parts(who: &str) -> (&str, &str) {
    who.split_once('|').unwrap()
}

async fn end_course(app: &Router, who: &str, fields: &[(&str, &str)]) -> Reply {
    let (cookie, csrf) = parts(who);
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(fields);
    send(app, post_form("/deltaker/p1/avslutt", Some(cookie), &body(&all))).await
}

/// A veileder in the office who is not p1's, and one done follow-up check on j1.
async fn extra(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_users(&[User {
        id: id("u-veileder2"),
        name: "Annen veileder".into(),
        roles: vec![Role::Veileder],
        team: Some(id("t1")),
        fte: Fte::FULL,
        username: Some("u-veileder2".into()),
    }])
    .await
    .unwrap();
    tx.upsert_followup_checks(&[FollowupCheck {
        id: id("f1"),
        course: id("c1"),
        job: id("j1"),
        due: "2024-07-01".parse().unwrap(),
        done: Some("2024-06-28".parse().unwrap()),
        areas: vec![FollowupArea::Tasks, FollowupArea::Language],
        note: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_course_ends_once_with_its_handover_and_the_reports_show_it() {
    for s in jobbvei_store::testing::both("course_end").await {
        seed(&s).await;
        extra(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let js = joined_session(&s, &clock, "u-jobbspesialist").await;

        let r = send(&app, get("/deltaker/p1/avslutt", Some(parts(&js).0))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        assert!(r.body.contains("Avslutt forløp for Amina Yusuf") && r.body.contains("name=\"csrf\""));

        // A missing CSRF token is refused before anything is read.
        let r = send(&app, post_form("/deltaker/p1/avslutt", Some(parts(&js).0), "end=2024-11-15")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);

        // `annet` without a detail: the error sits by the field, what was typed stays, nothing is stored.
        let typed = [
            ("end", "2024-11-15"),
            ("end_cause", "annet"),
            ("end_cause_detail", ""),
            ("follow_up_by", "helsetjenesten"),
            ("agreed", "Fastlegen følger opp"),
            ("veileder_told", "on"),
        ];
        let r = end_course(&app, &js, &typed).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", s.label, r.body);
        assert!(r.body.contains("id=\"end_cause_detail-error\">Skriv en nærmere årsak"), "{}", r.body);
        assert!(r.body.contains("value=\"helsetjenesten\"") && r.body.contains("Fastlegen følger opp"));
        assert!(r.body.contains("value=\"annet\" checked"));
        let c1 = s.db.course("c1").await.unwrap().unwrap();
        assert_eq!((c1.end, c1.end_cause), (None, None), "{}", s.label);
        assert!(s.db.handover("c1").await.unwrap().is_none());

        // An end before the start is refused with the domain's rule.
        let r = end_course(
            &app,
            &js,
            &[("end", "2023-12-31"), ("end_cause", "arbeid"), ("follow_up_by", "x"), ("agreed", "y")],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"end-error\">Sluttdatoen kan ikke være før forløpet startet (01.01.2024)"));

        // Properly: course ended, final phase, handover, audit entry.
        let mut done = typed.to_vec();
        done[2] = ("end_cause_detail", "Overgang til AAP");
        let r = end_course(&app, &js, &done).await;
        assert_eq!(
            (r.status, r.location()),
            (StatusCode::SEE_OTHER, "/deltaker/p1/sluttrapport"),
            "{}: {}",
            s.label,
            r.body
        );
        let c1 = s.db.course("c1").await.unwrap().unwrap();
        assert_eq!(c1.end, Some("2024-11-15".parse().unwrap()));
        assert_eq!(c1.end_cause, Some(jobbvei_domain::EndCause::Other));
        assert_eq!(c1.end_cause_detail.as_deref(), Some("Overgang til AAP"));
        let record = s.db.participant_record("p1", 0).await.unwrap().unwrap();
        let last = record.phases.iter().max_by_key(|p| p.from).unwrap();
        assert_eq!((last.phase, last.from), (jobbvei_domain::Phase::Ended, "2024-11-15".parse().unwrap()));
        let h = s.db.handover("c1").await.unwrap().unwrap();
        assert_eq!(
            (h.follow_up_by.as_str(), h.agreed.as_str(), h.veileder_told),
            ("helsetjenesten", "Fastlegen følger opp", true)
        );
        assert_eq!(h.created_by, "u-jobbspesialist");
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        assert!(log.iter().any(|e| e.action == "update"
            && e.record_id.as_deref() == Some("p1")
            && e.fields.iter().any(|f| f == "course_handover")
            && e.outcome == "ok"));

        // Ending again is refused and changes nothing (DOMAIN.md §7).
        let mut again = done.clone();
        again[0] = ("end", "2024-11-18");
        again[1] = ("end_cause", "arbeid");
        let r = end_course(&app, &js, &again).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", s.label);
        assert!(r.body.contains("avsluttet 15.11.2024"));
        assert_eq!(s.db.course("c1").await.unwrap().unwrap().end, Some("2024-11-15".parse().unwrap()));
        let r = send(&app, get("/deltaker/p1/avslutt", Some(parts(&js).0))).await;
        assert!(
            r.status == StatusCode::OK && !r.body.contains("<form method=\"post\" action=\"/deltaker/p1/avslutt\"")
        );

        // The end report and the follow-up plan, for the job specialist and p1's veileder.
        for user in ["u-jobbspesialist", "u-veileder"] {
            let who = joined_session(&s, &clock, user).await;
            let r = send(&app, get("/deltaker/p1/sluttrapport", Some(parts(&who).0))).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {user}", s.label);
            for text in ["Sluttrapport: Amina Yusuf", "01.01.2024", "15.11.2024", "Annet: Overgang til AAP"] {
                assert!(r.body.contains(text), "{}: {text} missing", s.label);
            }
            for text in ["Bakerassistent", "50 % fra 01.06.2024", "helsetjenesten", "Fastlegen følger opp"] {
                assert!(r.body.contains(text), "{}: {text} missing", s.label);
            }
            assert!(r.body.contains("Avsluttet") && r.body.contains("28.06.2024"));
            let r = send(&app, get("/deltaker/p1/oppfolgingsplan", Some(parts(&who).0))).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {user}", s.label);
            assert!(r.body.contains("Bakerassistent hos Bakeriet AS"));
            assert!(r.body.contains("Arbeidsoppgaver") && r.body.contains("Språk") && !r.body.contains("Bolig"));
            assert!(r.body.contains("Oppfølging måned 1</td><td>01.07.2024</td><td>Gjennomført 28.06.2024"));
            assert!(r.body.contains("Oppfølging måned 2</td><td>01.08.2024</td><td>Ikke gjennomført"));
            for mark in ["6 måneder</td><td>01.12.2024", "1 år</td><td>01.06.2025", "3 år</td><td>01.06.2027"] {
                assert!(r.body.contains(mark), "{}: {mark} missing", s.label);
            }
        }
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        for field in ["end_report", "followup_plan"] {
            assert!(log.iter().any(|e| e.action == "read" && e.fields.iter().any(|f| f == field)), "{field}");
        }
        s.remove().await;
    }
}

#[tokio::test]
async fn others_may_not_end_or_read() {
    for s in jobbvei_store::testing::both("course_end_denied").await {
        seed(&s).await;
        extra(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        // A veileder of another participant reads nothing.
        let other = joined_session(&s, &clock, "u-veileder2").await;
        for path in ["/deltaker/p1/sluttrapport", "/deltaker/p1/oppfolgingsplan", "/deltaker/p1/avslutt"] {
            let r = send(&app, get(path, Some(parts(&other).0))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {path}", s.label);
            assert!(!r.body.contains("Amina"));
        }
        // p1's own veileder reads the reports but may not end the course.
        let v = joined_session(&s, &clock, "u-veileder").await;
        let r = end_course(
            &app,
            &v,
            &[("end", "2024-11-15"), ("end_cause", "arbeid"), ("follow_up_by", "x"), ("agreed", "y")],
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        assert_eq!(s.db.course("c1").await.unwrap().unwrap().end, None);
        // The team lead may end it.
        let lead = joined_session(&s, &clock, "u-metodeveileder").await;
        let r = end_course(
            &app,
            &lead,
            &[
                ("end", "2024-11-19"),
                ("end_cause", "arbeid"),
                ("follow_up_by", "arbeidsgiver"),
                ("agreed", "Ringer ved behov"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        s.remove().await;
    }
}
