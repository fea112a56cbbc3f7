//! Laws of the membership filters (Bloom, counting Bloom, cuckoo): no false
//! negatives, and deletes take away exactly what inserts added.

use dsviz_core::sketch::{BloomFilter, CountingBloomFilter, CuckooFilter, SketchError};
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn items() -> impl Strategy<Value = Vec<Vec<u8>>> {
    vec(vec(any::<u8>(), 0..12), 0..120)
}

proptest! {
    #[test]
    fn bloom_has_no_false_negatives(items in items(), bits in 1usize..4000, hashes in 1u32..12, seed: u64) {
        let mut filter = BloomFilter::new(bits, hashes, seed).unwrap();
        for item in &items {
            filter.insert(item);
        }
        for item in &items {
            prop_assert!(filter.contains(item));
        }
    }

    #[test]
    fn bloom_sets_exactly_the_union_of_positions(items in items(), bits in 1usize..4000, hashes in 1u32..12, seed: u64) {
        let mut filter = BloomFilter::new(bits, hashes, seed).unwrap();
        let mut expected = vec![false; bits];
        for item in &items {
            for position in filter.positions(item) {
                expected[position] = true;
            }
            filter.insert(item);
        }
        prop_assert_eq!(filter.bits().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn counting_bloom_survives_deletes(
        items in items(),
        delete_mask in vec(any::<bool>(), 120),
        counters in 64usize..4000,
        hashes in 1u32..8,
        seed: u64,
    ) {
        let mut filter = CountingBloomFilter::new(counters, hashes, seed).unwrap();
        for item in &items {
            filter.insert(item);
        }
        let (deleted, kept): (Vec<_>, Vec<_>) = items.iter().zip(&delete_mask).partition(|(_, d)| **d);
        for (item, _) in &deleted {
            prop_assert_eq!(filter.remove(*item), Ok(()));
        }
        for (item, _) in &kept {
            prop_assert!(filter.contains(*item));
        }
        // Without saturation, deleting the rest empties every counter.
        if filter.saturated() == 0 {
            for (item, _) in &kept {
                prop_assert_eq!(filter.remove(*item), Ok(()));
            }
            prop_assert!(filter.counters().all(|c| c == 0));
        }
    }

    #[test]
    fn counting_bloom_refuses_deletes_that_counters_disprove(item: Vec<u8>, seed: u64) {
        let mut filter = CountingBloomFilter::new(1000, 4, seed).unwrap();
        prop_assert_eq!(filter.remove(&item), Err(SketchError::NotPresent));
        filter.insert(&item);
        prop_assert_eq!(filter.remove(&item), Ok(()));
        prop_assert_eq!(filter.remove(&item), Err(SketchError::NotPresent));
    }

    #[test]
    fn cuckoo_matches_a_multiset_model(
        ops in vec((0u16..40, any::<bool>()), 0..300),
        log_buckets in 0u32..6,
        bucket_size in 1usize..5,
        fingerprint_bits in 4u32..16,
        seed: u64,
    ) {
        let mut filter = CuckooFilter::new(1 << log_buckets, bucket_size, fingerprint_bits, 100, seed).unwrap();
        let mut model: BTreeMap<u16, usize> = BTreeMap::new();
        for (key, is_insert) in ops {
            let item = key.to_le_bytes();
            if is_insert {
                match filter.insert(&item) {
                    Ok(()) => *model.entry(key).or_default() += 1,
                    Err(SketchError::Full) => {}
                    Err(other) => prop_assert!(false, "unexpected {other:?}"),
                }
            } else if let Some(count) = model.get_mut(&key) {
                prop_assert_eq!(filter.remove(&item), Ok(()));
                *count -= 1;
                if *count == 0 {
                    model.remove(&key);
                }
            }
            for key in model.keys() {
                prop_assert!(filter.contains(&key.to_le_bytes()), "false negative for {key}");
            }
            prop_assert_eq!(filter.len(), model.values().sum::<usize>());
        }
    }
}
