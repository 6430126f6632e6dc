//! Job ads on the participant page ("Jobbmuligheter") and Min dag: the ranked suggestion with
//! its reason, marking one applied (CSRF, audit, the applications list), refusals that change
//! nothing, and the ad's employer found in the register by organisation number.

use super::*;

const AD_OSLO: &str = "11111111-1111-4111-a111-111111111111";
const AD_GROUP: &str = "22222222-2222-4222-a222-222222222222";
const AD_BERGEN: &str = "33333333-3333-4333-a333-333333333333";

fn entry(uuid: &str, styrk: &str, postal: &str, title: &str, orgnr: &str) -> String {
    serde_json::json!({
        "uuid": uuid, "status": "ACTIVE", "sistEndret": "2024-11-18T08:00:00Z",
        "json": {
            "title": title, "published": "2024-11-18T08:00:00Z", "expires": "2024-12-31T00:00:00Z",
            "workLocations": [{"postalCode": postal}],
            "categoryList": [{"categoryType": "STYRK08NAV", "code": format!("{styrk}.01")}],
            "employer": {"name": "Bakeriet AS", "orgnr": orgnr},
            "extent": "Heltid",
            "contactList": [{"name": "Kari Kontakt", "email": "kari@example.no"}]
        }
    })
    .to_string()
}

async fn ads_and_profile(s: &Scratch) {
    let lines = [
        entry(AD_GROUP, "7511", "0010", "Slakter i Oslo", "912345688"),
        entry(AD_OSLO, "7512", "0010", "Baker i Oslo", "912345688"),
        entry(AD_BERGEN, "7512", "5003", "Baker i Bergen", ""),
    ]
    .join("\n");
    let reading = jobbvei_domain::ads::read_lines(&lines, 1);
    assert!(reading.bad.is_empty(), "{:?}", reading.bad);
    s.db.store_ads(&reading.ads, DateTime::from_timestamp(NOW, 0).unwrap()).await.unwrap();
    let values: Vec<String> = jobbvei_domain::profile::PROFILE_FIELDS
        .iter()
        .map(|f| match f.name {
            "wanted_styrk" => "7512".to_owned(),
            "geography" => "Oslo".to_owned(),
            "hours" => "Heltid".to_owned(),
            _ => String::new(),
        })
        .collect();
    let mut tx = s.db.begin().await.unwrap();
    tx.save_profile_version("p1", DateTime::from_timestamp(NOW, 0).unwrap(), "u-jobbspesialist", &values)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn ranked_ads_with_reasons_and_marking_one_applied() {
    for s in jobbvei_store::testing::both("ads").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let r = send(&app, get("/deltaker/p1", Some(&js))).await;
        assert!(r.body.contains("Ingen yrkesprofil ennå"), "{}", s.label);

        ads_and_profile(&s).await;
        let r = send(&app, get("/deltaker/p1", Some(&js))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        assert!(
            r.body.contains("Jobbmuligheter") && r.body.contains("samme yrke, samme kommune, heltid"),
            "{}",
            r.body
        );
        let (oslo, group) = (r.body.find("Baker i Oslo").unwrap(), r.body.find("Slakter i Oslo").unwrap());
        assert!(oslo < group, "the same occupation ranks before the same group");
        assert!(r.body.contains("samme yrkesgruppe, samme kommune, heltid") && !r.body.contains("Baker i Bergen"));

        // Min dag: published yesterday, so new for the job specialist's participant.
        let r = send(&app, get("/min-dag", Some(&js))).await;
        assert!(r.body.contains("Nye annonser for mine deltakere siden i går") && r.body.contains("Baker i Oslo"));
        // Ranked from every new ad, not a read of the participant's counties: Bergen is left out.
        assert!(!r.body.contains("Baker i Bergen"), "{}", s.label);
        // The day and the participant whose ads it showed are both audited as read.
        let read = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let by = |kind: &str, fields: &[&str]| {
            read.iter().any(|e| e.record_type.as_deref() == Some(kind) && e.fields == fields)
        };
        let day = ["activities", "alerts", "measure_decisions"];
        assert!(by("my_day", &day) && by("participant", &["job_ads"]), "{}: {read:?}", s.label);

        // Refusals change nothing: an unknown choice, an unknown ad, no CSRF, a veileder.
        let mark = |m: &str, ad: &str| body(&[("csrf", &csrf), ("annonse", ad), ("merke", m)]);
        let r = send(&app, post_form("/deltaker/p1/annonser", Some(&js), &mark("kanskje", AD_OSLO))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        let r = send(&app, post_form("/deltaker/p1/annonser", Some(&js), &mark("sokt", "ukjent"))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", s.label);
        let r = send(&app, post_form("/deltaker/p1/annonser", Some(&js), "annonse=x&merke=sokt")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        let (vl, vl_csrf) = signed_in(&s, &clock, "u-veileder").await;
        let vl_form = body(&[("csrf", &vl_csrf), ("annonse", AD_OSLO), ("merke", "sokt")]);
        let r = send(&app, post_form("/deltaker/p1/annonser", Some(&vl), &vl_form)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        assert!(s.db.ad_marks("p1").await.unwrap().is_empty());
        let r = send(&app, get("/deltaker/p1", Some(&vl))).await;
        assert!(r.body.contains("Baker i Oslo") && !r.body.contains("/deltaker/p1/annonser\""), "{}", s.label);

        let r = send(&app, post_form("/deltaker/p1/annonser", Some(&js), &mark("sokt", AD_OSLO))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/deltaker/p1#jobbmuligheter"), "{}", r.body);
        let marks = s.db.ad_marks("p1").await.unwrap();
        assert_eq!((marks.len(), marks[0].mark.as_str(), marks[0].marked_by.as_str()), (1, "sokt", "u-jobbspesialist"));
        let r = send(&app, get("/deltaker/p1", Some(&js))).await;
        let applications = &r.body[r.body.find("id=\"ad-applications\"").unwrap()..];
        assert!(applications.contains("Søkt</span> Baker i Oslo"), "{}", s.label);
        let table = &r.body[r.body.find("id=\"ad-suggestions\"").unwrap()..r.body.find("id=\"soknader\"").unwrap()];
        assert!(!table.contains("Baker i Oslo") && table.contains("Slakter i Oslo"), "applied is not suggested again");

        let audit = format!("{:?}", s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap());
        assert!(audit.contains("mark_job_ad") && audit.contains("job_ads"), "{}", s.label);

        // The ads' employer in the register, by organisation number (for the pipeline).
        let today = clock.today();
        let open = s.db.open_ads_for_employer("e1", today).await.unwrap();
        assert_eq!(open.iter().map(|a| a.uuid.as_str()).collect::<Vec<_>>(), vec![AD_OSLO, AD_GROUP]);
        assert_eq!(s.db.open_ads_per_employer(today).await.unwrap(), vec![("e1".to_owned(), 2)]);
        s.remove().await;
    }
}

/// The suggestions are ranked once and kept (`crate::suggestions`), yet never stale: a new ad
/// stored by the feed at the very same instant, an ad dismissed through another instance and
/// a changed profile all show on the next view, on both engines.
#[tokio::test]
async fn kept_suggestions_follow_new_ads_marks_and_profile_from_any_instance() {
    for s in jobbvei_store::testing::both("ads-kept").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let (one, other) = (app(&s, clock.clone()), app(&s, clock.clone()));
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        ads_and_profile(&s).await;
        let suggested = |body: &str| {
            let from = body.find("id=\"ad-suggestions\"").map(|i| &body[i..]).unwrap_or("");
            from[..from.find("id=\"soknader\"").unwrap_or(from.len())].to_owned()
        };
        let r = send(&one, get("/deltaker/p1", Some(&js))).await;
        assert!(suggested(&r.body).contains("Baker i Oslo") && !r.body.contains("Konditor i Oslo"), "{}", s.label);

        const AD_NEW: &str = "44444444-4444-4444-a444-444444444444";
        let reading = jobbvei_domain::ads::read_lines(&entry(AD_NEW, "7512", "0010", "Konditor i Oslo", ""), 1);
        s.db.store_ads(&reading.ads, DateTime::from_timestamp(NOW, 0).unwrap()).await.unwrap();
        let r = send(&one, get("/deltaker/p1", Some(&js))).await;
        assert!(suggested(&r.body).contains("Konditor i Oslo"), "{}: the new ad", s.label);

        let form = body(&[("csrf", &csrf), ("annonse", AD_NEW), ("merke", "avvist")]);
        let r = send(&other, post_form("/deltaker/p1/annonser", Some(&js), &form)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", s.label);
        let r = send(&one, get("/deltaker/p1", Some(&js))).await;
        assert!(!r.body.contains("Konditor i Oslo"), "{}: dismissed elsewhere", s.label);
        assert!(!suggested(&r.body).contains("Baker i Bergen"), "{}", s.label);

        let values: Vec<String> = jobbvei_domain::profile::PROFILE_FIELDS
            .iter()
            .map(|f| match f.name {
                "wanted_styrk" => "7512".to_owned(),
                "geography" => "Bergen".to_owned(),
                _ => String::new(),
            })
            .collect();
        let mut tx = s.db.begin().await.unwrap();
        tx.save_profile_version("p1", DateTime::from_timestamp(NOW, 0).unwrap(), "u-jobbspesialist", &values)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let r = send(&one, get("/deltaker/p1", Some(&js))).await;
        assert!(suggested(&r.body).contains("Baker i Bergen"), "{}: the changed profile", s.label);
        s.remove().await;
    }
}
