//! `/effekt`: the page shows what `jobbvei report survival` computes for the same window, by
//! role; aggregate roles see a group under 5 as "under 5" with no curve; bad input is refused
//! with a message.

use jobbvei_domain::survival::{SurvivalBy, SurvivalSpec, compute};

use super::*;

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

        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let page = send(&app, get(path, Some(&lead))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        let row = page.body.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
        assert!(
            row.contains(" SE</th><td>1</td><td>1</td><td>0</td><td>152 dager</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td>"),
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
        assert!(page.body.contains("<td>under 5</td><td>under 5</td><td>under 5</td><td></td>"), "{l}");
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
