//! The batched reads of the busy pages (issue 17 item 5) answer as their one-at-a-time
//! originals do, on both engines: who may see each participant listed on an employer page,
//! and the audit row a page read writes as one statement.

use chrono::NaiveDate;
use jobbvei_domain::{Course, EndCause, Fnr, Method, Participant, Role};
use jobbvei_store::testing::both;
use jobbvei_store::{AuditEntry, AuditFilter};

use super::{id, office};

fn participant(pid: &str, fnr: &str) -> Participant {
    Participant {
        id: id(pid),
        name: format!("Navn {pid}"),
        fnr: Fnr::parse(fnr).unwrap(),
        postal_code: None,
        birth_year: None,
        norwegian_level: None,
        interpreter: None,
        veileder: (pid == "p-open").then(|| id("u2")),
        confidential: (pid == "p-ended").then_some(true),
    }
}

fn course(cid: &str, pid: &str, staff: &str, start: &str, end: Option<&str>) -> Course {
    Course {
        id: id(cid),
        participant: id(pid),
        method: Method::Se,
        job_specialist: id(staff),
        start: start.parse().unwrap(),
        referred: None,
        end: end.map(|e| e.parse().unwrap()),
        end_cause: end.map(|_| EndCause::Other),
        end_cause_detail: None,
    }
}

fn user(uid: &str, team: &str) -> jobbvei_domain::User {
    jobbvei_domain::User {
        id: id(uid),
        name: format!("Bruker {uid}"),
        roles: vec![Role::JobSpecialist],
        team: Some(id(team)),
        fte: jobbvei_domain::Fte::FULL,
        username: Some(uid.into()),
    }
}

#[tokio::test]
async fn participants_access_in_a_batch_equals_one_at_a_time() {
    let day: NaiveDate = "2024-07-03".parse().unwrap();
    for s in both("pages_access").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        let teams = ["t1", "t2"].map(|t| jobbvei_domain::Team {
            id: id(t),
            office: id("0314"),
            name: t.into(),
            method: Method::Se,
        });
        tx.upsert_teams(&teams).await.unwrap();
        tx.upsert_users(&[user("u1", "t1"), user("u2", "t2"), user("u3", "t2")]).await.unwrap();
        tx.upsert_participants(&[
            participant("p-open", "15918511250"),
            participant("p-ended", "45038512033"),
            participant("p-old", "15038512363"),
        ])
        .await
        .unwrap();
        tx.upsert_courses(&[
            // Two courses: one open, one ended within the handover days, both owners listed.
            course("c1", "p-open", "u1", "2023-01-02", None),
            course("c2", "p-open", "u3", "2022-01-03", Some("2024-07-01")),
            course("c3", "p-ended", "u2", "2023-05-02", Some("2024-06-28")),
            course("c4", "p-old", "u1", "2010-01-04", Some("2012-06-30")),
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let ids: Vec<String> = ["p-old", "p-open", "p-none", "p-ended"].map(String::from).to_vec();
        let batch = s.db.participants_access(&ids, day).await.unwrap();
        assert_eq!(batch.len(), 3, "{}: the unknown participant is left out", s.label);
        for p in &ids {
            let one = s.db.participant_access(p, day).await.unwrap();
            assert_eq!(batch.get(p), one.as_ref(), "{}: {p}", s.label);
        }
        let open = &batch["p-open"];
        assert_eq!(open.owners.first().map(|o| (o.0.as_str(), o.2)), Some(("u1", true)), "{}", s.label);
        assert_eq!(open.owners.len(), 2, "{}", s.label);
        assert!(batch["p-ended"].confidential, "{}", s.label);
        assert!(s.db.participants_access(&[], day).await.unwrap().is_empty());
        s.remove().await;
    }
}

#[tokio::test]
async fn a_read_is_audited_by_one_statement() {
    for s in both("pages_audit").await {
        let entry = AuditEntry {
            at: chrono::DateTime::from_timestamp(1_733_000_000, 0).unwrap(),
            user_id: None,
            username: Some("kari".into()),
            role: Some("jobbspesialist".into()),
            action: "read".into(),
            record_type: Some("participant".into()),
            record_id: Some("p1".into()),
            fields: vec!["record".into(), "job_ads".into()],
            ip: None,
            outcome: "ok".into(),
        };
        s.db.audit_now(&entry).await.unwrap();
        let filter = AuditFilter { participant: Some("p1".into()), ..AuditFilter::default() };
        let found = s.db.audit_entries(&filter).await.unwrap();
        assert_eq!(found.len(), 1, "{}", s.label);
        assert_eq!((found[0].action.as_str(), found[0].fields.clone()), ("read", entry.fields.clone()), "{}", s.label);
        s.remove().await;
    }
}
