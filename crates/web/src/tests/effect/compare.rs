//! The matched comparison on `/effekt`: the numbers of `jobbvei report compare` (the same
//! loader and domain function) for the groups of the viewer's scope, shown by name; small
//! counts hidden for the aggregate roles; bad input refused with a message (422).

use jobbvei_domain::evaluation::{CompareKind, CompareSpec, GroupRef, compare};

use super::*;
use crate::effect::logrank_text;

const BASE: &str = "/effekt?fra=2024-01-01&til=2024-06-30&per=2024-11-19&gruppe=method";

/// The cells of the row `label` of table `table`, as text.
fn cells(body: &str, table: &str, label: &str) -> Vec<String> {
    let t = body.split(&format!("id=\"{table}\"")).nth(1).unwrap_or("").split("</table>").next().unwrap_or("");
    let row = t.split("<tr>").find(|r| r.contains(&format!(">{label}</th>"))).unwrap_or("");
    row.split("<td>").skip(1).map(|c| c.split("</td>").next().unwrap_or("").to_owned()).collect()
}

fn group(kind: CompareKind, id: &str) -> GroupRef {
    GroupRef { kind, id: id.into() }
}

#[tokio::test]
async fn the_comparison_is_the_commands_for_the_groups_of_each_scope() {
    for s in jobbvei_store::testing::both("effect_compare").await {
        effect_seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (from, to, as_of) =
            ("2024-01-01".parse().unwrap(), "2024-06-30".parse().unwrap(), "2024-11-19".parse().unwrap());
        let data = s.db.outcome_data(from, as_of).await.unwrap();
        let teams = CompareSpec::new(from, to, as_of, group(CompareKind::Team, "t1"), group(CompareKind::Team, "t2"));
        let r = compare(&data, &teams.unwrap());
        assert_eq!((r.a.n, r.a.matched, r.a.dropped, r.b.n, r.b.matched, r.b.dropped), (7, 5, 2, 6, 5, 1), "{l}");
        assert_eq!(
            (r.a.curve.events, r.a.curve.median, r.b.curve.events, r.b.curve.median),
            (3, Some(200), 4, Some(7))
        );

        // The leader (office 0314) chooses among the office's teams by name; not t3 of
        // another office, and no offices.
        let (leader, _) = signed_in(&s, &clock, "u-leder").await;
        let page = send(&app, get(BASE, Some(&leader))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("<option value=\"team:t2\">Team Øst</option>"), "{l}");
        assert!(page.body.contains("<option value=\"method:IPS\">Metode IPS</option>"), "{l}");
        assert!(!page.body.contains("team:t3") && !page.body.contains("office:"), "{l}");
        assert!(!page.body.contains("sammenligning-resultat"), "{l}: nothing compared yet");

        let page = send(&app, get(&format!("{BASE}&a=team:t1&b=team:t2"), Some(&leader))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("<h3>Team mot Team Øst</h3>"), "{l}");
        let row = |label| cells(&page.body, "sammenligning-antall", label);
        assert_eq!(row("Forløp som startet i perioden"), ["7", "6"], "{l}");
        assert_eq!(row("Matchet"), ["5", "5"], "{l}");
        // Dropped 2 and 1: "under 5" for an aggregate role.
        assert_eq!(row("Uten match (tatt ut)"), ["under 5", "under 5"], "{l}");
        // In work on the as-of day: d1–d3 of t1, e1–e4 of t2; followed up: d4, d5 and e5.
        let status = |label| cells(&page.body, "sammenligning-status", label);
        assert_eq!(status("I arbeid"), ["under 5", "", "under 5", ""], "{l}");
        assert_eq!(status("I utdanning"), ["0", "0,0 %", "0", "0,0 %"], "{l}");
        assert_eq!(r.a.status[0].count, 3);
        let curve = |label| cells(&page.body, "sammenligning-kurver", label);
        assert_eq!(curve("Fikk jobb"), ["3", "4"], "{l}");
        assert_eq!(curve("Median tid til første jobb"), ["200 dager", "7 dager"], "{l}");
        assert_eq!(curve("I risiko dag 90"), [r.a.curve.at_risk[1].1.to_string(), r.b.curve.at_risk[1].1.to_string()]);
        let logrank = logrank_text(r.logrank);
        assert!(r.logrank.is_some() && page.body.contains(&logrank), "{l}: {logrank}");
        assert_eq!(
            page.body.matches("<polygon class=\"survival-band\"").count(),
            2 + 2,
            "{l}: both curves, with bands"
        );

        // Methods across the office are the same courses here.
        let page = send(&app, get(&format!("{BASE}&a=method:SE&b=method:IPS"), Some(&leader))).await;
        assert_eq!(cells(&page.body, "sammenligning-antall", "Matchet"), ["5", "5"], "{l}");

        // The team lead compares within the team: methods only, and IPS has no course in t1.
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let page = send(&app, get(&format!("{BASE}&a=method:SE&b=method:IPS"), Some(&lead))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(!page.body.contains("team:t2"), "{l}");
        assert_eq!(cells(&page.body, "sammenligning-antall", "Forløp som startet i perioden"), ["7", "0"], "{l}");
        assert!(page.body.contains("Ingen forløp fant en match i den andre gruppen"), "{l}");
        let refused = send(&app, get(&format!("{BASE}&a=team:t1&b=team:t2"), Some(&lead))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: another team is out of scope");
        assert!(refused.body.contains("Velg gruppene fra listene."), "{l}");

        // The analyst compares across the country, offices too.
        let (analyst, _) = signed_in(&s, &clock, "u-analytiker").await;
        let page = send(&app, get(&format!("{BASE}&a=office:0314&b=office:0315"), Some(&analyst))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("<option value=\"team:t3\">Team Vest</option>"), "{l}");
        assert!(page.body.contains("<h3>NAV Sagene mot NAV Grünerløkka</h3>"), "{l}");
        assert_eq!(cells(&page.body, "sammenligning-antall", "Forløp som startet i perioden"), ["13", "0"], "{l}");

        // Bad input: the page again with the message, 422, never an error page.
        for (query, message) in [
            ("&a=team:t1&b=team:t1", "Velg to forskjellige grupper."),
            ("&a=team:t1&b=method:SE", "Velg to grupper av samme slag"),
            ("&a=team:t9&b=team:t1", "Velg gruppene fra listene."),
            ("&a=team:t1&b=", "Velg både gruppe A og gruppe B."),
            ("&a=kommune:0301&b=team:t1", "Velg gruppene fra listene."),
        ] {
            let r = send(&app, get(&format!("{BASE}{query}"), Some(&analyst))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {query}");
            assert!(r.body.contains(message) && r.body.contains("aria-invalid=\"true\""), "{l}: {query}");
        }
        let late = "/effekt?fra=2024-07-01&til=2024-06-30&per=2024-11-19&a=team:t1&b=team:t2";
        let r = send(&app, get(late, Some(&analyst))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("Til-datoen kan ikke være før fra-datoen.") && !r.body.contains("sammenligning-resultat")
        );

        // The job specialist and the veileder have no comparison.
        for who in ["u-jobbspesialist", "u-veileder"] {
            let (c, _) = signed_in(&s, &clock, who).await;
            let r = send(&app, get(&format!("{BASE}&a=team:t1&b=team:t2"), Some(&c))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}: {who}");
        }
        s.remove().await;
    }
}
