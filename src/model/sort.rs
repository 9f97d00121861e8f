//! One sorting routine for the whole app.
//!
//! Every `sort_unstable_by` call site compiles its own copy of the sorting algorithm (about
//! 2.5 KB of wasm each). Sorting through [`sort_by`] sorts indices with a single shared copy and
//! then moves the items, which costs a few bytes per call site instead.

use std::cmp::Ordering;

/// Sorts `v` by `cmp` (not stable: give a total order where ties matter).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let idx = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    // `idx` is a permutation of 0..len, so every slot is taken exactly once.
    v.extend(idx.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `v` by the key `key` (not stable).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The `skip..skip + take` first of `items` in the order `cmp`, without sorting them all: a page
/// of a 100k-customer list costs a selection and a sort of one page's worth.
pub fn page_of(
    mut items: Vec<usize>,
    skip: usize,
    take: usize,
    cmp: &dyn Fn(usize, usize) -> Ordering,
) -> Vec<usize> {
    let end = skip.saturating_add(take).min(items.len());
    if end == 0 {
        return Vec::new();
    }
    if end < items.len() {
        items.select_nth_unstable_by(end - 1, |a, b| cmp(*a, *b));
        items.truncate(end);
    }
    sort_by(&mut items, |a, b| cmp(*a, *b));
    items.drain(..skip.min(end));
    items
}

#[inline(never)]
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_unstable_by(|&a, &b| cmp(a, b));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::Rng;

    #[test]
    fn pages_are_the_slices_of_the_whole_order() {
        let mut rng = Rng::new(5);
        let keys: Vec<u64> = (0..1000).map(|_| rng.below(50)).collect();
        let cmp = |a: usize, b: usize| keys[a].cmp(&keys[b]).then(a.cmp(&b));
        let mut all: Vec<usize> = (0..keys.len()).collect();
        all.sort_by(|a, b| cmp(*a, *b));
        let mut paged = Vec::new();
        for page in 0..21 {
            paged.extend(page_of((0..keys.len()).collect(), page * 50, 50, &cmp));
        }
        assert_eq!(paged, all);
        assert!(page_of(vec![1, 2], 5, 10, &cmp).is_empty());
    }

    #[test]
    fn sorts_like_the_standard_library() {
        let mut rng = Rng::new(3);
        for n in [0usize, 1, 2, 3, 10, 1000] {
            let mut v: Vec<(u64, String)> = (0..n)
                .map(|i| (rng.below(20), format!("item {i}")))
                .collect();
            let mut expected = v.clone();
            expected.sort();
            sort_by(&mut v, |a, b| a.cmp(b));
            assert_eq!(v, expected);
            sort_by_key(&mut v, |x| std::cmp::Reverse(x.clone()));
            expected.reverse();
            assert_eq!(v, expected);
        }
    }
}
