//! `/deltaker/{id}/innsyn` (issue 16, the person's rights): the team lead prints everything
//! stored about a person of the team, with who read it; audited; others are refused.

use super::*;

#[tokio::test]
async fn the_team_lead_prints_everything_and_who_read_it() {
    for s in jobbvei_store::testing::both("innsyn").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        // The job specialist reads the record first: the report must name them.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert_eq!(send(&app, get("/deltaker/p1", Some(&js))).await.status, StatusCode::OK, "{}", s.label);
        let mut tx = s.db.begin().await.unwrap();
        tx.add_support_need(&jobbvei_store::SupportNeedRow {
            id: "b1".into(),
            participant_id: "p1".into(),
            level: "individ".into(),
            need: "Trenger følge første uke".into(),
            from: "2024-02-01".parse().unwrap(),
            to: None,
            given_by: "jobbspesialist".into(),
        })
        .await
        .unwrap();
        let at = DateTime::from_timestamp(NOW - 3_600, 0).unwrap();
        let values = vec!["Vil jobbe med mat".to_owned()];
        tx.save_profile_version("p1", at, "u-jobbspesialist", &values).await.unwrap();
        tx.save_profile_version("p1", at, "u-jobbspesialist", &["Vil bake brød".to_owned()]).await.unwrap();
        tx.commit().await.unwrap();

        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let page = send(&app, get("/deltaker/p1", Some(&lead))).await.body;
        assert!(page.contains("href=\"/deltaker/p1/innsyn\""), "{}: the team lead is linked to it", s.label);
        let page = send(&app, get("/deltaker/p1", Some(&js))).await.body;
        assert!(!page.contains("/innsyn\""), "{}: the job specialist is not", s.label);
        let r = send(&app, get("/deltaker/p1/innsyn", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.body);
        for expected in [
            "Innsyn: opplysninger om Amina Yusuf",
            "15038512363",
            "Bakerassistent",
            "Kafé",
            "Stillingsprosent over tid",
            "Bistandsbehov",
            "Trenger følge første uke",
            "Yrkesprofil, alle versjoner",
            "Vil jobbe med mat",
            "Vil bake brød",
            "Bruker jobbspesialist (u-jobbspesialist)",
            "laget innsynsrapport",
            "Hvem har lest og endret opplysningene",
        ] {
            assert!(r.body.contains(expected), "{}: {expected} missing", s.label);
        }
        assert!(!r.body.contains("<link") && !r.body.contains("<script") && !r.body.contains("src="), "self-contained");
        let audit = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let mine: Vec<_> = audit.iter().filter(|e| e.action == "person_report").collect();
        assert_eq!(mine.len(), 1, "{}", s.label);
        assert_eq!(mine[0].user_id.as_deref(), Some("u-metodeveileder"));
        assert_eq!(mine[0].record_id.as_deref(), Some("p1"));

        // The job specialist and the veileder may read the record, but not print an innsyn.
        for user in ["u-jobbspesialist", "u-veileder"] {
            let (c, _) = signed_in(&s, &clock, user).await;
            assert_eq!(send(&app, get("/deltaker/p1/innsyn", Some(&c))).await.status, StatusCode::FORBIDDEN, "{user}");
        }
        // A team lead of another team: refused, and the refusal audited.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_teams(&[Team {
            id: ExtId::parse("t2").unwrap(),
            office: ExtId::parse("0314").unwrap(),
            name: "Annet".into(),
            method: Method::Ips,
        }])
        .await
        .unwrap();
        tx.upsert_users(&[User {
            id: ExtId::parse("u-lead2").unwrap(),
            name: "Annen leder".into(),
            roles: vec![Role::MethodSupervisor],
            team: Some(ExtId::parse("t2").unwrap()),
            fte: Fte::FULL,
            username: Some("u-lead2".into()),
        }])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (other, _) = signed_in(&s, &clock, "u-lead2").await;
        let r = send(&app, get("/deltaker/p1/innsyn", Some(&other))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        assert!(!r.body.contains("Amina"));
        let r = send(&app, get("/deltaker/nobody/innsyn", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        s.remove().await;
    }
}
