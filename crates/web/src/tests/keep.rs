//! Keeping a course from the pages (crate::keep): phase, passive, jobs, percentages,
//! follow-up checks and reopening, with bad input refused at the field and nothing stored.

use super::*;

async fn post(app: &Router, cookie: &str, csrf: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    send(app, post_form(path, Some(cookie), &body(&all))).await
}

async fn status_alerts(s: &Scratch) -> usize {
    let data = s.db.alert_data("2024-11-19".parse().unwrap(), None).await.unwrap();
    jobbvei_domain::alerts::alerts(&data, "2024-11-19".parse().unwrap())
        .iter()
        .filter(|a| a.kind == jobbvei_domain::alerts::AlertKind::StatusCheck)
        .count()
}

#[tokio::test]
async fn a_course_is_kept_from_the_pages_and_bad_input_changes_nothing() {
    for s in jobbvei_store::testing::both("keep").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;

        // The participant page offers the actions.
        let page = send(&app, get("/deltaker/p1", Some(&js))).await;
        for link in ["/forlop/c1/fase", "/forlop/c1/jobb", "/forlop/c1/passiv", "/jobb/j1/prosent", "/jobb/j1/kontroll"]
        {
            assert!(page.body.contains(link), "{l}: {link}");
        }
        assert!(page.body.contains("/logg?deltaker=p1"));
        assert!(!page.body.contains("/forlop/c1/gjenapne"), "only a team lead reopens");

        // Phase twice; a phase the method lacks and a date before the start are refused.
        let r =
            post(&app, &js, &csrf, "/forlop/c1/fase", &[("phase", "yrkeskartlegging"), ("from", "2024-02-01")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let r = post(&app, &js, &csrf, "/forlop/c1/fase", &[("phase", "finne_jobb"), ("from", "2024-03-01")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let r = post(&app, &js, &csrf, "/forlop/c1/fase", &[("phase", "jobber"), ("from", "2023-12-01")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"phase-error\">Fasen finnes ikke i metoden SE."), "{}", r.body);
        assert!(r.body.contains("id=\"from-error\">Datoen kan ikke være før forløpet startet (01.01.2024)."));
        assert!(r.body.contains("value=\"2023-12-01\""), "what was typed stays");
        let phases = s.db.course_phases("c1").await.unwrap();
        assert_eq!(phases.iter().map(|p| p.phase.code()).collect::<Vec<_>>(), ["yrkeskartlegging", "finne_jobb"]);

        // A jobbsmak, then a paid job; a percentage of 130 and a paid jobbsmak are refused.
        let jobs_before = s.db.course_jobs("c1").await.unwrap();
        let bad = [
            ("employer", "Bakeriet AS"),
            ("form", "jobbsmak"),
            ("paid", "on"),
            ("start", "2024-10-01"),
            ("percent", "130"),
        ];
        let r = post(&app, &js, &csrf, "/forlop/c1/jobb", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("id=\"percent-error\">Skriv et tall fra 0 til 100."), "{}", r.body);
        assert!(r.body.contains("id=\"paid-error\">Jobbsmak og arbeidstrening er ulønnet"));
        assert_eq!(s.db.course_jobs("c1").await.unwrap(), jobs_before, "{l}: nothing stored");
        let taster =
            [("employer", "Bakeriet AS"), ("form", "jobbsmak"), ("start", "2024-10-01"), ("planned_end", "2024-10-10")];
        assert_eq!(post(&app, &js, &csrf, "/forlop/c1/jobb", &taster).await.status, StatusCode::SEE_OTHER);
        let paid = [
            ("employer", "912345688"),
            ("form", "tidsbegrenset"),
            ("title", "Lagermedarbeider"),
            ("styrk", "9321"),
            ("paid", "on"),
            ("ordinary_terms", "on"),
            ("start", "2024-10-14"),
            ("percent", "20"),
        ];
        let r = post(&app, &js, &csrf, "/forlop/c1/jobb", &paid).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body.split("field-error").nth(1).unwrap_or(""));
        let jobs = s.db.course_jobs("c1").await.unwrap();
        assert_eq!(jobs.len(), 3, "{l}");
        let new = jobs.iter().find(|j| j.title.as_deref() == Some("Lagermedarbeider")).unwrap();
        assert_eq!((new.percent[0].percent, new.paid, new.employer.as_str()), (20.0, Some(true), "e1"));
        let planned = s.db.course_followup_checks("c1").await.unwrap().into_iter().filter(|c| c.job == new.id).count();
        assert_eq!(planned, 8, "{l}: monthly for six months, then a year and three years");

        // Its percentage rises; a step before the job's start is refused.
        let path = format!("/jobb/{}/prosent", new.id);
        let r = post(&app, &js, &csrf, &path, &[("from", "2024-10-01"), ("percent", "40")]).await;
        assert!(r.body.contains("id=\"from-error\">Datoen kan ikke være før jobben startet (14.10.2024)."));
        assert_eq!(
            post(&app, &js, &csrf, &path, &[("from", "2024-11-01"), ("percent", "40")]).await.status,
            StatusCode::SEE_OTHER
        );
        let raised = s.db.job(new.id.as_str()).await.unwrap().unwrap();
        let steps: Vec<f64> =
            s.db.course_jobs("c1")
                .await
                .unwrap()
                .into_iter()
                .find(|j| j.id == raised.id)
                .unwrap()
                .percent
                .iter()
                .map(|p| p.percent)
                .collect();
        assert_eq!(steps, [20.0, 40.0], "{l}");

        // A follow-up check on the first paid job clears its status-check alert.
        assert_eq!(status_alerts(&s).await, 1, "{l}: the six-month check of j1 is due");
        let r = post(
            &app,
            &js,
            &csrf,
            "/jobb/j1/kontroll",
            &[("done", "2024-11-19"), ("area_arbeidsoppgaver", "on"), ("note", "Går fint")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(status_alerts(&s).await, 0, "{l}");
        let r = post(&app, &js, &csrf, "/jobb/j1/kontroll", &[("done", "2024-12-24")]).await;
        assert!(r.body.contains("id=\"done-error\">En kontroll kan ikke registreres som gjort i fremtiden."));

        // Passive and back.
        let r = post(&app, &js, &csrf, "/forlop/c1/passiv", &[("from", "2024-11-04"), ("reason", "helse")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert!(send(&app, get("/deltaker/p1", Some(&js))).await.body.contains("Passiv: Helse eller behandling"));
        let r = post(&app, &js, &csrf, "/forlop/c1/passiv", &[("to", "2024-11-01")]).await;
        assert!(r.body.contains("id=\"to-error\">Datoen kan ikke være før den passive perioden startet (04.11.2024)."));
        assert_eq!(
            post(&app, &js, &csrf, "/forlop/c1/passiv", &[("to", "2024-11-18")]).await.status,
            StatusCode::SEE_OTHER
        );
        let periods = s.db.course_passive_periods("c1").await.unwrap();
        assert_eq!(periods.len(), 1);
        assert_eq!(periods[0].to, Some("2024-11-18".parse().unwrap()), "{l}");

        // End the course to work; then nothing changes until the team lead reopens it.
        let end = [
            ("end", "2024-11-19"),
            ("end_cause", "arbeid"),
            ("follow_up_by", "nav"),
            ("agreed", "Veileder følger opp"),
            ("veileder_told", "on"),
        ];
        let r = post(&app, &js, &csrf, "/deltaker/p1/avslutt", &end).await;
        assert!(r.status == StatusCode::SEE_OTHER || r.status == StatusCode::OK, "{l}: {}", r.status);
        let r = post(&app, &js, &csrf, "/forlop/c1/jobb", &paid).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Forløpet er avsluttet. En teamleder må gjenåpne det"));
        let r = post(&app, &js, &csrf, "/forlop/c1/fase", &[("phase", "finne_jobb"), ("from", "2024-11-19")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: never out of avsluttet");
        assert_eq!(s.db.course_jobs("c1").await.unwrap().len(), 3);
        let r = post(&app, &js, &csrf, "/forlop/c1/gjenapne", &[("reason", "avsluttet_ved_feil")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}: a job specialist may not reopen");
        let (lead, lead_csrf) = signed_in(&s, &clock, "u-metodeveileder").await;
        assert!(send(&app, get("/deltaker/p1", Some(&lead))).await.body.contains("/forlop/c1/gjenapne"));
        let r = post(&app, &lead, &lead_csrf, "/forlop/c1/gjenapne", &[("reason", "")]).await;
        assert!(r.body.contains("id=\"reason-error\">Velg en årsak."));
        let r = post(&app, &lead, &lead_csrf, "/forlop/c1/gjenapne", &[("reason", "avsluttet_ved_feil")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let c1 = s.db.course("c1").await.unwrap().unwrap();
        assert_eq!((c1.end, c1.end_cause), (None, None), "{l}");
        let current = s.db.course_phases("c1").await.unwrap().last().map(|p| p.phase.code());
        assert_eq!(current, Some("finne_jobb"), "{l}: back to the phase before the end");

        // Every change is audited by field name, never by value.
        let filter = jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() };
        let log = s.db.audit_entries(&filter).await.unwrap();
        let reopen = log.iter().find(|e| e.action == "reopen").unwrap();
        assert!(reopen.fields.contains(&"reason=avsluttet_ved_feil".to_owned()));
        assert!(log.iter().any(|e| e.fields.contains(&"course.phase".to_owned())));
        assert!(log.iter().any(|e| e.fields.contains(&"job.percent".to_owned())));
        assert!(log.iter().all(|e| !e.fields.iter().any(|f| f.contains("Går fint"))));
        s.remove().await;
    }
}

#[tokio::test]
async fn another_job_specialist_may_not_keep_the_course() {
    let s = jobbvei_store::testing::sqlite("keep_denied").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_teams(&[Team {
        id: ExtId::parse("t2").unwrap(),
        office: ExtId::parse("0314").unwrap(),
        name: "Team 2".into(),
        method: Method::Se,
    }])
    .await
    .unwrap();
    tx.upsert_users(&[User {
        id: ExtId::parse("u-other").unwrap(),
        name: "Annen".into(),
        roles: vec![Role::JobSpecialist],
        team: Some(ExtId::parse("t2").unwrap()),
        fte: Fte::FULL,
        username: Some("u-other".into()),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (other, csrf) = signed_in(&s, &clock, "u-other").await;
    let r = post(&app, &other, &csrf, "/forlop/c1/fase", &[("phase", "finne_jobb"), ("from", "2024-03-01")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(s.db.course_phases("c1").await.unwrap().is_empty());
    assert_eq!(send(&app, get("/forlop/c1/jobb", Some(&other))).await.status, StatusCode::FORBIDDEN);
    s.remove().await;
}

/// A team lead reopens a course only within its handover period, only as the lead of that
/// course's job specialist, and never beside an open course: leading whoever follows the
/// person now gives no right to an older course (docs/access.md).
#[tokio::test]
async fn a_course_is_reopened_only_by_its_own_lead_within_the_handover() {
    for s in jobbvei_store::testing::both("reopen-rights").await {
        seed(&s).await;
        let l = s.label.clone();
        let course = |id: &str, js: &str, start: &str, end: Option<&str>| jobbvei_domain::Course {
            id: ExtId::parse(id).unwrap(),
            participant: ExtId::parse("p1").unwrap(),
            method: Method::Se,
            job_specialist: ExtId::parse(js).unwrap(),
            start: start.parse().unwrap(),
            referred: None,
            end: end.map(|e| e.parse().unwrap()),
            end_cause: end.map(|_| jobbvei_domain::EndCause::parse("arbeid").unwrap()),
            end_cause_detail: None,
        };
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_teams(&[Team {
            id: ExtId::parse("t2").unwrap(),
            office: ExtId::parse("0314").unwrap(),
            name: "Team 2".into(),
            method: Method::Se,
        }])
        .await
        .unwrap();
        let user = |id: &str, role: Role| User {
            id: ExtId::parse(id).unwrap(),
            name: id.into(),
            roles: vec![role],
            team: Some(ExtId::parse("t2").unwrap()),
            fte: Fte::FULL,
            username: Some(id.into()),
        };
        tx.upsert_users(&[user("js-t2", Role::JobSpecialist), user("mv-t2", Role::MethodSupervisor)]).await.unwrap();
        // c1 (team 1) ended ten days ago; c2 is open with team 2.
        tx.upsert_courses(&[
            course("c1", "u-jobbspesialist", "2024-01-01", Some("2024-11-09")),
            course("c2", "js-t2", "2024-11-12", None),
        ])
        .await
        .unwrap();
        tx.set_password("mv-t2", &hash_password(PASSWORD).unwrap()).await.unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let reason = [("reason", "avsluttet_ved_feil")];
        let (other_lead, other_csrf) = signed_in(&s, &clock, "mv-t2").await;
        let r = post(&app, &other_lead, &other_csrf, "/forlop/c1/gjenapne", &reason).await;
        assert!(r.body.contains("Bare teamlederen for forløpets jobbspesialist kan gjenåpne det."), "{l}: {}", r.body);
        // c1's own lead does not lead whoever follows the person now.
        let (lead, lead_csrf) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = post(&app, &lead, &lead_csrf, "/forlop/c1/gjenapne", &reason).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        // c2 is team 1's: not beside an open course, and not after the 90 days.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_courses(&[course("c2", "u-jobbspesialist", "2024-11-12", None)]).await.unwrap();
        tx.commit().await.unwrap();
        let r = post(&app, &lead, &lead_csrf, "/forlop/c1/gjenapne", &reason).await;
        assert!(r.body.contains("Deltakeren har et åpent forløp."), "{l}: {}", r.body);
        let late = TestClock::at(NOW + 91 * 86_400);
        let late_app = super::app(&s, late.clone());
        let (late_lead, late_csrf) = signed_in(&s, &late, "u-metodeveileder").await;
        let r = post(&late_app, &late_lead, &late_csrf, "/forlop/c1/gjenapne", &reason).await;
        assert!(r.body.contains("avsluttet for mer enn 90 dager siden"), "{l}: {}", r.body);
        // Once c2 has ended too, c1's lead may reopen it within its handover.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_courses(&[course("c2", "u-jobbspesialist", "2024-11-12", Some("2024-11-15"))]).await.unwrap();
        tx.commit().await.unwrap();
        let r = post(&app, &lead, &lead_csrf, "/forlop/c1/gjenapne", &reason).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(s.db.course("c1").await.unwrap().unwrap().end, None, "{l}");
        s.remove().await;
    }
}
