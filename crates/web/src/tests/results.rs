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
            assert!(unlabelled(&row).contains(&format!("<td>{}</td><td>{share}</td>", r.count)), "{l}: {label}: {row}");
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
            assert!(unlabelled(&row).contains("<td>under 5</td><td></td>"), "{l}: {role}: {row}");
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

/// The seeded course c1 made an IPS course in an IPS team: one participant, Amina, whose paid
/// job j1 starts on 1 June 2024. Over 2024-01-01–2024-11-19: Q1 1 served, 0 working (0 %);
/// Q2 1 working and one new job (100 %); Q3 and Q4 (cut to 19 November) 1 working, no new job.
async fn ips_seed(s: &jobbvei_store::testing::Scratch) {
    use jobbvei_domain::{ExtId, Method, Team};
    seed(s).await;
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_teams(&[Team { id: id("t1"), office: id("0314"), name: "IPS Sagene".into(), method: Method::Ips }])
        .await
        .unwrap();
    let mut course = s.db.course("c1").await.unwrap().unwrap();
    course.method = Method::Ips;
    tx.upsert_courses(&[course]).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_ips_quarterly_report_is_the_commands_for_each_scope() {
    use jobbvei_domain::outcomes::quarterly::quarterly;
    for s in jobbvei_store::testing::both("results_ips").await {
        ips_seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (from, to) = ("2024-01-01".parse().unwrap(), "2024-11-19".parse().unwrap());
        let data = s.db.outcome_data(from, to).await.unwrap();
        let report = quarterly(&data, from, to, GroupKind::Team);
        assert_eq!(report.group_ids, ["t1"], "{l}");
        let q2 = &report.rows[1];
        assert_eq!((q2.served, q2.working, q2.new_jobs, q2.education), (1, 1, 1, 0), "{l}");

        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let page = send(&app, get("/resultater/ips?fra=2024-01-01&til=2024-11-19", Some(&lead))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("IPS-kvartalsrapport: IPS Sagene"), "{l}: the team by name");
        assert!(
            unlabelled(&page.body).contains(
                "<th scope=\"row\">1. kvartal 2024</th><td>1</td><td>0</td><td>0</td><td>0</td><td>0,0 %</td><td>under minimum (31 %)</td>"
            ),
            "{l}: {}",
            page.body
        );
        assert!(unlabelled(&page.body).contains("<th scope=\"row\">2. kvartal 2024</th><td>1</td><td>1</td><td>1</td><td>0</td><td>100,0 %</td><td>fremragende (50 %)</td>"), "{l}");
        assert!(page.body.contains("<td data-label=\"Sysselsettingsrate\">100,0 %</td>"), "{l}: labelled for a phone");
        let csv = send(&app, get("/resultater/ips.csv?fra=2024-01-01&til=2024-11-19", Some(&lead))).await;
        assert_eq!(csv.status, StatusCode::OK, "{l}");
        assert_eq!(
            csv.headers["content-disposition"],
            "attachment; filename=\"jobbvei-ips-team-t1-2024-01-01-2024-11-19.csv\"",
            "{l}"
        );
        assert_eq!(
            csv.body,
            "\u{feff}rule;group_kind;group_id;quarter;served;working;new_jobs;education;rate;benchmark\r\n\
             R5@1;team;t1;2024-Q1;1;0;0;0;0;under_minimum\r\n\
             R5@1;team;t1;2024-Q2;1;1;1;0;100;fremragende\r\n\
             R5@1;team;t1;2024-Q3;1;1;0;0;100;fremragende\r\n\
             R5@1;team;t1;2024-Q4;1;1;0;0;100;fremragende\r\n",
            "{l}"
        );

        // The leader sees the office; one person is "under 5" on the page and in the file.
        let (leader, _) = signed_in(&s, &clock, "u-leder").await;
        let page = send(&app, get("/resultater/ips?fra=2024-01-01&til=2024-11-19", Some(&leader))).await;
        assert!(page.body.contains("IPS-kvartalsrapport: NAV Sagene"), "{l}");
        assert!(unlabelled(&page.body).contains("<th scope=\"row\">2. kvartal 2024</th><td>under 5</td><td>under 5</td><td>under 5</td><td>0</td><td></td><td></td>"), "{l}");
        let csv = send(&app, get("/resultater/ips.csv?fra=2024-01-01&til=2024-11-19", Some(&leader))).await;
        assert!(csv.body.contains("\r\nR5@1;office;0314;2024-Q2;under 5;under 5;under 5;0;;\r\n"), "{l}: {}", csv.body);

        // Not for the job specialist; a bad window is refused with a message, on the page and
        // on the download.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert_eq!(send(&app, get("/resultater/ips", Some(&js))).await.status, StatusCode::FORBIDDEN, "{l}");
        let r = send(&app, get("/resultater/ips?fra=2024-11-19&til=2024-01-01", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Til-datoen kan ikke være før fra-datoen."), "{l}");
        let r = send(&app, get("/resultater/ips.csv?fra=x", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        s.remove().await;
    }
}
