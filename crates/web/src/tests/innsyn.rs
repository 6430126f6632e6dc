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
            "Bruker jobbspesialist",
            "laget innsynsrapport",
            "Hvem har lest og endret opplysningene",
        ] {
            assert!(r.body.contains(expected), "{}: {expected} missing", s.label);
        }
        assert!(!r.body.contains("(u-jobbspesialist)"), "{}: users by name, not id", s.label);
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
        // Nor when that lead is also the person's veileder: reading is not leading the team.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_users(&[User {
            id: ExtId::parse("u-lead2").unwrap(),
            name: "Annen leder".into(),
            roles: vec![Role::MethodSupervisor, Role::Veileder],
            team: Some(ExtId::parse("t2").unwrap()),
            fte: Fte::FULL,
            username: Some("u-lead2".into()),
        }])
        .await
        .unwrap();
        let mut p1 = s.db.participants(&["p1".to_owned()]).await.unwrap().remove(0);
        p1.veileder = Some(ExtId::parse("u-lead2").unwrap());
        tx.upsert_participants(&[p1]).await.unwrap();
        tx.commit().await.unwrap();
        let (both, _) = signed_in(&s, &clock, "u-lead2").await;
        assert_eq!(send(&app, get("/deltaker/p1", Some(&both))).await.status, StatusCode::OK, "{}", s.label);
        let r = send(&app, get("/deltaker/p1/innsyn", Some(&both))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        let r = send(&app, get("/deltaker/nobody/innsyn", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        s.remove().await;
    }
}

/// The text a reader sees: tags and attribute values (the link back holds the id) removed,
/// split into words of letters, digits, `-` and `_`.
fn visible_words(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&#45;", "-").replace("&#95;", "_");
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_person_column_has_a_label() {
    for (table, _) in jobbvei_store::PERSON_TABLES {
        let t = jobbvei_store::backup_table(table).unwrap();
        for (column, _) in t.columns {
            assert!(crate::innsyn::labels::column(table, column).is_some(), "{table}.{column} has no label");
        }
    }
}

#[tokio::test]
async fn the_page_shows_labels_and_names_never_column_names_or_ids() {
    for s in jobbvei_store::testing::both("innsyn_names").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let mut tx = s.db.begin().await.unwrap();
        tx.add_support_need(&jobbvei_store::SupportNeedRow {
            id: "need-77".into(),
            participant_id: "p1".into(),
            level: "individ".into(),
            need: "sprak".into(),
            from: "2024-02-01".parse().unwrap(),
            to: None,
            given_by: "Voksenopplæringen".into(),
        })
        .await
        .unwrap();
        let at = DateTime::from_timestamp(NOW - 3_600, 0).unwrap();
        tx.save_profile_version("p1", at, "u-jobbspesialist", &["Vil jobbe med mat".to_owned()]).await.unwrap();
        tx.commit().await.unwrap();
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert_eq!(send(&app, get("/deltaker/p1", Some(&js))).await.status, StatusCode::OK);
        let r = send(&app, get("/deltaker/p1/innsyn", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.body);
        let words = visible_words(&r.body);

        // Every id the report holds, and every column name of the tables it shows.
        let report = s.db.person_report("p1").await.unwrap().unwrap();
        let mut ids = std::collections::BTreeSet::new();
        let mut columns = std::collections::BTreeSet::new();
        for section in report.sections.iter().filter(|x| !x.rows.is_empty()) {
            for (i, c) in section.columns.iter().enumerate() {
                if c.contains('_') {
                    columns.insert(c.to_string());
                }
                let holds_id = *c == "id" || c.ends_with("_id") || jobbvei_store::USER_COLUMNS.contains(c);
                for row in section.rows.iter().filter(|_| holds_id) {
                    if let jobbvei_store::Value::Text(Some(id)) = &row[i] {
                        ids.insert(id.clone());
                    }
                }
            }
        }
        for must in ["p1", "u-jobbspesialist", "need-77", "participant_id", "created_by"] {
            assert!(ids.contains(must) || columns.contains(must), "{}: the fixture has {must}", s.label);
        }
        for word in &words {
            assert!(!ids.contains(word), "{}: the id {word} is shown", s.label);
            assert!(!columns.contains(word), "{}: the column name {word} is shown", s.label);
        }
        // Instead: labels, and people, teams and employers by name.
        let text = words.join(" ");
        for expected in
            ["Amina Yusuf", "Laget av", "Bruker jobbspesialist", "Støtte gis av", "Voksenopplæringen", "Ønskede yrker"]
        {
            assert!(text.contains(expected) || r.body.contains(expected), "{}: {expected} missing", s.label);
        }
        s.remove().await;
    }
}
