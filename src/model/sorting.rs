//! One stable sort for the whole app, compiled once.
//!
//! Why not `slice::sort_by`: the standard library's sort is generic over the element *and*
//! the comparison, so each call site compiles its own copy of the sorting algorithm (about
//! 3.5 KB of wasm each). With some eighty call sites (every record kind's merge, checks and
//! version lists, the engine, the tables) that was a tenth of the app's code. Here only the
//! ordering of positions is sorted, by one non-generic function behind a `dyn` comparison;
//! the per-call code left is a closure and a loop that moves elements into place.
//!
//! The order is stable: equal elements keep their relative order, as with `sort_by`.
//! `BTreeMap`/`BTreeSet` built with `collect()` sort too (the standard library sorts the
//! input first); build them with `extend` where code size matters.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` by `compare`, keeping equal elements in their order.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let shared: &[T] = items;
        stable_order(shared.len(), &mut |a, b| compare(&shared[a], &shared[b]))
    };
    place_in_order(items, order);
}

/// Sorts `items` by the key each yields, keeping equal keys in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A set built by inserting each item: `collect()` would sort the items first, compiling the
/// sort once more for each type of item.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// A map built by inserting each pair (a later value for the same key wins, as with
/// `collect()`), without sorting the pairs first.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// The positions `0..len` in the order `compare` gives them; the one sort that is compiled.
#[inline(never)]
fn stable_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves `items` so that position `k` holds what was at `order[k]`, cycle by cycle, in place.
fn place_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut here = start;
        while order[here] != start {
            let from = order[here];
            items.swap(here, from);
            order[here] = here;
            here = from;
        }
        order[here] = here;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    // proptest is a native-only dev-dependency; the wasm test build skips this one.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        /// Agrees with the standard library's stable sort, ties included.
        #[test]
        fn agrees_with_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            sort_by_key(&mut ours, |pair| pair.0);
            let mut theirs = items;
            theirs.sort_by_key(|pair| pair.0);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn sorts_in_natural_order_and_by_comparison() {
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
        sort_by(&mut words, |a, b| b.len().cmp(&a.len()));
        assert_eq!(words, ["apple", "apple", "pear", "fig"]);
    }

    #[test]
    fn sets_and_maps_hold_what_collect_would() {
        let pairs = [("b", 1), ("a", 2), ("b", 3)];
        assert_eq!(map_of(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(set_of([3, 1, 3, 2]), BTreeSet::from([1, 2, 3]));
    }
}
