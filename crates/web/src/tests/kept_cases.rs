//! The caseload and Min dag keep what they computed per user and team (`kept_cases`): a
//! write made outside this app instance (another instance, an import, the API) must show on
//! the next view all the same, since the database stamps the users whose courses it touched.

use super::*;

fn id(x: &str) -> ExtId {
    ExtId::parse(x).unwrap()
}

fn participant(name: &str) -> jobbvei_domain::Participant {
    jobbvei_domain::Participant {
        id: id("p1"),
        name: name.into(),
        fnr: jobbvei_domain::Fnr::parse("15038512363").unwrap(),
        postal_code: jobbvei_domain::PostalCode::parse("0473"),
        birth_year: Some(1985),
        norwegian_level: None,
        interpreter: None,
        veileder: Some(id("u-veileder")),
        confidential: None,
    }
}

fn course(job_specialist: &str, end: Option<&str>) -> jobbvei_domain::Course {
    jobbvei_domain::Course {
        id: id("c1"),
        participant: id("p1"),
        method: Method::Se,
        job_specialist: id(job_specialist),
        start: "2024-01-01".parse().unwrap(),
        referred: None,
        end: end.map(|d| d.parse().unwrap()),
        end_cause: None,
        end_cause_detail: None,
    }
}

async fn page(app: &Router, path: &str, cookie: &str) -> String {
    let r = send(app, get(path, Some(cookie))).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.body
}

#[tokio::test]
async fn a_write_from_outside_the_instance_shows_on_the_next_view() {
    for s in jobbvei_store::testing::both("kept-cases").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        for _ in 0..2 {
            let body = page(&app, "/portefolje", &js).await;
            assert!(body.contains("Amina Yusuf") && body.contains("1 aktive og 0 passive"), "{}: {body}", s.label);
            assert!(page(&app, "/portefolje", &lead).await.contains("Amina Yusuf"), "{}", s.label);
        }

        // A passive period from today, written beside the app.
        let mut tx = s.db.begin().await.unwrap();
        let from = jobbvei_domain::time::oslo_date(clock.now());
        tx.upsert_passive_periods(&[jobbvei_domain::PassivePeriod { course: id("c1"), from, to: None, reason: None }])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let body = page(&app, "/portefolje", &js).await;
        assert!(body.contains("0 aktive og 1 passive"), "{}: the passive period shows: {body}", s.label);

        // The participant renamed: the course's job specialist, the team and Min dag see it.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[participant("Amina Berg")]).await.unwrap();
        tx.commit().await.unwrap();
        assert!(page(&app, "/portefolje", &js).await.contains("Amina Berg"), "{}", s.label);
        assert!(page(&app, "/portefolje", &lead).await.contains("Amina Berg"), "{}: the team's", s.label);
        let day = page(&app, "/min-dag", &js).await;
        assert!(!day.contains("Amina Yusuf"), "{}: no old name on Min dag: {day}", s.label);

        // The course moved to the team lead: it leaves the job specialist's caseload.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_courses(&[course("u-metodeveileder", None)]).await.unwrap();
        tx.commit().await.unwrap();
        let body = page(&app, "/portefolje", &js).await;
        assert!(!body.contains("Amina Berg") && body.contains("0 aktive og 0 passive"), "{}: {body}", s.label);

        s.remove().await;
    }
}
