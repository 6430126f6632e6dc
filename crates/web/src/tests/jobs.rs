//! The job chain on the participant page, and an unpaid placement's purpose and extensions:
//! who may change them, the audit trail, and bad input leaving the data as it was.

use super::*;

/// A jobbsmak on p1's course c1: 11–22 November 2024, unpaid, not yet extended; and a second
/// job specialist in the same team, who may read p1 but not change p1's jobs.
async fn placement(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_jobs(&[jobbvei_domain::Job {
        id: id("j2"),
        course: id("c1"),
        employer: id("e1"),
        form: jobbvei_domain::JobForm::Taster,
        start: "2024-11-11".parse().unwrap(),
        title: Some("Bakeri, pakking".into()),
        styrk: None,
        paid: Some(false),
        ordinary_terms: None,
        percent: Vec::new(),
        hours_per_week: None,
        probation_end: None,
        planned_end: Some("2024-11-22".parse().unwrap()),
        end: None,
        ended_by: None,
        end_reason: None,
        extensions: None,
    }])
    .await
    .unwrap();
    tx.upsert_followup_checks(&[jobbvei_domain::FollowupCheck {
        id: id("f1"),
        course: id("c1"),
        job: id("j1"),
        due: "2024-07-01".parse().unwrap(),
        done: Some("2024-07-02".parse().unwrap()),
        areas: vec![jobbvei_domain::FollowupArea::Tasks],
        note: Some("Trives med morgenskiftene".into()),
    }])
    .await
    .unwrap();
    tx.upsert_users(&[User {
        id: id("u-js2"),
        name: "Annen jobbspesialist".into(),
        roles: vec![Role::JobSpecialist],
        team: Some(id("t1")),
        fte: Fte::FULL,
        username: Some("u-js2".into()),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn audit_actions(s: &Scratch, action: &str) -> Vec<jobbvei_store::AuditEntry> {
    let filter = jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() };
    s.db.audit_entries(&filter).await.unwrap().into_iter().filter(|e| e.action == action).collect()
}

#[tokio::test]
async fn the_page_draws_the_chain_and_a_purpose_is_saved_and_audited() {
    for s in jobbvei_store::testing::both("jobs_purpose").await {
        seed(&s).await;
        placement(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;

        let page = send(&app, get("/deltaker/p1", Some(&js))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        let b = &page.body;
        // One bar per job in each picture: the wide one and the phone's.
        assert_eq!(b.matches("<g class=\"job").count(), 4, "{}: one bar per job", s.label);
        assert!(b.contains("<desc id=\"chain-desc-mobil\">2 ledd i jobbkjeden."), "{}", s.label);
        assert!(b.contains("2. Jobbsmak · Bakeri, pakking – ikke arbeid · 11.11.2024 – pågår"), "{b}");
        assert!(b.contains("role=\"img\"") && b.contains("<desc id=\"chain-desc\">2 ledd i jobbkjeden."));
        // j1 is 50 % from 1 June 2024: drawn mid-shade and listed in the table.
        assert!(b.contains("fill=\"#66a3e0\"") && b.contains("50 % fra 01.06.2024"));
        assert!(b.contains("STYRK 7512") && b.contains("Lønnet, ordinære lønns- og arbeidsvilkår"));
        assert!(b.contains("Forlenget 0 ganger, planlagt slutt 22.11.2024.") && b.contains("Ikke registrert."));
        assert!(b.contains("action=\"/jobb/j2/formal\"") && b.contains("action=\"/jobb/j2/forleng\""));
        assert!(!b.contains("action=\"/jobb/j1/"), "a paid job has no placement form");

        let purpose = "Prøve pakking i bakeri & se om tidlige morgener passer";
        let r =
            send(&app, post_form("/jobb/j2/formal", Some(&js), &body(&[("csrf", &csrf), ("purpose", purpose)]))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/deltaker/p1#utplassering-j2"), "{}", r.body);
        assert_eq!(s.db.placement_purpose("j2").await.unwrap().as_deref(), Some(purpose));
        let audited = audit_actions(&s, "placement_purpose").await;
        assert_eq!(audited.len(), 1, "{}", s.label);
        assert_eq!(audited[0].fields, vec!["job".to_owned(), "purpose".to_owned()]);
        assert_eq!((audited[0].outcome.as_str(), audited[0].user_id.as_deref()), ("ok", Some("u-jobbspesialist")));
        let page = send(&app, get("/deltaker/p1", Some(&js))).await;
        let shown =
            ["&amp;", "&#38;"].map(|amp| format!("<strong>Formål:</strong> Prøve pakking i bakeri {amp} se om"));
        assert!(shown.iter().any(|t| page.body.contains(t.as_str())), "{}", page.body);
        assert!(page.body.contains("tidlige morgener passer</p>") && !page.body.contains("bakeri & se"));

        // Empty and too long are refused beside the field, with the text kept; nothing changes.
        let r = send(&app, post_form("/jobb/j2/formal", Some(&js), &body(&[("csrf", &csrf), ("purpose", "  ")]))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"purpose-j2-error\">Skriv hva utplasseringen skal gi deltakeren"), "{}", r.body);
        let long = "x".repeat(501);
        let r =
            send(&app, post_form("/jobb/j2/formal", Some(&js), &body(&[("csrf", &csrf), ("purpose", &long)]))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("Formålet kan ha høyst 500 tegn (nå 501).")
                && r.body.contains(&format!(">{long}</textarea>"))
        );
        assert_eq!(s.db.placement_purpose("j2").await.unwrap().as_deref(), Some(purpose));
        assert_eq!(audit_actions(&s, "placement_purpose").await.len(), 1);

        // A paid job is not a placement; a stale form is refused.
        let r = send(&app, post_form("/jobb/j1/formal", Some(&js), &body(&[("csrf", &csrf), ("purpose", "x")]))).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = send(&app, post_form("/jobb/j2/formal", Some(&js), &body(&[("csrf", "feil"), ("purpose", "y")]))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(s.db.placement_purpose("j1").await.unwrap(), None);
        assert_eq!(s.db.placement_purpose("j2").await.unwrap().as_deref(), Some(purpose));
        s.remove().await;
    }
}

#[tokio::test]
async fn an_extension_counts_moves_the_end_and_raises_the_alert_the_second_time() {
    for s in jobbvei_store::testing::both("jobs_extend").await {
        seed(&s).await;
        placement(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        // The team lead may extend as well as the owner.
        let (lead, csrf) = signed_in(&s, &clock, "u-metodeveileder").await;
        let today = jobbvei_domain::time::oslo_date(clock.now());
        let unpaid_alerts = || async {
            let data = s.db.alert_data(today, None).await.unwrap();
            jobbvei_domain::alerts::alerts(&data, today)
                .into_iter()
                .filter(|a| a.kind == jobbvei_domain::alerts::AlertKind::UnpaidTooLong)
                .count()
        };
        assert_eq!(unpaid_alerts().await, 0);

        let extend = |date: &'static str| body(&[("csrf", &csrf), ("planned_end", date)]);
        let r = send(&app, post_form("/jobb/j2/forleng", Some(&lead), &extend("2024-11-29"))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let j = s.db.job("j2").await.unwrap().unwrap();
        assert_eq!((j.extensions, j.planned_end), (Some(1), Some("2024-11-29".parse().unwrap())));
        assert_eq!(unpaid_alerts().await, 0, "one extension is not yet too many");
        let audited = audit_actions(&s, "placement_extend").await;
        assert_eq!(audited.len(), 1);
        assert_eq!(audited[0].fields, ["job", "planned_end", "extensions"].map(String::from).to_vec());

        let r = send(&app, post_form("/jobb/j2/forleng", Some(&lead), &extend("2024-12-06"))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let j = s.db.job("j2").await.unwrap().unwrap();
        assert_eq!((j.extensions, j.planned_end), (Some(2), Some("2024-12-06".parse().unwrap())));
        assert_eq!(unpaid_alerts().await, 1, "{}: extended more than once", s.label);
        let page = send(&app, get("/deltaker/p1", Some(&lead))).await;
        assert!(page.body.contains("Forlenget 2 ganger, planlagt slutt 06.12.2024."));
        s.remove().await;
    }
}

#[tokio::test]
async fn an_invalid_date_leaves_the_placement_unchanged() {
    for s in jobbvei_store::testing::both("jobs_bad_date").await {
        seed(&s).await;
        placement(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let cases = [
            ("29.11.2024", "Skriv datoen som åååå-mm-dd, for eksempel 2025-10-17."),
            ("2024-11-22", "Ny planlagt slutt må være etter den nåværende (22.11.2024)."),
            ("2024-11-20", "Ny planlagt slutt må være etter den nåværende (22.11.2024)."),
            ("", "Skriv ny planlagt slutt."),
        ];
        for (typed, says) in cases {
            let r =
                send(&app, post_form("/jobb/j2/forleng", Some(&js), &body(&[("csrf", &csrf), ("planned_end", typed)])))
                    .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {typed}", s.label);
            assert!(r.body.contains(&format!("id=\"planned-end-j2-error\">{says}</p>")), "{typed}: {}", r.body);
            assert!(r.body.contains(&format!("name=\"planned_end\" type=\"date\" value=\"{typed}\"")), "keeps input");
            let j = s.db.job("j2").await.unwrap().unwrap();
            assert_eq!((j.extensions, j.planned_end), (None, Some("2024-11-22".parse().unwrap())), "{typed}");
        }
        assert!(audit_actions(&s, "placement_extend").await.is_empty());
        s.remove().await;
    }
}

#[tokio::test]
async fn another_job_specialist_may_read_but_not_change_the_placement() {
    for s in jobbvei_store::testing::both("jobs_denied").await {
        seed(&s).await;
        placement(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (other, csrf) = signed_in(&s, &clock, "u-js2").await;
        let page = send(&app, get("/deltaker/p1", Some(&other))).await;
        assert_eq!(page.status, StatusCode::OK, "same team: may read");
        assert!(!page.body.contains("action=\"/jobb/j2/formal\""), "and sees no form");

        let r =
            send(&app, post_form("/jobb/j2/formal", Some(&other), &body(&[("csrf", &csrf), ("purpose", "x")]))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        let r = send(
            &app,
            post_form("/jobb/j2/forleng", Some(&other), &body(&[("csrf", &csrf), ("planned_end", "2024-12-01")])),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(s.db.placement_purpose("j2").await.unwrap(), None);
        let j = s.db.job("j2").await.unwrap().unwrap();
        assert_eq!((j.extensions, j.planned_end), (None, Some("2024-11-22".parse().unwrap())));
        let denied: Vec<_> = audit_actions(&s, "placement_purpose")
            .await
            .into_iter()
            .chain(audit_actions(&s, "placement_extend").await)
            .map(|e| (e.outcome, e.user_id))
            .collect();
        assert_eq!(denied, vec![("denied".into(), Some("u-js2".into())); 2]);

        // A veileder is stopped by the route table itself, and sees the follow-up checks without their notes.
        let (vei, vei_csrf) = signed_in(&s, &clock, "u-veileder").await;
        let seen = send(&app, get("/deltaker/p1", Some(&vei))).await;
        assert!(seen.body.contains("Gjennomført 02.07.2024") && seen.body.contains("Arbeidsoppgaver"), "{}", s.label);
        assert!(!seen.body.contains("Trives med morgenskiftene") && !seen.body.contains("action=\"/jobb/"));
        assert!(page.body.contains("Trives med morgenskiftene"), "a job specialist sees the note");
        let r =
            send(&app, post_form("/jobb/j2/formal", Some(&vei), &body(&[("csrf", &vei_csrf), ("purpose", "x")]))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(s.db.placement_purpose("j2").await.unwrap(), None);
        s.remove().await;
    }
}

#[tokio::test]
async fn a_stale_extension_counts_nothing_and_a_reimport_keeps_the_purpose() {
    for s in jobbvei_store::testing::both("jobs_stale").await {
        seed(&s).await;
        placement(&s).await;
        let at = DateTime::from_timestamp(NOW, 0).unwrap();
        let mut tx = s.db.begin().await.unwrap();
        tx.set_placement_purpose("j2", "Prøve pakking", at, "u-jobbspesialist").await.unwrap();
        // Read against 20 November, but the planned end is 22 November: someone got there first.
        let stale = tx.extend_placement("j2", "2024-11-20".parse().unwrap(), "2024-12-01".parse().unwrap()).await;
        assert!(!stale.unwrap(), "{}", s.label);
        tx.commit().await.unwrap();
        let j = s.db.job("j2").await.unwrap().unwrap();
        assert_eq!((j.extensions, j.planned_end), (None, Some("2024-11-22".parse().unwrap())));

        // An import replaces the job's exchange fields; the purpose lives beside them.
        let mut again = j.clone();
        again.title = Some("Pakking".into());
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_jobs(&[again]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(s.db.job("j2").await.unwrap().unwrap().title.as_deref(), Some("Pakking"));
        assert_eq!(s.db.placement_purpose("j2").await.unwrap().as_deref(), Some("Prøve pakking"), "{}", s.label);
        s.remove().await;
    }
}
