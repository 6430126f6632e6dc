//! The log-rank test of k groups: do their hazards differ anywhere?

use super::Observation;
use super::chi2::chi2_upper_tail;

/// The test's statistic, its degrees of freedom and the p-value from the χ² distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogRank {
    pub chi2: f64,
    pub df: usize,
    pub p: f64,
}

/// Compares `groups` (each a group's observations) by the log-rank test.
///
/// On each event day, with n at risk and d events in all, a group with nⱼ at risk expects
/// d·nⱼ/n of them; Uⱼ = Σ(observed − expected), and its variance–covariance matrix is
/// V = Σ d(n−d)/(n−1) · (nⱼ/n)(δⱼₖ − nₖ/n). χ² = Uᵀ V⁻¹ U over all groups but one (the k
/// values of U sum to zero), with k − 1 degrees of freedom.
///
/// As R's `survdiff` does, only groups expected to have events take part (a group with no
/// one at risk on any event day adds only zeros and would make V singular). `None` when
/// fewer than two groups take part, or V cannot be inverted.
pub fn log_rank(groups: &[&[Observation]]) -> Option<LogRank> {
    let k = groups.len();
    // Every observation as (day, group, event), in day order.
    let mut all: Vec<(u32, usize, bool)> =
        groups.iter().enumerate().flat_map(|(g, obs)| obs.iter().map(move |o| (o.days, g, o.event))).collect();
    all.sort_unstable();
    let mut at_risk: Vec<f64> = groups.iter().map(|g| g.len() as f64).collect();
    let mut observed_minus_expected = vec![0.0; k];
    let mut expected = vec![0.0; k];
    let mut v = vec![vec![0.0; k]; k];
    let mut deaths = vec![0.0; k];
    let mut leaving = vec![0.0; k];
    let mut i = 0;
    while i < all.len() {
        let day = all[i].0;
        deaths.iter_mut().for_each(|x| *x = 0.0);
        leaving.iter_mut().for_each(|x| *x = 0.0);
        while i < all.len() && all[i].0 == day {
            let (_, g, event) = all[i];
            leaving[g] += 1.0;
            if event {
                deaths[g] += 1.0;
            }
            i += 1;
        }
        let n: f64 = at_risk.iter().sum();
        let d: f64 = deaths.iter().sum();
        if d > 0.0 {
            for j in 0..k {
                let e = d * at_risk[j] / n;
                expected[j] += e;
                observed_minus_expected[j] += deaths[j] - e;
            }
            if n > 1.0 {
                let spread = d * (n - d) / (n - 1.0);
                for j in 0..k {
                    for (l, cell) in v[j].iter_mut().enumerate() {
                        let same = if j == l { 1.0 } else { 0.0 };
                        *cell += spread * (at_risk[j] / n) * (same - at_risk[l] / n);
                    }
                }
            }
        }
        for (r, gone) in at_risk.iter_mut().zip(&leaving) {
            *r -= gone;
        }
    }
    let taking_part: Vec<usize> = (0..k).filter(|&j| expected[j] > 0.0).collect();
    if taking_part.len() < 2 {
        return None;
    }
    // Leave out the first group: the others' U and V determine it.
    let kept = &taking_part[1..];
    let u: Vec<f64> = kept.iter().map(|&j| observed_minus_expected[j]).collect();
    let sub: Vec<Vec<f64>> = kept.iter().map(|&j| kept.iter().map(|&l| v[j][l]).collect()).collect();
    let x = solve(sub, u.clone())?;
    let chi2: f64 = x.iter().zip(&u).map(|(a, b)| a * b).sum();
    let df = kept.len();
    Some(LogRank { chi2, df, p: chi2_upper_tail(chi2.max(0.0), df)? })
}

/// Solves A x = b by Gaussian elimination with partial pivoting; `None` when A is singular
/// (a pivot vanishes against the matrix's scale).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    let scale = a.iter().flatten().fold(0.0_f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return None;
    }
    for col in 0..n {
        let pivot = (col..n).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
        if a[pivot][col].abs() <= scale * 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (upper, lower) = a.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        for (offset, row) in lower.iter_mut().enumerate() {
            let f = row[col] / pivot_row[col];
            for (cell, p) in row.iter_mut().zip(pivot_row).skip(col) {
                *cell -= f * p;
            }
            b[col + 1 + offset] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let tail: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    Some(x)
}
