//! `/resultater`: the page shows what `jobbvei report outcomes` computes for the same window
//! (the same loader and rule), per role's scope; aggregate roles see small counts as
//! "under 5"; the team lead opens the courses behind a status.

use jobbvei_domain::kpi::GroupKind;
use jobbvei_domain::outcomes::{OutcomeSpec, Table, compute};

use super::*;

fn cell_row(body: &str, table: &str, label: &str) -> String {
    let section = body.split(&format!("id=\"{table}\"")).nth(1).unwrap_or("").split("</section>").next().unwrap_or("");
    section
        .split("<tr>")
        .find(|r| r.contains(&format!(">{label}</")))
        .unwrap_or("")
        .split("</tr>")
        .next()
        .unwrap_or("")
        .to_owned()
}

#[tokio::test]
async fn each_role_sees_the_reports_figures_for_its_scope() {
    for s in jobbvei_store::testing::both("results").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (from, to) = ("2024-01-01".parse().unwrap(), "2024-11-19".parse().unwrap());
        let data = s.db.outcome_data(from, to).await.unwrap();
        let team = compute(&data, &OutcomeSpec { from, to, by: GroupKind::Team, split: None });
        let status: Vec<_> =
            team.rows.iter().filter(|r| r.table == Table::Status && team.group_ids[r.group] == "t1").collect();
        let working = status.iter().find(|r| r.category == "arbeid").unwrap();
        assert_eq!((working.count, working.denominator), (1, Some(1)), "{l}: p1 works on j1");
        let path = "/resultater?fra=2024-01-01&til=2024-11-19";

        // The team lead sees the team's own counts and shares, and may open the courses.
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let mut page = send(&app, get(path, Some(&lead))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        page.body = page.body.replace("&#38;", "&");
        for r in &status {
            let label = match r.category.as_str() {
                "arbeid" => "I arbeid",
                "utdanning" => "I utdanning",
                "passiv" => "Passiv",
                "praksis" => "I praksis (ulønnet)",
                "oppfolging" => "I oppfølging",
                _ => "Avsluttet uten arbeid",
            };
            let row = cell_row(&page.body, "status", label);
            let share = r.share.map(|x| format!("{x:.1} %").replace('.', ",")).unwrap_or_default();
            assert!(row.contains(&format!("<td>{}</td><td>{share}</td>", r.count)), "{l}: {label}: {row}");
        }
        let link = "/resultater/forlop?tabell=status&kategori=arbeid&fra=2024-01-01&til=2024-11-19";
        assert!(page.body.contains(link), "{l}: the status links to its courses");
        let courses = send(&app, get(link, Some(&lead))).await;
        assert_eq!(courses.status, StatusCode::OK, "{l}");
        assert!(courses.body.contains(">Amina Yusuf</a>"), "{l}: by name");

        // Leaders, analysts and reviewers see the one course as "under 5", with no share.
        for role in ["u-leder", "u-analytiker", "u-fagrevisor"] {
            let (who, _) = signed_in(&s, &clock, role).await;
            let page = send(&app, get(path, Some(&who))).await;
            assert_eq!(page.status, StatusCode::OK, "{l}: {role}");
            let row = cell_row(&page.body, "status", "I arbeid");
            assert!(row.contains("<td>under 5</td><td></td>"), "{l}: {role}: {row}");
            assert!(!page.body.contains("/resultater/forlop"), "{l}: {role}: no rows behind aggregates");
            let r = send(&app, get(link, Some(&who))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}: {role}");
        }

        // A window that ends before it starts is refused with a message.
        let r = send(&app, get("/resultater?fra=2024-11-19&til=2024-01-01", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Til-datoen kan ikke være før fra-datoen."), "{l}");
        s.remove().await;
    }
}
