//! Bloom filter: a set that may answer "maybe" for items it never saw, and
//! never answers "no" for items it did.
//!
//! # How it works
//!
//! An array of `m` bits starts at zero. Inserting an item sets the `k` bits
//! at positions `g_1(x) … g_k(x)`; a query answers "maybe present" when all
//! `k` bits are set and "definitely absent" otherwise.
//!
//! ```text
//!   insert "cat"  → positions 1, 6, 9
//!   insert "dog"  → positions 3, 6, 12
//!
//!   index  0 1 2 3 4 5 6 7 8 9 10 11 12 13
//!   bits   0 1 0 1 0 0 1 0 0 1  0  0  1  0
//!
//!   query "eel"   → positions 3, 9, 12: all set → "maybe" (a false positive)
//!   query "fox"   → positions 2, 6, 9: bit 2 clear → "definitely absent"
//! ```
//!
//! After `n` insertions a given bit is still zero with probability
//! `(1 - 1/m)^{kn} ≈ e^{-kn/m}`, so a fresh item is a false positive with
//! probability about `(1 - e^{-kn/m})^k` (Bloom 1970, "Space/time trade-offs
//! in hash coding with allowable errors"; the formula as usually stated, e.g.
//! Broder and Mitzenmacher 2004, "Network applications of Bloom filters: a
//! survey"). For a target of `n` items and rate `p` that is minimised by
//! `m = ⌈-n ln p / (ln 2)²⌉` bits and `k = round((m / n) ln 2)` hashes.
//!
//! The `k` positions come from one XXH3-128 hash by double hashing
//! (Kirsch and Mitzenmacher 2006), see [`super::hashing`].
//!
//! # Example
//!
//! ```
//! use dsviz_core::sketch::BloomFilter;
//! let mut filter = BloomFilter::with_target(1000, 0.01, 42).unwrap();
//! filter.insert("cat");
//! assert!(filter.contains("cat"));
//! assert_eq!(filter.positions("cat").len(), filter.hash_count() as usize);
//! ```

use super::error::{SketchError, check_open_probability, check_range};
use super::hashing::DoubleHashing;
use alloc::vec;
use alloc::vec::Vec;

/// The largest bit array accepted (2²⁸ bits = 32 MiB), so a URL cannot ask a
/// browser tab for more memory than it has.
pub const MAX_BITS: usize = 1 << 28;
/// The largest number of hash functions accepted.
pub const MAX_HASHES: u32 = 64;

/// A Bloom filter over byte-string items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BloomFilter {
    words: Vec<u64>,
    bit_count: usize,
    hash_count: u32,
    seed: u64,
    insertions: u64,
}

impl BloomFilter {
    /// A filter with `bits` bits and `hashes` hash functions.
    pub fn new(bits: usize, hashes: u32, seed: u64) -> Result<Self, SketchError> {
        check_range("bits", bits, 1, MAX_BITS)?;
        check_range("hashes", hashes, 1, MAX_HASHES)?;
        Ok(Self {
            words: vec![0; bits.div_ceil(64)],
            bit_count: bits,
            hash_count: hashes,
            seed,
            insertions: 0,
        })
    }

    /// A filter sized for `capacity` items at false-positive rate `fpr`.
    pub fn with_target(capacity: u64, fpr: f64, seed: u64) -> Result<Self, SketchError> {
        let bits = Self::optimal_bits(capacity, fpr)?;
        let hashes = Self::optimal_hashes(bits, capacity);
        Self::new(bits, hashes, seed)
    }

    /// `m = ⌈-n ln p / (ln 2)²⌉`, checked against [`MAX_BITS`].
    pub fn optimal_bits(capacity: u64, fpr: f64) -> Result<usize, SketchError> {
        check_range("capacity", capacity, 1, u64::MAX)?;
        check_open_probability("fpr", fpr)?;
        let ln2 = core::f64::consts::LN_2;
        let bits = libm::ceil(-(capacity as f64) * libm::log(fpr) / (ln2 * ln2));
        if bits > MAX_BITS as f64 {
            return Err(SketchError::invalid(
                "capacity",
                alloc::format!(
                    "{capacity} items at rate {fpr} need {bits} bits, more than the limit of {MAX_BITS}"
                ),
            ));
        }
        Ok((bits as usize).max(1))
    }

    /// `k = round((m / n) ln 2)`, at least 1 and at most [`MAX_HASHES`].
    pub fn optimal_hashes(bits: usize, capacity: u64) -> u32 {
        let k = libm::round(bits as f64 / capacity.max(1) as f64 * core::f64::consts::LN_2);
        (k as u32).clamp(1, MAX_HASHES)
    }

    /// `(1 - e^{-kn/m})^k`: the expected false-positive rate after `items`
    /// insertions into `bits` bits with `hashes` hash functions.
    pub fn theoretical_fpr(bits: usize, hashes: u32, items: u64) -> f64 {
        let k = f64::from(hashes);
        let fill = 1.0 - libm::exp(-k * items as f64 / bits as f64);
        libm::pow(fill, k)
    }

    /// Sets the item's `k` bits; returns whether any bit changed (so `false`
    /// means the item was already reported as present).
    pub fn insert<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) -> bool {
        let mut changed = false;
        for position in self.hasher(item.as_ref()) {
            let (word, mask) = (position / 64, 1u64 << (position % 64));
            changed |= self.words[word] & mask == 0;
            self.words[word] |= mask;
        }
        self.insertions += 1;
        changed
    }

    /// `true` when all of the item's bits are set ("maybe present").
    pub fn contains<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> bool {
        self.hasher(item.as_ref())
            .all(|position| self.bit(position))
    }

    /// The item's `k` bit positions, in hash order (may repeat).
    pub fn positions<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> Vec<usize> {
        self.hasher(item.as_ref()).collect()
    }

    /// Bit `index` (false beyond the end).
    pub fn bit(&self, index: usize) -> bool {
        index < self.bit_count && self.words[index / 64] >> (index % 64) & 1 == 1
    }

    /// Every bit, in index order.
    pub fn bits(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.bit_count).map(|i| self.bit(i))
    }

    /// The bit array as 64-bit words, bit `i` at `words[i / 64] >> (i % 64)`.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// How many bits are set.
    pub fn ones(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// `m`, the number of bits.
    pub fn bit_count(&self) -> usize {
        self.bit_count
    }

    /// `k`, the number of hash functions.
    pub fn hash_count(&self) -> u32 {
        self.hash_count
    }

    /// The hash seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// How many times [`insert`](Self::insert) was called (repeats count).
    pub fn insertions(&self) -> u64 {
        self.insertions
    }

    /// The theoretical false-positive rate at the current number of insertions.
    pub fn expected_fpr(&self) -> f64 {
        Self::theoretical_fpr(self.bit_count, self.hash_count, self.insertions)
    }

    #[inline]
    fn hasher(&self, item: &[u8]) -> DoubleHashing {
        DoubleHashing::new(item, self.seed, self.bit_count as u64, self.hash_count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizing_follows_the_textbook_formulas() {
        // n = 1000, p = 0.01: m = ⌈1000 · 4.60517 / 0.480453⌉ = 9586, k = round(6.64) = 7.
        assert_eq!(BloomFilter::optimal_bits(1000, 0.01).unwrap(), 9586);
        assert_eq!(BloomFilter::optimal_hashes(9586, 1000), 7);
        let filter = BloomFilter::with_target(1000, 0.01, 0).unwrap();
        assert_eq!((filter.bit_count(), filter.hash_count()), (9586, 7));
        let fpr = BloomFilter::theoretical_fpr(9586, 7, 1000);
        assert!((fpr - 0.01).abs() < 0.0005, "{fpr}");
    }

    #[test]
    fn impossible_parameters_are_errors_not_panics() {
        assert!(BloomFilter::new(0, 3, 0).is_err());
        assert!(BloomFilter::new(100, 0, 0).is_err());
        assert!(BloomFilter::new(100, 65, 0).is_err());
        assert!(BloomFilter::new(MAX_BITS + 1, 3, 0).is_err());
        assert!(BloomFilter::with_target(0, 0.01, 0).is_err());
        assert!(BloomFilter::with_target(10, 0.0, 0).is_err());
        assert!(BloomFilter::with_target(10, 1.0, 0).is_err());
        assert!(BloomFilter::with_target(10, f64::NAN, 0).is_err());
        assert!(BloomFilter::with_target(u64::MAX, 1e-9, 0).is_err());
    }

    #[test]
    fn insert_sets_exactly_the_reported_positions() {
        let mut filter = BloomFilter::new(200, 5, 9).unwrap();
        assert!(filter.insert("cat"));
        assert!(!filter.insert("cat"), "a repeat changes no bit");
        let positions = filter.positions("cat");
        assert_eq!(positions.len(), 5);
        let set: Vec<usize> = filter
            .bits()
            .enumerate()
            .filter(|(_, b)| *b)
            .map(|(i, _)| i)
            .collect();
        let mut expected = positions.clone();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(set, expected);
        assert_eq!(filter.ones(), expected.len());
        assert!(filter.contains("cat"));
        assert_eq!(filter.insertions(), 2);
    }

    #[test]
    fn an_empty_filter_contains_nothing_and_a_full_one_everything() {
        let mut filter = BloomFilter::new(64, 3, 1).unwrap();
        assert!(!filter.contains("anything"));
        for i in 0..10_000u32 {
            filter.insert(&i.to_le_bytes());
        }
        assert_eq!(filter.ones(), 64);
        assert!(filter.contains("anything"));
        assert!(filter.expected_fpr() > 0.99);
    }

    #[test]
    fn the_seed_decides_the_positions() {
        let a = BloomFilter::new(1 << 20, 4, 1).unwrap();
        let b = BloomFilter::new(1 << 20, 4, 2).unwrap();
        assert_ne!(a.positions("cat"), b.positions("cat"));
        assert_eq!(a.positions("cat"), a.clone().positions("cat"));
    }
}
