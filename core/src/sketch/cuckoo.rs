//! Cuckoo filter: fingerprints in a cuckoo hash table, with deletion and
//! better space than a Bloom filter at low false-positive rates.
//!
//! # How it works
//!
//! (Fan, Andersen, Kaminsky, Mitzenmacher 2014, "Cuckoo filter: practically
//! better than Bloom", CoNEXT.) The table has `2^t` buckets of `b` slots
//! (`b = 4` in the paper). An item `x` is stored as an `f`-bit non-zero
//! fingerprint in one of two candidate buckets, found by *partial-key cuckoo
//! hashing*:
//!
//! ```text
//!   fp = fingerprint(x)
//!   i1 = hash(x)        mod 2^t
//!   i2 = i1 XOR hash(fp) mod 2^t      (so i1 = i2 XOR hash(fp) as well)
//! ```
//!
//! Because the alternate bucket is computed from the fingerprint alone, a
//! stored fingerprint can be moved without knowing the original item. When
//! both buckets are full, insertion evicts a random resident ("kicks" it) and
//! moves it to its own alternate bucket, repeating up to `max_kicks` times:
//!
//! ```text
//!   bucket  i1: [a b c d] ← x takes the slot of c (chosen at random)
//!   alt(c)  j : [e f g _] ← c moves here, into the free slot: done
//! ```
//!
//! A query looks for `fp` in `i1` and `i2`; a delete removes one copy of it.
//! A false positive needs a matching fingerprint in one of `2b` slots, so the
//! rate is at most about `2b / 2^f`; the paper reaches about 95 % load with `b = 4`.
//!
//! # When the kicks run out
//!
//! The reference implementation keeps the last homeless fingerprint in a
//! one-entry "victim" stash and reports success. This implementation instead
//! **undoes the kick chain**: every displaced fingerprint goes back to the
//! slot it came from, the new item is not stored, and insert returns
//! [`SketchError::Full`]. The filter is then exactly as it was before the
//! call, so "full" has one meaning and no item is ever lost. The chain is
//! still recorded in [`CuckooFilter::last_insert`] so it can be animated.
//!
//! Victims are chosen by a PCG-32 generator seeded from the filter's seed, so
//! the same seed and inputs give the same table.
//!
//! # Example
//!
//! ```
//! use dsviz_core::sketch::CuckooFilter;
//! let mut filter = CuckooFilter::with_target(1000, 0.01, 7).unwrap();
//! filter.insert("cat").unwrap();
//! assert!(filter.contains("cat"));
//! let record = filter.last_insert().unwrap();
//! assert!(record.kicks.is_empty(), "an empty table needs no kicks");
//! filter.remove("cat").unwrap();
//! assert!(!filter.contains("cat"));
//! ```

use super::error::{SketchError, check_open_probability, check_range};
use super::hashing::{hash64, hash128, splitmix64};
use alloc::vec;
use alloc::vec::Vec;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg32;

/// The paper's default number of kicks before giving up.
pub const DEFAULT_MAX_KICKS: u32 = 500;
/// The largest number of buckets accepted (2²⁴).
pub const MAX_BUCKETS: usize = 1 << 24;
/// The largest bucket size accepted.
pub const MAX_BUCKET_SIZE: usize = 16;
/// The largest fingerprint accepted, in bits.
pub const MAX_FINGERPRINT_BITS: u32 = 32;
/// The largest kick budget accepted.
pub const MAX_KICKS_LIMIT: u32 = 100_000;
/// The load a filter built by [`CuckooFilter::with_target`] is sized for:
/// safely below the ~95 % at which the paper's `b = 4` filters start to
/// fail, so the target capacity reliably fits.
pub const TARGET_LOAD: f64 = 0.9;

/// One eviction in an insert's kick chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Kick {
    /// The bucket and slot where `placed` went in and `evicted` came out.
    pub bucket: usize,
    pub slot: usize,
    pub placed: u32,
    pub evicted: u32,
    /// The evicted fingerprint's alternate bucket, where it goes next.
    pub next_bucket: usize,
}

/// How an insert ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum InsertOutcome {
    /// The last fingerprint of the chain (the item's own when there were no
    /// kicks) landed in this bucket and slot.
    Placed { bucket: usize, slot: usize },
    /// The kick budget ran out; every kick was undone.
    Full,
}

/// Everything an insert did, for step-by-step display.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InsertRecord {
    pub fingerprint: u32,
    pub first_bucket: usize,
    pub second_bucket: usize,
    pub kicks: Vec<Kick>,
    pub outcome: InsertOutcome,
}

/// Where an item lives: its fingerprint and its two candidate buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CuckooAddress {
    pub fingerprint: u32,
    pub first_bucket: usize,
    pub second_bucket: usize,
}

/// A cuckoo filter over byte-string items. Slot value 0 means empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuckooFilter {
    slots: Vec<u32>,
    bucket_count: usize,
    bucket_size: usize,
    fingerprint_bits: u32,
    max_kicks: u32,
    seed: u64,
    rng: Pcg32,
    len: usize,
    last_insert: Option<InsertRecord>,
}

impl CuckooFilter {
    /// A filter with `bucket_count` buckets (a power of two) of `bucket_size`
    /// slots, `fingerprint_bits`-bit fingerprints, and a kick budget.
    pub fn new(
        bucket_count: usize,
        bucket_size: usize,
        fingerprint_bits: u32,
        max_kicks: u32,
        seed: u64,
    ) -> Result<Self, SketchError> {
        check_range("buckets", bucket_count, 1, MAX_BUCKETS)?;
        if !bucket_count.is_power_of_two() {
            return Err(SketchError::invalid(
                "buckets",
                alloc::format!("must be a power of two (got {bucket_count})"),
            ));
        }
        check_range("bucket_size", bucket_size, 1, MAX_BUCKET_SIZE)?;
        check_range(
            "fingerprint_bits",
            fingerprint_bits,
            1,
            MAX_FINGERPRINT_BITS,
        )?;
        check_range("max_kicks", max_kicks, 0, MAX_KICKS_LIMIT)?;
        Ok(Self {
            slots: vec![0; bucket_count * bucket_size],
            bucket_count,
            bucket_size,
            fingerprint_bits,
            max_kicks,
            seed,
            rng: Pcg32::seed_from_u64(splitmix64(seed)),
            len: 0,
            last_insert: None,
        })
    }

    /// A filter for `capacity` items at false-positive rate `fpr`: buckets of
    /// 4, `f = ⌈log2(2b / fpr)⌉` bits, and enough buckets (a power of two)
    /// for a load of at most [`TARGET_LOAD`].
    pub fn with_target(capacity: u64, fpr: f64, seed: u64) -> Result<Self, SketchError> {
        check_range("capacity", capacity, 1, (MAX_BUCKETS * 4) as u64)?;
        check_open_probability("fpr", fpr)?;
        let bucket_size = 4;
        let bits = libm::ceil(libm::log2(2.0 * bucket_size as f64 / fpr)).max(1.0);
        if bits > f64::from(MAX_FINGERPRINT_BITS) {
            return Err(SketchError::invalid(
                "fpr",
                alloc::format!(
                    "{fpr} needs {bits}-bit fingerprints, more than {MAX_FINGERPRINT_BITS}"
                ),
            ));
        }
        let wanted = libm::ceil(capacity as f64 / (bucket_size as f64 * TARGET_LOAD)) as usize;
        let buckets = wanted.max(1).next_power_of_two();
        Self::new(buckets, bucket_size, bits as u32, DEFAULT_MAX_KICKS, seed)
    }

    /// The item's fingerprint and candidate buckets.
    pub fn address<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> CuckooAddress {
        let (low, high) = hash128(item.as_ref(), self.seed);
        let nonzero_values = (1u64 << self.fingerprint_bits) - 1;
        let fingerprint = (high % nonzero_values + 1) as u32;
        let first_bucket = (low as usize) & (self.bucket_count - 1);
        CuckooAddress {
            fingerprint,
            first_bucket,
            second_bucket: self.alternate(first_bucket, fingerprint),
        }
    }

    /// `bucket XOR hash(fingerprint)`, an involution on bucket indices.
    pub fn alternate(&self, bucket: usize, fingerprint: u32) -> usize {
        let mix = hash64(&fingerprint.to_le_bytes(), self.seed ^ 0xC0C0_C0C0) as usize;
        (bucket ^ mix) & (self.bucket_count - 1)
    }

    /// Stores the item, kicking residents if needed. On [`SketchError::Full`]
    /// the filter is unchanged and the item is not stored.
    pub fn insert<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) -> Result<(), SketchError> {
        let address = self.address(item);
        let mut record = InsertRecord {
            fingerprint: address.fingerprint,
            first_bucket: address.first_bucket,
            second_bucket: address.second_bucket,
            kicks: Vec::new(),
            outcome: InsertOutcome::Full,
        };
        let result = self.place(address, &mut record);
        self.last_insert = Some(record);
        result
    }

    fn place(
        &mut self,
        address: CuckooAddress,
        record: &mut InsertRecord,
    ) -> Result<(), SketchError> {
        for bucket in [address.first_bucket, address.second_bucket] {
            if let Some(slot) = self.put_in_free_slot(bucket, address.fingerprint) {
                record.outcome = InsertOutcome::Placed { bucket, slot };
                return Ok(());
            }
        }
        let mut bucket = if self.rng.random_bool(0.5) {
            address.first_bucket
        } else {
            address.second_bucket
        };
        let mut carried = address.fingerprint;
        for _ in 0..self.max_kicks {
            let slot = self.rng.random_range(0..self.bucket_size);
            let evicted =
                core::mem::replace(&mut self.slots[bucket * self.bucket_size + slot], carried);
            let next_bucket = self.alternate(bucket, evicted);
            record.kicks.push(Kick {
                bucket,
                slot,
                placed: carried,
                evicted,
                next_bucket,
            });
            carried = evicted;
            bucket = next_bucket;
            if let Some(slot) = self.put_in_free_slot(bucket, carried) {
                record.outcome = InsertOutcome::Placed { bucket, slot };
                return Ok(());
            }
        }
        for kick in record.kicks.iter().rev() {
            self.slots[kick.bucket * self.bucket_size + kick.slot] = kick.evicted;
        }
        Err(SketchError::Full)
    }

    fn put_in_free_slot(&mut self, bucket: usize, fingerprint: u32) -> Option<usize> {
        let slot = self.bucket(bucket).iter().position(|&fp| fp == 0)?;
        self.slots[bucket * self.bucket_size + slot] = fingerprint;
        self.len += 1;
        Some(slot)
    }

    /// `true` when the item's fingerprint is in one of its two buckets.
    pub fn contains<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> bool {
        let a = self.address(item);
        self.bucket(a.first_bucket).contains(&a.fingerprint)
            || self.bucket(a.second_bucket).contains(&a.fingerprint)
    }

    /// Removes one copy of the item's fingerprint.
    pub fn remove<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) -> Result<(), SketchError> {
        let a = self.address(item);
        for bucket in [a.first_bucket, a.second_bucket] {
            if let Some(slot) = self
                .bucket(bucket)
                .iter()
                .position(|&fp| fp == a.fingerprint)
            {
                self.slots[bucket * self.bucket_size + slot] = 0;
                self.len -= 1;
                return Ok(());
            }
        }
        Err(SketchError::NotPresent)
    }

    /// The fingerprints of bucket `index` (0 = empty slot); empty past the end.
    pub fn bucket(&self, index: usize) -> &[u32] {
        let start = index.saturating_mul(self.bucket_size);
        self.slots
            .get(start..start.saturating_add(self.bucket_size))
            .unwrap_or(&[])
    }

    /// Every bucket, in index order.
    pub fn buckets(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.slots.chunks(self.bucket_size)
    }

    /// What the most recent insert did, including its kick chain.
    pub fn last_insert(&self) -> Option<&InsertRecord> {
        self.last_insert.as_ref()
    }

    /// Number of stored fingerprints.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Stored fingerprints over slots.
    pub fn load_factor(&self) -> f64 {
        self.len as f64 / self.slots.len() as f64
    }

    /// Table bits (slots × f) per stored item; infinite when empty.
    pub fn bits_per_item(&self) -> f64 {
        (self.slots.len() as f64 * f64::from(self.fingerprint_bits)) / self.len as f64
    }

    /// The false-positive rate of a full table: a query compares against
    /// `2b` fingerprints, each matching with probability `1/(2^f - 1)`
    /// (fingerprints are non-zero), so `1 - (1 - 1/(2^f - 1))^{2b}` — the
    /// paper's `≈ 2b / 2^f`.
    pub fn fpr_bound(&self) -> f64 {
        self.fpr_at_load(1.0)
    }

    /// The expected false-positive rate at the current load `α`: on average
    /// `2bα` fingerprints are compared.
    pub fn expected_fpr(&self) -> f64 {
        self.fpr_at_load(self.load_factor())
    }

    fn fpr_at_load(&self, load: f64) -> f64 {
        let miss = 1.0 - 1.0 / (libm::exp2(f64::from(self.fingerprint_bits)) - 1.0);
        if miss <= 0.0 {
            return if load > 0.0 { 1.0 } else { 0.0 };
        }
        1.0 - libm::pow(miss, 2.0 * self.bucket_size as f64 * load)
    }

    pub fn bucket_count(&self) -> usize {
        self.bucket_count
    }

    pub fn bucket_size(&self) -> usize {
        self.bucket_size
    }

    pub fn fingerprint_bits(&self) -> u32 {
        self.fingerprint_bits
    }

    pub fn max_kicks(&self) -> u32 {
        self.max_kicks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_buckets_are_each_others_alternate() {
        let filter = CuckooFilter::new(64, 4, 8, 500, 3).unwrap();
        for i in 0..200u32 {
            let a = filter.address(&i.to_le_bytes());
            assert_ne!(a.fingerprint, 0);
            assert!(a.fingerprint < 256);
            assert_eq!(
                filter.alternate(a.second_bucket, a.fingerprint),
                a.first_bucket
            );
            assert_eq!(
                filter.alternate(a.first_bucket, a.fingerprint),
                a.second_bucket
            );
        }
    }

    #[test]
    fn a_failed_insert_leaves_the_filter_unchanged() {
        let mut filter = CuckooFilter::new(4, 2, 12, 50, 1).unwrap();
        let mut stored = Vec::new();
        let mut failed = None;
        for i in 0..100u32 {
            let before = filter.slots.clone();
            match filter.insert(&i.to_le_bytes()) {
                Ok(()) => stored.push(i),
                Err(SketchError::Full) => {
                    assert_eq!(filter.slots, before, "the kick chain is undone");
                    let record = filter.last_insert().unwrap();
                    assert_eq!(record.outcome, InsertOutcome::Full);
                    assert_eq!(record.kicks.len(), 50);
                    failed = Some(i);
                    break;
                }
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        assert!(failed.is_some(), "8 slots cannot hold 100 items");
        assert_eq!(filter.len(), stored.len());
        for i in stored {
            assert!(filter.contains(&i.to_le_bytes()), "item {i} lost");
        }
    }

    #[test]
    fn kicks_are_recorded_as_a_chain() {
        let mut filter = CuckooFilter::new(8, 1, 16, 500, 5).unwrap();
        let mut saw_kicks = false;
        for i in 0..8u32 {
            if filter.insert(&i.to_le_bytes()).is_err() {
                break;
            }
            let record = filter.last_insert().unwrap();
            for pair in record.kicks.windows(2) {
                assert_eq!(pair[0].next_bucket, pair[1].bucket);
                assert_eq!(pair[0].evicted, pair[1].placed);
            }
            if let (Some(last), InsertOutcome::Placed { bucket, .. }) =
                (record.kicks.last(), record.outcome)
            {
                assert_eq!(last.next_bucket, bucket);
                saw_kicks = true;
            }
        }
        assert!(saw_kicks, "one-slot buckets force kicks");
    }

    #[test]
    fn remove_takes_one_copy() {
        let mut filter = CuckooFilter::new(16, 4, 8, 500, 0).unwrap();
        filter.insert("x").unwrap();
        filter.insert("x").unwrap();
        assert_eq!(filter.len(), 2);
        filter.remove("x").unwrap();
        assert!(filter.contains("x"));
        filter.remove("x").unwrap();
        assert!(!filter.contains("x"));
        assert_eq!(filter.remove("x"), Err(SketchError::NotPresent));
    }

    #[test]
    fn sizing_from_a_target() {
        let filter = CuckooFilter::with_target(1000, 0.01, 0).unwrap();
        // f = ⌈log2(8 / 0.01)⌉ = ⌈9.64⌉ = 10; 1000 / 3.6 = 278 → 512 buckets.
        assert_eq!(
            (
                filter.fingerprint_bits(),
                filter.bucket_size(),
                filter.bucket_count()
            ),
            (10, 4, 512)
        );
        assert!(filter.fpr_bound() <= 0.01);
    }

    #[test]
    fn impossible_parameters_are_errors() {
        assert!(CuckooFilter::new(0, 4, 8, 500, 0).is_err());
        assert!(CuckooFilter::new(12, 4, 8, 500, 0).is_err());
        assert!(CuckooFilter::new(16, 0, 8, 500, 0).is_err());
        assert!(CuckooFilter::new(16, 4, 0, 500, 0).is_err());
        assert!(CuckooFilter::new(16, 4, 33, 500, 0).is_err());
        assert!(CuckooFilter::new(16, 4, 8, MAX_KICKS_LIMIT + 1, 0).is_err());
        assert!(CuckooFilter::with_target(0, 0.01, 0).is_err());
        assert!(CuckooFilter::with_target(10, 1e-12, 0).is_err());
        assert!(
            CuckooFilter::new(16, 4, 8, 500, 0)
                .unwrap()
                .bucket(16)
                .is_empty()
        );
    }
}
