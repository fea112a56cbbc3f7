//! Counting Bloom filter: a Bloom filter whose cells are small counters, so
//! items can be deleted.
//!
//! # How it works
//!
//! Each of the `m` cells is a 4-bit counter (Fan, Cao, Almeida, Broder 2000,
//! "Summary cache: a scalable wide-area web cache sharing protocol").
//! Insert adds one to the item's `k` counters, delete subtracts one, and a
//! query answers "maybe present" when all `k` counters are non-zero.
//!
//! ```text
//!   insert "cat" → 1, 4, 6        insert "dog" → 4, 6, 9
//!
//!   index     0 1 2 3 4 5 6 7 8 9
//!   counters  0 1 0 0 2 0 2 0 0 1
//!
//!   delete "cat" → 0 0 0 0 1 0 1 0 0 1   ("dog" is still present)
//! ```
//!
//! # Overflow rule
//!
//! A counter saturates at 15 and is then *stuck*: further inserts leave it at
//! 15 and deletes never decrement it. A stuck counter can only cause false
//! positives, never false negatives, which keeps the filter's one promise
//! ("no false negatives for items inserted and not deleted"). With optimal
//! `k`, the chance that any counter reaches 16 is tiny (the paper bounds it
//! by `1.37 · 10⁻¹⁵ · m`), so 4 bits suffice in practice.
//!
//! A delete of an item whose counters cannot all belong to it — one of them is
//! zero, or smaller than the number of times the item's positions hit that
//! cell — returns [`SketchError::NotPresent`] and changes nothing. Deleting an
//! item that was never inserted but happens to look present (a false
//! positive) cannot be detected, and would decrement other items' counters:
//! callers must only delete what they inserted.
//!
//! # Example
//!
//! ```
//! use dsviz_core::sketch::CountingBloomFilter;
//! let mut filter = CountingBloomFilter::with_target(1000, 0.01, 7).unwrap();
//! filter.insert("cat");
//! assert!(filter.contains("cat"));
//! filter.remove("cat").unwrap();
//! assert!(!filter.contains("cat"));
//! assert!(filter.remove("cat").is_err());
//! ```

use super::BloomFilter;
use super::bloom::{MAX_BITS, MAX_HASHES};
use super::error::{SketchError, check_range};
use super::hashing::DoubleHashing;
use alloc::vec;
use alloc::vec::Vec;

/// The value at which a counter saturates and sticks.
pub const COUNTER_MAX: u8 = 15;

/// A Bloom filter with 4-bit counters, two per byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountingBloomFilter {
    nibbles: Vec<u8>,
    counter_count: usize,
    hash_count: u32,
    seed: u64,
}

impl CountingBloomFilter {
    /// A filter with `counters` counters and `hashes` hash functions.
    pub fn new(counters: usize, hashes: u32, seed: u64) -> Result<Self, SketchError> {
        check_range("counters", counters, 1, MAX_BITS)?;
        check_range("hashes", hashes, 1, MAX_HASHES)?;
        Ok(Self {
            nibbles: vec![0; counters.div_ceil(2)],
            counter_count: counters,
            hash_count: hashes,
            seed,
        })
    }

    /// A filter sized like [`BloomFilter::with_target`]: one counter per bit.
    pub fn with_target(capacity: u64, fpr: f64, seed: u64) -> Result<Self, SketchError> {
        let counters = BloomFilter::optimal_bits(capacity, fpr)?;
        Self::new(
            counters,
            BloomFilter::optimal_hashes(counters, capacity),
            seed,
        )
    }

    /// Adds one to each of the item's counters (saturating at [`COUNTER_MAX`]).
    pub fn insert<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) {
        for position in self.hasher(item.as_ref()) {
            let value = self.counter(position);
            if value < COUNTER_MAX {
                self.set_counter(position, value + 1);
            }
        }
    }

    /// Subtracts one from each of the item's counters, except stuck ones.
    /// Fails, changing nothing, when the counters prove the item absent.
    pub fn remove<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) -> Result<(), SketchError> {
        let mut positions = self.positions(item);
        positions.sort_unstable();
        // Each distinct position must hold at least as many as the item put there.
        for run in positions.chunk_by(|a, b| a == b) {
            let value = self.counter(run[0]);
            if value != COUNTER_MAX && usize::from(value) < run.len() {
                return Err(SketchError::NotPresent);
            }
        }
        for position in positions {
            let value = self.counter(position);
            if value != COUNTER_MAX {
                self.set_counter(position, value - 1);
            }
        }
        Ok(())
    }

    /// `true` when all of the item's counters are non-zero.
    pub fn contains<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> bool {
        self.hasher(item.as_ref())
            .all(|position| self.counter(position) > 0)
    }

    /// The item's `k` counter positions, in hash order (may repeat).
    pub fn positions<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> Vec<usize> {
        self.hasher(item.as_ref()).collect()
    }

    /// Counter `index` (0 beyond the end).
    pub fn counter(&self, index: usize) -> u8 {
        if index >= self.counter_count {
            return 0;
        }
        let byte = self.nibbles[index / 2];
        if index.is_multiple_of(2) {
            byte & 0x0F
        } else {
            byte >> 4
        }
    }

    /// Every counter, in index order.
    pub fn counters(&self) -> impl Iterator<Item = u8> + '_ {
        (0..self.counter_count).map(|i| self.counter(i))
    }

    /// `m`, the number of counters.
    pub fn counter_count(&self) -> usize {
        self.counter_count
    }

    /// `k`, the number of hash functions.
    pub fn hash_count(&self) -> u32 {
        self.hash_count
    }

    /// How many counters are stuck at [`COUNTER_MAX`].
    pub fn saturated(&self) -> usize {
        self.counters().filter(|&c| c == COUNTER_MAX).count()
    }

    fn set_counter(&mut self, index: usize, value: u8) {
        debug_assert!(value <= COUNTER_MAX);
        let byte = &mut self.nibbles[index / 2];
        *byte = if index.is_multiple_of(2) {
            (*byte & 0xF0) | value
        } else {
            (*byte & 0x0F) | (value << 4)
        };
    }

    fn hasher(&self, item: &[u8]) -> DoubleHashing {
        DoubleHashing::new(item, self.seed, self.counter_count as u64, self.hash_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_then_remove_restores_every_counter() {
        let mut filter = CountingBloomFilter::new(101, 4, 3).unwrap();
        filter.insert("dog");
        let before: Vec<u8> = filter.counters().collect();
        filter.insert("cat");
        assert!(filter.contains("cat"));
        filter.remove("cat").unwrap();
        assert_eq!(filter.counters().collect::<Vec<_>>(), before);
        assert!(filter.contains("dog"));
    }

    #[test]
    fn removing_an_absent_item_fails_and_changes_nothing() {
        let mut filter = CountingBloomFilter::new(1000, 4, 3).unwrap();
        filter.insert("dog");
        let before = filter.clone();
        assert_eq!(filter.remove("cat"), Err(SketchError::NotPresent));
        assert_eq!(filter, before);
    }

    #[test]
    fn counters_saturate_at_fifteen_and_then_stick() {
        let mut filter = CountingBloomFilter::new(50, 3, 1).unwrap();
        for _ in 0..20 {
            filter.insert("hot");
        }
        let positions = filter.positions("hot");
        assert!(positions.iter().all(|&p| filter.counter(p) == COUNTER_MAX));
        for _ in 0..20 {
            filter.remove("hot").unwrap();
        }
        assert!(
            positions.iter().all(|&p| filter.counter(p) == COUNTER_MAX),
            "stuck counters never go down"
        );
        assert!(filter.contains("hot"));
        assert!(filter.saturated() >= 1);
    }

    #[test]
    fn a_position_hit_twice_needs_two_counts() {
        // With one counter every hash hits it: k = 3 puts 3 there.
        let mut filter = CountingBloomFilter::new(1, 3, 0).unwrap();
        filter.insert("a");
        assert_eq!(filter.counter(0), 3);
        filter.remove("a").unwrap();
        assert_eq!(filter.counter(0), 0);
        filter.insert("a");
        filter.set_counter(0, 2);
        assert_eq!(filter.remove("a"), Err(SketchError::NotPresent));
        assert_eq!(filter.counter(0), 2);
    }

    #[test]
    fn nibbles_do_not_disturb_their_neighbours() {
        let mut filter = CountingBloomFilter::new(3, 1, 0).unwrap();
        filter.set_counter(0, 9);
        filter.set_counter(1, 15);
        filter.set_counter(2, 4);
        assert_eq!(filter.counters().collect::<Vec<_>>(), [9, 15, 4]);
        assert_eq!(filter.counter(3), 0);
    }

    #[test]
    fn impossible_parameters_are_errors() {
        assert!(CountingBloomFilter::new(0, 1, 0).is_err());
        assert!(CountingBloomFilter::new(10, 0, 0).is_err());
        assert!(CountingBloomFilter::with_target(10, 2.0, 0).is_err());
    }
}
