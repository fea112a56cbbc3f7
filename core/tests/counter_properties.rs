//! Laws of the counting sketches: HyperLogLog merge is the sketch of the
//! union; Count-Min never underestimates, and its standard form is linear.

use dsviz_core::sketch::{CountMinSketch, HyperLogLog, UpdateRule};
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn sketch_of(items: &[Vec<u8>], precision: u8, seed: u64) -> HyperLogLog {
    let mut sketch = HyperLogLog::new(precision, seed).unwrap();
    for item in items {
        sketch.insert(item);
    }
    sketch
}

fn stream() -> impl Strategy<Value = Vec<(u8, u64)>> {
    vec((any::<u8>(), 1u64..1000), 0..300)
}

proptest! {
    #[test]
    fn hll_merge_is_the_sketch_of_the_union(
        a in vec(vec(any::<u8>(), 0..8), 0..200),
        b in vec(vec(any::<u8>(), 0..8), 0..200),
        precision in 4u8..=12,
        seed: u64,
    ) {
        let mut merged = sketch_of(&a, precision, seed);
        merged.merge(&sketch_of(&b, precision, seed)).unwrap();
        let union: Vec<Vec<u8>> = a.iter().chain(&b).cloned().collect();
        prop_assert_eq!(&merged, &sketch_of(&union, precision, seed));
        let mut other_way = sketch_of(&b, precision, seed);
        other_way.merge(&sketch_of(&a, precision, seed)).unwrap();
        prop_assert_eq!(&merged, &other_way);
        let before = merged.clone();
        merged.merge(&before).unwrap();
        prop_assert_eq!(merged, before, "merge is idempotent");
    }

    #[test]
    fn hll_register_holds_the_largest_rank_it_was_shown(items in vec(any::<u32>(), 1..100), precision in 4u8..=18) {
        let mut sketch = HyperLogLog::new(precision, 1).unwrap();
        let mut expected = vec![0u8; 1 << precision];
        for item in &items {
            let view = sketch.inspect(&item.to_le_bytes());
            expected[view.register] = expected[view.register].max(view.rank);
            sketch.insert(&item.to_le_bytes());
        }
        prop_assert_eq!(sketch.registers(), expected.as_slice());
    }

    #[test]
    fn count_min_never_underestimates(
        stream in stream(),
        width in 1usize..64,
        depth in 1usize..6,
        conservative: bool,
        seed: u64,
    ) {
        let rule = if conservative { UpdateRule::Conservative } else { UpdateRule::Standard };
        let mut sketch = CountMinSketch::new(width, depth, rule, seed).unwrap();
        let mut truth: BTreeMap<u8, u64> = BTreeMap::new();
        for &(item, count) in &stream {
            sketch.insert(&[item], count);
            *truth.entry(item).or_default() += count;
        }
        for item in 0..=255u8 {
            let actual = truth.get(&item).copied().unwrap_or(0);
            prop_assert!(sketch.estimate(&[item]) >= actual, "item {} estimate {} < {}", item, sketch.estimate(&[item]), actual);
        }
        prop_assert_eq!(sketch.total(), truth.values().sum::<u64>());
    }

    #[test]
    fn count_min_standard_is_linear(first in stream(), second in stream(), seed: u64) {
        let build = |s: &[(u8, u64)]| {
            let mut sketch = CountMinSketch::new(32, 3, UpdateRule::Standard, seed).unwrap();
            for &(item, count) in s {
                sketch.insert(&[item], count);
            }
            sketch
        };
        let mut merged = build(&first);
        merged.merge(&build(&second)).unwrap();
        let both: Vec<(u8, u64)> = first.iter().chain(&second).copied().collect();
        prop_assert_eq!(merged, build(&both));
    }

    #[test]
    fn conservative_update_never_exceeds_standard(stream in stream(), seed: u64) {
        let mut standard = CountMinSketch::new(16, 3, UpdateRule::Standard, seed).unwrap();
        let mut conservative = CountMinSketch::new(16, 3, UpdateRule::Conservative, seed).unwrap();
        for &(item, count) in &stream {
            standard.insert(&[item], count);
            conservative.insert(&[item], count);
        }
        for item in 0..=255u8 {
            prop_assert!(conservative.estimate(&[item]) <= standard.estimate(&[item]));
        }
    }
}
