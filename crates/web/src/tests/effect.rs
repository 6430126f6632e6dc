//! `/effekt`: the page shows what `jobbvei report survival` computes for the same window, by
//! role; aggregate roles see a group under 5 as "under 5" with no curve; bad input is refused
//! with a message.

use jobbvei_domain::survival::{SurvivalBy, SurvivalSpec, compute};

use super::*;

mod compare;
mod extract;

fn id(x: &str) -> ExtId {
    ExtId::parse(x).unwrap()
}

/// A valid national id for someone born on `ddmmyy`, the `n`th found.
fn fnr(ddmmyy: &str, n: usize) -> jobbvei_domain::Fnr {
    (0..100_000).filter_map(|i| jobbvei_domain::Fnr::parse(&format!("{ddmmyy}{i:05}")).ok()).nth(n).unwrap()
}

/// A course of [`effect_seed`]: id, in t1 (else t2), birth year, Norwegian level,
/// interpreter, day of the paid job.
type SeedRow = (&'static str, bool, i32, Option<jobbvei_domain::NorwegianLevel>, Option<bool>, Option<i64>);

/// Beside [`seed`]'s team t1 (SE, office 0314) and course c1: team t2 "Team Øst" (IPS, same
/// office, job specialist u-js2) and team t3 "Team Vest" in office 0315 "NAV Grünerløkka".
/// t1 gets d1–d6 and t2 gets e1–e5, all SE in t1 and IPS in t2, born 1985 with Norwegian at
/// A level and no interpreter, started in 2024; t2 also e6 (born 1962, no Norwegian,
/// interpreter). c1 (level and interpreter unknown) and d6 have no match in t2, e6 none in
/// t1: matched 5 and 5, dropped 2 and 1. Paid jobs: d1 on day 10, d2 on day 40, d3 on day
/// 200; e1 on day 5, e2 on day 6, e3 on day 7, e4 on day 30.
pub(super) async fn effect_seed(s: &Scratch) {
    seed(s).await;
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_offices(&[Office { id: id("0315"), name: "NAV Grünerløkka".into() }]).await.unwrap();
    tx.upsert_teams(&[
        Team { id: id("t2"), office: id("0314"), name: "Team Øst".into(), method: Method::Ips },
        Team { id: id("t3"), office: id("0315"), name: "Team Vest".into(), method: Method::Se },
    ])
    .await
    .unwrap();
    tx.upsert_users(&[User {
        id: id("u-js2"),
        name: "Jon Spesialist".into(),
        roles: vec![Role::JobSpecialist],
        team: Some(id("t2")),
        fte: Fte::FULL,
        username: Some("u-js2".into()),
    }])
    .await
    .unwrap();
    let start: chrono::NaiveDate = "2024-02-01".parse().unwrap();
    let mut people = Vec::new();
    let mut courses = Vec::new();
    let mut jobs = Vec::new();
    let rows: [SeedRow; 12] = {
        use jobbvei_domain::NorwegianLevel::{A2, None as Ingen};
        [
            ("d1", true, 1985, Some(A2), Some(false), Some(10)),
            ("d2", true, 1985, Some(A2), Some(false), Some(40)),
            ("d3", true, 1985, Some(A2), Some(false), Some(200)),
            ("d4", true, 1985, Some(A2), Some(false), None),
            ("d5", true, 1985, Some(A2), Some(false), None),
            ("d6", true, 1985, Some(A2), Some(false), None),
            ("e1", false, 1985, Some(A2), Some(false), Some(5)),
            ("e2", false, 1985, Some(A2), Some(false), Some(6)),
            ("e3", false, 1985, Some(A2), Some(false), Some(7)),
            ("e4", false, 1985, Some(A2), Some(false), Some(30)),
            ("e5", false, 1985, Some(A2), Some(false), None),
            ("e6", false, 1962, Some(Ingen), Some(true), None),
        ]
    };
    for (i, (c, first_team, born, level, interpreter, job)) in rows.into_iter().enumerate() {
        let p = format!("p-{c}");
        people.push(jobbvei_domain::Participant {
            id: id(&p),
            name: format!("Deltaker Etternavn{c}"),
            fnr: fnr(&format!("0101{:02}", born % 100), i),
            postal_code: jobbvei_domain::PostalCode::parse(if first_team { "0473" } else { "0557" }),
            birth_year: Some(born),
            norwegian_level: level,
            interpreter,
            veileder: Some(id("u-veileder")),
            confidential: None,
        });
        courses.push(jobbvei_domain::Course {
            id: id(c),
            participant: id(&p),
            method: if first_team { Method::Se } else { Method::Ips },
            job_specialist: id(if first_team { "u-jobbspesialist" } else { "u-js2" }),
            start,
            referred: None,
            end: None,
            end_cause: None,
            end_cause_detail: None,
        });
        if let Some(day) = job {
            let from = start + chrono::Duration::days(day);
            jobs.push(jobbvei_domain::Job {
                id: id(&format!("j-{c}")),
                course: id(c),
                employer: id("e1"),
                form: jobbvei_domain::JobForm::Permanent,
                start: from,
                title: None,
                styrk: None,
                paid: Some(true),
                ordinary_terms: Some(true),
                percent: vec![jobbvei_domain::PercentStep { from, percent: 100.0 }],
                hours_per_week: None,
                probation_end: None,
                planned_end: None,
                end: None,
                ended_by: None,
                end_reason: None,
                extensions: None,
            });
        }
    }
    tx.upsert_participants(&people).await.unwrap();
    tx.upsert_courses(&courses).await.unwrap();
    tx.upsert_jobs(&jobs).await.unwrap();
    tx.commit().await.unwrap();
}

/// The seeded course c1 (SE) starts 1 January 2024 and its paid job 1 June: day 152.
#[tokio::test]
async fn the_effect_page_shows_the_survival_report_by_role() {
    for s in jobbvei_store::testing::both("effect").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (from, to, as_of) =
            ("2024-01-01".parse().unwrap(), "2024-06-30".parse().unwrap(), "2024-11-19".parse().unwrap());
        let spec = SurvivalSpec::new(from, to, as_of, SurvivalBy::Method).unwrap();
        let report = compute(&s.db.survival_data(from, to).await.unwrap(), &spec);
        let se = report.groups.iter().find(|g| g.id == "SE").unwrap();
        assert_eq!((se.curve.n, se.curve.events, se.curve.median), (1, 1, Some(152)), "{l}");
        let path = "/effekt?fra=2024-01-01&til=2024-06-30&per=2024-11-19&gruppe=method";

        // The team lead sees the country's methods with small groups hidden, like everyone...
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let page = send(&app, get(path, Some(&lead))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        let row = page.body.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
        assert!(
            unlabelled(row).contains(" SE</th><td>under 5</td><td>under 5</td><td>under 5</td><td></td>"),
            "{l}: {row}"
        );
        // ...but their own team in full, since they follow those people anyway.
        let page = send(&app, get(&path.replace("gruppe=method", "gruppe=team"), Some(&lead))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        let row = page.body.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
        assert!(
            unlabelled(row).contains("</th><td>1</td><td>1</td><td>0</td><td>152 dager</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td>"),
            "{l}: {row}"
        );
        assert!(page.body.contains("<svg class=\"survival\""), "{l}: the curve is drawn");
        assert!(page.body.contains("Testen trenger minst to grupper"), "{l}: one group, no test");
        // The veileder's and job specialist's work is not measured here.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert_eq!(send(&app, get(path, Some(&js))).await.status, StatusCode::FORBIDDEN, "{l}");

        // The analyst sees one course as "under 5", and no curve of it.
        let (analyst, _) = signed_in(&s, &clock, "u-analytiker").await;
        let page = send(&app, get(path, Some(&analyst))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(unlabelled(&page.body).contains("<td>under 5</td><td>under 5</td><td>under 5</td><td></td>"), "{l}");
        assert!(!page.body.contains("<path d="), "{l}: no curve of a small group");

        // Bad input: a follow-up day before the window's end, an unknown grouping, a bad date.
        for (bad, message) in [
            ("/effekt?fra=2024-01-01&til=2024-06-30&per=2024-05-01", "Oppfølgingsdagen kan ikke være før til-datoen."),
            ("/effekt?fra=2024-07-01&til=2024-06-30&per=2024-11-19", "Til-datoen kan ikke være før fra-datoen."),
            ("/effekt?gruppe=kommune", "Velg en gruppering fra listen."),
            ("/effekt?fra=31.02.2024", "Skriv datoene som dd.mm.åååå"),
        ] {
            let r = send(&app, get(bad, Some(&lead))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {bad}");
            assert!(r.body.contains(message), "{l}: {bad}");
        }
        s.remove().await;
    }
}
