//! Retention on both engines: the person whose every course ended long ago loses name,
//! number, postal code, contact details and every free text about them, in every table;
//! codes, dates and numbers stay; people with a newer or open course are passed by.

use chrono::{DateTime, NaiveDate};
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Course, EndCause, Fnr, Method, Participant};
use jobbvei_store::testing::both;
use jobbvei_store::{BACKUP_TABLES, Value, backup_table};

use super::{id, office};

const OLD_FNR: &str = "15038512363";
const SECRET: [&str; 5] = ["Zelda", "Quux", OLD_FNR, "99887766", "zelda@example.org"];

fn participant(pid: &str, name: &str, fnr: &str) -> Participant {
    Participant {
        id: id(pid),
        name: name.into(),
        fnr: Fnr::parse(fnr).unwrap(),
        postal_code: jobbvei_domain::PostalCode::parse("0473"),
        birth_year: Some(1985),
        norwegian_level: None,
        interpreter: Some(true),
        veileder: None,
        confidential: None,
    }
}

fn course(cid: &str, pid: &str, start: &str, end: Option<&str>) -> Course {
    Course {
        id: id(cid),
        participant: id(pid),
        method: Method::Se,
        job_specialist: id("u1"),
        start: start.parse().unwrap(),
        referred: None,
        end: end.map(|e| e.parse().unwrap()),
        end_cause: end.map(|_| EndCause::Other),
        // The outcome report counts by the detail, so it stays: it must not name anyone.
        end_cause_detail: end.map(|_| "flyttet".into()),
    }
}

fn activity(aid: &str, cid: &str, day: i64) -> Activity {
    Activity {
        id: id(aid),
        user: id("u1"),
        kind: ActivityKind::ParticipantMeeting,
        start: DateTime::from_timestamp(day * 86_400, 0).unwrap(),
        minutes: 45,
        status: ActivityStatus::Done,
        channel: None,
        out_of_office: None,
        travel_to: None,
        travel_from: None,
        course: Some(id(cid)),
        employer: None,
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: Some(if aid == "a-old" { "Hjemme hos Zelda" } else { "Kontoret" }.into()),
        note: Some(if aid == "a-old" { "Zelda Quux fortalte om helsa" } else { "Yngve fortalte om jobb" }.into()),
    }
}

fn text(v: &str) -> Value {
    Value::Text(Some(v.into()))
}

/// Every text value of every table, with where it is.
async fn all_text(db: &jobbvei_store::Db) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut tx = db.snapshot().await.unwrap();
    for t in BACKUP_TABLES {
        tx.each_backup_row(t, |row| {
            for (v, (c, _)) in row.iter().zip(t.columns) {
                if let Value::Text(Some(s)) = v {
                    out.push((format!("{}.{c}", t.name), s.clone()));
                }
            }
            Ok::<_, jobbvei_store::StoreError>(())
        })
        .await
        .unwrap();
    }
    tx.rollback().await.unwrap();
    out
}

#[tokio::test]
async fn retention_removes_the_person_and_keeps_the_figures() {
    for s in both("retention").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        tx.upsert_teams(&[jobbvei_domain::Team {
            id: id("t1"),
            office: id("0314"),
            name: "T".into(),
            method: Method::Se,
        }])
        .await
        .unwrap();
        tx.upsert_users(&[jobbvei_domain::User {
            id: id("u1"),
            name: "Kari".into(),
            roles: vec![jobbvei_domain::Role::JobSpecialist],
            team: Some(id("t1")),
            fte: jobbvei_domain::Fte::FULL,
            username: Some("kari".into()),
        }])
        .await
        .unwrap();
        tx.upsert_participants(&[
            participant("p-old", "Zelda Quux", OLD_FNR),
            participant("p-new", "Yngve Ny", "15918511250"),
            participant("p-open", "Olga Open", "45038512033"),
        ])
        .await
        .unwrap();
        tx.upsert_courses(&[
            course("c-old", "p-old", "2010-01-04", Some("2012-06-30")),
            course("c-old2", "p-old", "2013-01-07", Some("2014-03-31")),
            course("c-new1", "p-new", "2010-01-04", Some("2012-06-30")),
            course("c-new2", "p-new", "2023-01-02", Some("2024-06-30")),
            course("c-open", "p-open", "2010-01-04", None),
        ])
        .await
        .unwrap();
        tx.upsert_activities(&[activity("a-old", "c-old", 14_800), activity("a-new", "c-new1", 14_800)]).await.unwrap();
        let contact = backup_table("participant_contact").unwrap();
        let cols = ["participant_id", "phone", "email", "updated_at", "updated_by"];
        let at = Value::Instant(DateTime::from_timestamp(1_300_000_000, 0));
        tx.insert_backup_rows(
            contact,
            &cols,
            &[vec![text("p-old"), text("99887766"), text("zelda@example.org"), at.clone(), text("u1")]],
        )
        .await
        .unwrap();
        let need = backup_table("support_need").unwrap();
        let cols = ["id", "participant_id", "level", "need", "from_date", "given_by"];
        let day = Value::Date(Some(NaiveDate::from_ymd_opt(2011, 1, 1).unwrap()));
        tx.insert_backup_rows(
            need,
            &cols,
            &[vec![text("b1"), text("p-old"), text("individ"), text("Zelda trenger ro"), day, text("u1")]],
        )
        .await
        .unwrap();
        let notice = backup_table("notification").unwrap();
        let cols = ["user_id", "kind", "record_type", "record_id", "text", "created_at"];
        tx.insert_backup_rows(
            notice,
            &cols,
            &[vec![text("u1"), text("x"), text("course"), text("c-old"), text("Zelda Quux er avsluttet"), at]],
        )
        .await
        .unwrap();
        tx.save_profile_version(
            "p-old",
            DateTime::from_timestamp(1_300_000_000, 0).unwrap(),
            "u1",
            &["Zelda vil bake".into()],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let before = all_text(&s.db).await;
        assert!(
            SECRET.iter().all(|x| before.iter().any(|(_, v)| v.contains(x))),
            "{}: the test data holds them",
            s.label
        );

        let cutoff = NaiveDate::from_ymd_opt(2016, 11, 20).unwrap();
        let found = s.db.retention_candidates(cutoff).await.unwrap();
        assert_eq!(found.len(), 1, "{}: {found:?}", s.label);
        assert_eq!(found[0].participant_id, "p-old");
        let ends: Vec<(&str, String)> = found[0].courses.iter().map(|(c, e)| (c.as_str(), e.to_string())).collect();
        assert_eq!(ends, [("c-old", "2012-06-30".into()), ("c-old2", "2014-03-31".into())]);

        let mut tx = s.db.begin().await.unwrap();
        let placeholder = Fnr::anonymised(0).unwrap();
        tx.anonymise_participant(
            "p-old",
            placeholder.as_str(),
            DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            cutoff,
            10,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let after = all_text(&s.db).await;
        for secret in SECRET {
            let left: Vec<_> = after.iter().filter(|(_, v)| v.contains(secret)).collect();
            assert!(left.is_empty(), "{}: {secret} is still in {left:?}", s.label);
        }
        // The others keep everything; the anonymised record still reads as a record.
        assert!(after.iter().any(|(w, v)| w == "participant.name" && v == "Yngve Ny"));
        assert!(after.iter().any(|(w, v)| w == "activity.note" && v == "Yngve fortalte om jobb"));
        assert!(after.iter().any(|(w, v)| w == "activity.note" && v == "(anonymisert)"));
        let report = s.db.person_report("p-old").await.unwrap().unwrap();
        let p = &report.sections[0];
        assert_eq!(p.rows[0][1], text("Anonymisert"));
        assert_eq!(p.rows[0][3], text(placeholder.as_str()));
        assert_eq!(p.rows[0][4], Value::Text(None), "postal code");
        assert_eq!(p.rows[0][5], Value::Int(Some(1985)), "birth year kept for the figures");
        let rows = |t: &str| report.sections.iter().find(|s| s.table == t).unwrap().rows.clone();
        assert!(rows("participant_contact").is_empty());
        assert_eq!(rows("course").len(), 2, "courses stay");
        assert_eq!(rows("activity")[0][5], Value::Int(Some(45)), "minutes stay");
        assert_eq!(rows("anonymisation").len(), 1);
        assert!(s.db.retention_candidates(cutoff).await.unwrap().is_empty(), "{}: done once", s.label);
        s.remove().await;
    }
}
