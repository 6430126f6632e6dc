//! People, teams and offices are shown by name, never by id, and dates and instants in the
//! one format of `crate::dates` (docs/names-and-dates.md).

use jobbvei_store::AuditEntry;

use super::*;

/// The part of a page from `start` to the end of the table that follows it.
fn section<'a>(body: &'a str, start: &str) -> &'a str {
    let from = body.find(start).unwrap_or_else(|| panic!("no {start} in {body}"));
    let rest = &body[from..];
    &rest[..rest.find("</table>").map_or(rest.len(), |e| e + "</table>".len())]
}

#[tokio::test]
async fn the_team_caseload_names_each_job_specialist() {
    for s in jobbvei_store::testing::both("namecase").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = send(&app, get("/portefolje", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        let table = section(&r.body, "<table");
        assert!(table.contains("<a href=\"/portefolje?sorter=jobbspesialist\">Jobbspesialist</a></th>"), "{table}");
        assert!(table.contains("Amina Yusuf</a></td>\n        <td>Bruker jobbspesialist</td>"), "{table}");
        assert!(!table.contains("u-jobbspesialist"), "an id where a name belongs: {table}");
        // The last activity, yesterday, as a date.
        assert!(table.contains("<td>18.11.2024</td>"), "{table}");
        s.remove().await;
    }
}

fn logged(at: i64, user: Option<&str>, action: &str, outcome: &str) -> AuditEntry {
    AuditEntry {
        at: DateTime::from_timestamp(at, 0).unwrap(),
        user_id: user.map(str::to_owned),
        username: Some(user.map_or("cli:root".to_owned(), str::to_owned)),
        role: None,
        action: action.into(),
        record_type: Some("participant".into()),
        record_id: Some("p1".into()),
        fields: Vec::new(),
        ip: None,
        outcome: outcome.into(),
    }
}

#[tokio::test]
async fn the_audit_table_says_who_by_name_and_what_in_norwegian() {
    for s in jobbvei_store::testing::both("nameaudit").await {
        seed(&s).await;
        let mut tx = s.db.begin().await.unwrap();
        for e in [
            logged(NOW - 600, Some("u-jobbspesialist"), "create", "ok"),
            logged(NOW - 500, Some("u-jobbspesialist"), "update_profile", "ok"),
            logged(NOW - 400, Some("u-veileder"), "read", "denied"),
            logged(NOW - 300, Some("u-jobbspesialist"), "measure_sendt_veileder", "ok"),
            logged(NOW - 200, None, "update", "ok"),
            logged(NOW - 100, Some("u-gone"), "reopen", "ok"),
        ] {
            tx.audit(&e).await.unwrap();
        }
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = send(&app, get("/deltaker/p1", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        let table = section(&r.body, "id=\"innsyn\"");
        let row = |at: &str, who: &str, what: &str| format!("<tr><td>{at}</td><td>{who}</td><td>{what}</td></tr>");
        // Newest first: the lead's own read of this page is the newest line.
        for line in [
            row("19.11.2024 kl. 08.06", "Bruker metodeveileder", "lest"),
            row("19.11.2024 kl. 08.05", "Ukjent bruker", "gjenåpnet forløp"),
            row("19.11.2024 kl. 08.03", "Kommandolinjen", "endret"),
            row("19.11.2024 kl. 08.01", "Bruker jobbspesialist", "sendte tiltak til veileder"),
            row("19.11.2024 kl. 08.00", "Bruker veileder", "nektet innsyn"),
            row("19.11.2024 kl. 07.58", "Bruker jobbspesialist", "endret profil"),
            row("19.11.2024 kl. 07.56", "Bruker jobbspesialist", "opprettet"),
        ] {
            assert!(table.contains(&line), "{line} missing in {table}");
        }
        for raw in ["u-jobbspesialist", "u-veileder", "u-gone", "cli:root", "update_profile", "denied", "2024-11-19"] {
            assert!(!table.contains(raw), "{raw} shown in {table}");
        }
        s.remove().await;
    }
}

#[tokio::test]
async fn profile_versions_and_the_disclosure_plan_name_who_changed_them() {
    for s in jobbvei_store::testing::both("nameprofile").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let first = body(&[("csrf", &csrf), ("industries", "Servering")]);
        assert_eq!(send(&app, post_form("/deltaker/p1/profil", Some(&js), &first)).await.status, StatusCode::SEE_OTHER);
        let plan = body(&[("csrf", &csrf), ("may_tell", "Har hull i CV")]);
        assert_eq!(send(&app, post_form("/deltaker/p1/apenhet", Some(&js), &plan)).await.status, StatusCode::SEE_OTHER);
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = send(&app, get("/deltaker/p1/profil", Some(&lead))).await;
        assert!(r.body.contains("<time>19.11.2024 kl. 08.06</time> · Bruker jobbspesialist</li>"), "{}", r.body);
        assert!(!r.body.contains("u-jobbspesialist"), "{}", r.body);
        let r = send(&app, get("/deltaker/p1/apenhet", Some(&lead))).await;
        assert!(r.body.contains("Sist endret 19.11.2024 kl. 08.06 av Bruker jobbspesialist."), "{}", r.body);
        assert!(!r.body.contains("u-jobbspesialist"), "{}", r.body);
        s.remove().await;
    }
}

#[tokio::test]
async fn the_user_list_names_each_users_team() {
    let s = jobbvei_store::testing::sqlite("nameusers").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (admin, _) = signed_in(&s, &clock, "u-admin").await;
    let r = send(&app, get("/admin/brukere", Some(&admin))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(
            "<td data-label=\"Navn\">Bruker jobbspesialist</td><td data-label=\"Roller\">jobbspesialist</td>\
             <td data-label=\"Team\">Team</td>"
        ),
        "{}",
        r.body
    );
    assert!(!r.body.contains(">t1</td>"));
    s.remove().await;
}
