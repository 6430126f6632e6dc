//! Exact matching of two groups on a key: within each value of the key (a stratum), the
//! first units of each group are paired one to one, and the rest of the larger side are
//! dropped. One-to-one pairs keep the matched groups' make-up on the key identical, so their
//! outcomes can be laid side by side without weights.

use std::collections::HashMap;
use std::hash::Hash;

/// Which units of `a` and of `b` are matched, by position. Each side is taken in the order
/// given (the caller sorts it, so the choice within a stratum is repeatable): in a stratum
/// with 3 units of `a` and 1 of `b`, the first unit of `a` is matched and the other two are
/// dropped.
pub fn exact_match<K: Eq + Hash>(a: &[K], b: &[K]) -> (Vec<bool>, Vec<bool>) {
    let mut in_b: HashMap<&K, usize> = HashMap::new();
    for k in b {
        *in_b.entry(k).or_default() += 1;
    }
    let mut in_a: HashMap<&K, usize> = HashMap::new();
    for k in a {
        *in_a.entry(k).or_default() += 1;
    }
    let pairs = |k: &K| in_a.get(k).copied().unwrap_or(0).min(in_b.get(k).copied().unwrap_or(0));
    let take = |side: &[K]| {
        let mut taken: HashMap<&K, usize> = HashMap::new();
        side.iter()
            .map(|k| {
                let n = taken.entry(k).or_default();
                *n += 1;
                *n <= pairs(k)
            })
            .collect()
    };
    (take(a), take(b))
}
