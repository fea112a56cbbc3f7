//! The quotient filter against a model: a sorted multiset of fingerprints.
//!
//! Small geometries (8–32 slots) force long runs, shifted clusters, and
//! wrap-around at the end of the table. After every operation the filter
//! must answer membership for *every* fingerprint exactly as the model does
//! (fingerprints are stored exactly, so there are no false positives at this
//! level), decode to the model's contents, and have the canonical layout.

use dsviz_core::sketch::{QuotientFilter, SketchError};
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Op {
    Insert(u64),
    Remove(u64),
}

fn ops(universe: u64) -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        3 => (0..universe).prop_map(Op::Insert),
        2 => (0..universe).prop_map(Op::Remove),
    ];
    vec(op, 0..120)
}

fn model_contents(model: &BTreeMap<u64, usize>) -> Vec<u64> {
    model
        .iter()
        .flat_map(|(&fp, &count)| std::iter::repeat_n(fp, count))
        .collect()
}

fn check_against(
    filter: &QuotientFilter,
    model: &BTreeMap<u64, usize>,
    universe: u64,
) -> Result<(), TestCaseError> {
    filter.check_layout().map_err(TestCaseError::fail)?;
    prop_assert_eq!(filter.fingerprints(), model_contents(model));
    // Each stored remainder's owner, joined back, gives the same multiset.
    let remainder_bits = filter.remainder_bits();
    let mut owned: Vec<u64> = filter
        .slot_quotients()
        .iter()
        .zip(filter.slots())
        .filter_map(|(owner, slot)| {
            owner.map(|q| ((q as u64) << remainder_bits) | u64::from(slot.remainder))
        })
        .collect();
    owned.sort_unstable();
    prop_assert_eq!(owned, model_contents(model));
    for (&fp, _) in model.iter() {
        let quotient = (fp >> remainder_bits) as usize;
        let (start, len) = filter
            .run_of(quotient)
            .ok_or_else(|| TestCaseError::fail("a stored quotient has a run"))?;
        let size = filter.slots().len();
        let owners = filter.slot_quotients();
        prop_assert!((0..len).all(|k| owners[(start + k) % size] == Some(quotient)));
    }
    for fp in 0..universe {
        prop_assert_eq!(
            filter.contains_fingerprint(fp),
            model.contains_key(&fp),
            "fingerprint {}",
            fp
        );
    }
    Ok(())
}

fn run(quotient_bits: u32, remainder_bits: u32, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let universe = 1u64 << (quotient_bits + remainder_bits);
    let slots = 1usize << quotient_bits;
    let mut filter = QuotientFilter::new(quotient_bits, remainder_bits, 0).unwrap();
    let mut model: BTreeMap<u64, usize> = BTreeMap::new();
    for op in ops {
        match op {
            Op::Insert(fp) => {
                let stored: usize = model.values().sum();
                let result = filter.insert_fingerprint_traced(fp);
                if stored == slots {
                    prop_assert_eq!(result, Err(SketchError::Full));
                } else {
                    let trace = result.map_err(|e| TestCaseError::fail(format!("{e}")))?;
                    prop_assert_eq!(filter.slots()[trace.slot].remainder, trace.remainder);
                    prop_assert_eq!(filter.slot_quotients()[trace.slot], Some(trace.quotient));
                    *model.entry(fp).or_default() += 1;
                }
            }
            Op::Remove(fp) => {
                let result = filter.remove_fingerprint(fp);
                match model.get_mut(&fp) {
                    None => prop_assert_eq!(result, Err(SketchError::NotPresent)),
                    Some(count) => {
                        prop_assert_eq!(result, Ok(()));
                        *count -= 1;
                        if *count == 0 {
                            model.remove(&fp);
                        }
                    }
                }
            }
        }
        check_against(&filter, &model, universe)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn eight_slots_with_two_bit_remainders(ops in ops(32)) {
        run(3, 2, ops)?;
    }

    #[test]
    fn sixteen_slots_with_three_bit_remainders(ops in ops(128)) {
        run(4, 3, ops)?;
    }

    #[test]
    fn thirty_two_slots_clustered_in_a_few_quotients(ops in ops(64)) {
        // Fingerprints below 64 use quotients 0..8 of 32: long runs that
        // spill far past their canonical slots.
        run(5, 3, ops)?;
    }

    #[test]
    fn merge_is_the_multiset_sum(a in vec(0u64..128, 0..9), b in vec(0u64..128, 0..9)) {
        let build = |fps: &[u64]| {
            let mut filter = QuotientFilter::new(4, 3, 9).unwrap();
            for &fp in fps {
                filter.insert_fingerprint(fp).unwrap();
            }
            filter
        };
        let merged = build(&a).merge(&build(&b)).unwrap();
        let mut expected: Vec<u64> = a.iter().chain(&b).copied().collect();
        expected.sort_unstable();
        prop_assert_eq!(merged.fingerprints(), expected);
        merged.check_layout().map_err(TestCaseError::fail)?;
        prop_assert_eq!(merged, build(&b).merge(&build(&a)).unwrap());
    }

    #[test]
    fn items_have_no_false_negatives(items in vec(vec(any::<u8>(), 0..10), 0..200), seed: u64) {
        let mut filter = QuotientFilter::new(8, 6, seed).unwrap();
        for item in &items {
            filter.insert(item).unwrap();
        }
        for item in &items {
            prop_assert!(filter.contains(item));
        }
        for item in &items {
            filter.remove(item).unwrap();
        }
        prop_assert!(filter.is_empty());
        prop_assert!(filter.slots().iter().all(|s| s.is_empty()));
    }
}
