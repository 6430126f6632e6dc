//! Kaplan–Meier and the log-rank test against figures computed by hand and by an
//! independent implementation: Python's lifelines 0.30.3 (`KaplanMeierFitter`, whose default
//! interval is the same log(−log) Greenwood interval, `logrank_test` and
//! `multivariate_logrank_test`), run once to make the numbers held here.

use super::*;

fn obs(list: &[(u32, bool)]) -> Vec<Observation> {
    list.iter().map(|&(days, event)| Observation { days, event }).collect()
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() <= 1e-12 * want.abs().max(1e-3), "{got} against {want}");
}

fn close_opt(got: Option<f64>, want: f64) {
    close(got.unwrap_or(f64::NAN), want);
}

/// The row of `day`.
fn row(km: &KaplanMeier, day: u32) -> &CurveRow {
    km.rows.iter().find(|r| r.day == day).unwrap()
}

#[test]
fn hand_computed_curve() {
    // Day 2: 6 at risk, 2 events: S = 2/3, Greenwood sum 2/(6·4) = 1/12.
    // Day 3: one censored. Day 5: 3 at risk, 1 event (and 1 censored after it): S = 4/9,
    // sum 1/12 + 1/(3·2) = 1/4. Day 8: the last one has the event: S = 0, no interval.
    let km = kaplan_meier(&obs(&[(5, false), (2, true), (8, true), (3, false), (2, true), (5, true)]));
    assert_eq!((km.n, km.events, km.censored, km.median), (6, 4, 2, Some(5)));
    assert_eq!(
        km.rows.iter().map(|r| (r.day, r.at_risk, r.events, r.censored)).collect::<Vec<_>>(),
        [(2, 6, 2, 0), (3, 4, 0, 1), (5, 3, 1, 1), (8, 1, 1, 0)]
    );
    close(row(&km, 2).survival, 2.0 / 3.0);
    close(row(&km, 3).survival, 2.0 / 3.0);
    close(row(&km, 5).survival, 4.0 / 9.0);
    assert_eq!(row(&km, 8).survival, 0.0);
    // se = √(1/12) / |ln(2/3)|; bounds (2/3)^exp(±1.959964·se).
    close_opt(row(&km, 2).lower, 0.194_616_636_806_234_84);
    close_opt(row(&km, 2).upper, 0.904_434_164_322_516_3);
    close_opt(row(&km, 5).lower, 0.066_186_753_146_412_4);
    close_opt(row(&km, 5).upper, 0.784_908_367_147_958_5);
    assert_eq!((row(&km, 8).lower, row(&km, 8).upper), (None, None));
    assert_eq!(km.at_risk, [(0, 6), (90, 0), (180, 0), (365, 0), (730, 0)]);
}

#[test]
fn the_curve_read_between_its_days() {
    let km = kaplan_meier(&obs(&[(5, false), (2, true), (8, true), (3, false), (2, true), (5, true)]));
    let at = |day| km.at(day).map(|p| (p.survival, p.lower, p.upper));
    // Before the first event: S = 1 and no interval.
    assert_eq!(at(0), Some((1.0, None, None)));
    assert_eq!(at(1), Some((1.0, None, None)));
    // Between two rows the earlier holds; on day 4 that is day 3's row, equal to day 2's.
    let day2 = row(&km, 2);
    assert_eq!(at(4), Some((day2.survival, day2.lower, day2.upper)));
    let day5 = row(&km, 5);
    assert_eq!(at(7), Some((day5.survival, day5.lower, day5.upper)));
    assert_eq!(at(8), Some((0.0, None, None)));
    // After the last day followed the curve is not estimated.
    assert_eq!(at(9), None);
    assert_eq!(kaplan_meier(&[]).at(0), None);
}

#[test]
fn nothing_observed_and_nothing_happening() {
    let empty = kaplan_meier(&[]);
    assert_eq!((empty.n, empty.median, empty.rows.len()), (0, None, 0));
    assert_eq!(empty.at_risk, [(0, 0), (90, 0), (180, 0), (365, 0), (730, 0)]);
    // Only censorings: S stays 1, where the interval is undefined, and there is no median.
    let km = kaplan_meier(&obs(&[(100, false), (400, false), (800, false)]));
    assert!(km.rows.iter().all(|r| r.survival == 1.0 && r.lower.is_none() && r.upper.is_none()));
    assert_eq!(km.median, None);
    assert_eq!(km.at_risk, [(0, 3), (90, 3), (180, 2), (365, 2), (730, 1)]);
}

/// Freireich et al. (1963), the 6-MP arm of the remission trial in acute leukaemia, as Gehan
/// (1965) and most survival textbooks print it: weeks in remission, + for censored.
const SIX_MP: [(u32, bool); 21] = [
    (6, true),
    (6, true),
    (6, true),
    (6, false),
    (7, true),
    (9, false),
    (10, true),
    (10, false),
    (11, false),
    (13, true),
    (16, true),
    (17, false),
    (19, false),
    (20, false),
    (22, true),
    (23, true),
    (25, false),
    (32, false),
    (32, false),
    (34, false),
    (35, false),
];

/// The placebo arm: 21 relapses, none censored.
const PLACEBO: [u32; 21] = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23];

#[test]
fn freireich_six_mp_curve() {
    let km = kaplan_meier(&obs(&SIX_MP));
    assert_eq!((km.n, km.events, km.censored, km.median), (21, 9, 12, Some(23)));
    // The textbook table: S = 0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448; intervals as
    // lifelines gives them.
    let want = [
        (6, 21, 0.857_142_857_142_857, 0.619_717_955_265_983_8, 0.951_551_747_646_996_9),
        (7, 17, 0.806_722_689_075_629_9, 0.563_146_564_622_233_3, 0.922_809_019_202_880_2),
        (10, 15, 0.752_941_176_470_587_8, 0.503_199_510_799_956_4, 0.889_361_835_169_265_1),
        (13, 12, 0.690_196_078_431_372_2, 0.431_610_222_486_183_86, 0.849_065_963_349_450_5),
        (16, 11, 0.627_450_980_392_156_6, 0.367_510_855_987_501_94, 0.804_912_189_471_841_1),
        (22, 7, 0.537_815_126_050_419_9, 0.267_778_936_767_134_93, 0.746_790_717_635_394_3),
        (23, 6, 0.448_179_271_708_683_27, 0.188_052_005_959_232_33, 0.680_142_628_495_241_2),
    ];
    for (day, at_risk, s, lower, upper) in want {
        let r = row(&km, day);
        assert_eq!(r.at_risk, at_risk, "day {day}");
        close(r.survival, s);
        close_opt(r.lower, lower);
        close_opt(r.upper, upper);
    }
    // Censorings carry the curve on unchanged.
    assert_eq!(row(&km, 35).survival, row(&km, 23).survival);
    assert_eq!(km.rows.len(), 16);
}

#[test]
fn freireich_log_rank() {
    let placebo: Vec<Observation> = PLACEBO.iter().map(|&d| Observation::event(d)).collect();
    let test = log_rank(&[&obs(&SIX_MP), &placebo]).unwrap();
    // R's survdiff prints "Chisq= 16.8 on 1 degrees of freedom, p= 4e-05".
    assert_eq!(test.df, 1);
    close(test.chi2, 16.792_940_989_216_547);
    assert!((test.p - 4.168_809_109_334_511e-5).abs() < 1e-15, "{}", test.p);
}

/// Three groups with ties, events on day 0, a censoring on day 0 and censorings on event days.
fn three_groups() -> [Vec<Observation>; 3] {
    [
        obs(&[(0, true), (0, false), (3, true), (3, true), (3, false), (5, true), (8, false), (10, true), (12, false)]),
        obs(&[(0, true), (2, true), (3, true), (6, false), (6, true), (9, true), (9, true), (15, false)]),
        obs(&[(1, false), (4, true), (7, true), (7, false), (11, true), (20, false), (20, true)]),
    ]
}

#[test]
fn ties_day_zero_and_censoring_match_lifelines() {
    let [g1, g2, g3] = three_groups();
    let km = kaplan_meier(&g1);
    // Day 0: the event counts against all nine at risk, the censoring after it.
    assert_eq!((row(&km, 0).at_risk, row(&km, 0).events, row(&km, 0).censored), (9, 1, 1));
    for (day, s, lower, upper) in [
        (0, 0.888_888_888_888_888_6, 0.432_965_090_225_806_2, 0.983_564_028_525_578_9),
        (3, 0.634_920_634_920_634_7, 0.238_225_735_804_159_73, 0.866_023_819_990_950_2),
        (5, 0.476_190_476_190_476_05, 0.123_107_458_381_516_49, 0.768_901_358_508_640_5),
        (10, 0.238_095_238_095_238_03, 0.013_141_990_571_652_528, 0.621_627_456_168_727_6),
    ] {
        close(row(&km, day).survival, s);
        close_opt(row(&km, day).lower, lower);
        close_opt(row(&km, day).upper, upper);
    }
    assert_eq!(km.median, Some(5));

    let km = kaplan_meier(&g2);
    for (day, s, lower, upper) in [
        (0, 0.875, 0.387_000_014_032_024_83, 0.981_392_965_878_966_1),
        (6, 0.5, 0.152_035_890_299_023_9, 0.774_865_012_066_889),
        (9, 1.0 / 6.0, 0.008_720_233_372_819_23, 0.508_139_766_824_950_1),
    ] {
        close(row(&km, day).survival, s);
        close_opt(row(&km, day).lower, lower);
        close_opt(row(&km, day).upper, upper);
    }
    // S(6) is 0.5 exactly (7/8 · 6/7 · 5/6 · 4/5), so the median is day 6 by the rule. The
    // product in floating point comes out a hair above 0.5; lifelines, comparing it as it
    // is, says 9, and R's survfit, averaging over a flat stretch at 0.5, says 7.5.
    assert_eq!(km.median, Some(6));

    let km = kaplan_meier(&g3);
    // Only a censoring on day 1: S = 1 there, with no interval (lifelines prints 1 to 1).
    assert_eq!((row(&km, 1).survival, row(&km, 1).lower), (1.0, None));
    close(row(&km, 20).survival, 2.0 / 9.0);
    close_opt(row(&km, 20).lower, 0.009_569_136_539_037_279);
    close_opt(row(&km, 20).upper, 0.614_720_523_287_623_8);
    assert_eq!(km.median, Some(11));
}

#[test]
fn log_rank_of_three_groups_uses_the_full_covariance() {
    let [g1, g2, g3] = three_groups();
    let test = log_rank(&[&g1, &g2, &g3]).unwrap();
    assert_eq!(test.df, 2);
    close(test.chi2, 1.798_150_132_927_445_2);
    close(test.p, 0.406_945_883_617_945_15);
    let two = log_rank(&[&g1, &g2]).unwrap();
    assert_eq!(two.df, 1);
    close(two.chi2, 0.088_217_758_961_976_16);
    close(two.p, 0.766_455_251_682_051_3);
    // The order of the groups does not change the test.
    let turned = log_rank(&[&g3, &g1, &g2]).unwrap();
    close(turned.chi2, test.chi2);
}

#[test]
fn hand_computed_log_rank() {
    // A: events on days 1 and 3; B: an event on day 2, censored on day 4.
    // Day 1: 4 at risk (2 of A), 1 event: E_A = 1/2, V = 1·3/3 · 2/4 · 2/4 = 1/4.
    // Day 2: 3 at risk (1 of A): E_A = 1/3, V = 1·2/2 · 1/3 · 2/3 = 2/9.
    // Day 3: 2 at risk (1 of A): E_A = 1/2, V = 1/4.
    // O_A − E_A = 2 − 4/3 = 2/3; V = 13/18; χ² = (4/9) ÷ (13/18) = 8/13.
    let a = obs(&[(1, true), (3, true)]);
    let b = obs(&[(2, true), (4, false)]);
    let test = log_rank(&[&a, &b]).unwrap();
    close(test.chi2, 8.0 / 13.0);
    assert_eq!(test.df, 1);
    close(test.p, 0.432_767_580_667_784_65);
}

#[test]
fn log_rank_needs_two_groups_at_risk_of_events() {
    let a = obs(&[(1, true), (3, true)]);
    assert_eq!(log_rank(&[&a]), None);
    assert_eq!(log_rank(&[&a, &[]]), None);
    // No events at all: nothing to compare.
    let c = obs(&[(5, false)]);
    assert_eq!(log_rank(&[&c, &obs(&[(7, false)])]), None);
    // A group gone before the first event takes no part; the other two still compare, with one
    // degree of freedom.
    let b = obs(&[(2, true), (4, false)]);
    let early = obs(&[(0, false)]);
    let test = log_rank(&[&early, &a, &b]).unwrap();
    assert_eq!(test.df, 1);
    close(test.chi2, 8.0 / 13.0);
}

#[test]
fn rows_account_for_everyone() {
    // Each day's at-risk count is the last day's less those who left on it, and the rows'
    // events and censorings add up to the group's.
    for group in [obs(&SIX_MP), three_groups().concat()] {
        let km = kaplan_meier(&group);
        for pair in km.rows.windows(2) {
            assert_eq!(pair[1].at_risk, pair[0].at_risk - pair[0].events - pair[0].censored);
            assert!(pair[1].survival <= pair[0].survival);
        }
        assert_eq!(km.rows.iter().map(|r| r.events).sum::<usize>(), km.events);
        assert_eq!(km.rows.iter().map(|r| r.censored).sum::<usize>(), km.censored);
        assert_eq!(km.rows[0].at_risk, km.n);
        for r in km.rows.iter().filter(|r| r.lower.is_some()) {
            assert!(r.lower.unwrap() < r.survival && r.survival < r.upper.unwrap(), "day {}", r.day);
        }
    }
}
