//! The hash functions every sketch uses, all specified algorithms.
//!
//! Items are byte strings. Each structure hashes them with XXH3 (the
//! `xxhash-rust` crate) under the structure's seed, so a sketch built from the
//! same seed and the same items has the same bits on every platform — the
//! property that lets a URL reproduce a picture exactly.
//!
//! Two helpers turn hashes into table indices:
//!
//! - [`reduce`] maps a 64-bit hash onto `0..n` by the multiply-shift trick
//!   (Lemire 2019, "Fast random integer generation in an interval"):
//!   `(h · n) >> 64`. It uses the high bits of the hash, needs no division,
//!   and is unbiased to within `n / 2⁶⁴`.
//! - [`DoubleHashing`] derives `k` indices from two hashes as
//!   `g_i = h1 + i·h2` (Kirsch and Mitzenmacher 2006, "Less hashing, same
//!   performance: building a better Bloom filter"): a Bloom filter with these
//!   `k` indices has the same asymptotic false-positive rate as one with `k`
//!   independent hash functions, at the cost of one 128-bit hash per item.

use xxhash_rust::xxh3::{xxh3_64_with_seed, xxh3_128_with_seed};

/// XXH3-64 of `item` under `seed`.
#[inline]
pub fn hash64(item: &[u8], seed: u64) -> u64 {
    xxh3_64_with_seed(item, seed)
}

/// XXH3-128 of `item` under `seed`, split into its low and high halves.
#[inline]
pub fn hash128(item: &[u8], seed: u64) -> (u64, u64) {
    let h = xxh3_128_with_seed(item, seed);
    (h as u64, (h >> 64) as u64)
}

/// Maps a uniformly distributed 64-bit `hash` onto `0..n`.
#[inline]
pub fn reduce(hash: u64, n: u64) -> u64 {
    ((u128::from(hash) * u128::from(n)) >> 64) as u64
}

/// One step of SplitMix64 (Steele, Lea, Flood 2014): a bijective mixer used
/// to derive independent-looking per-row seeds from one master seed.
#[inline]
pub fn splitmix64(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `k` indices `reduce(h1 + i·h2, m)` for `i = 0..k` (Kirsch–Mitzenmacher).
#[derive(Debug, Clone)]
pub struct DoubleHashing {
    current: u64,
    step: u64,
    range: u64,
    remaining: u32,
}

impl DoubleHashing {
    /// Indices in `0..range` for `item`, `count` of them.
    #[inline]
    pub fn new(item: &[u8], seed: u64, range: u64, count: u32) -> Self {
        let (h1, h2) = hash128(item, seed);
        Self {
            current: h1,
            step: h2,
            range,
            remaining: count,
        }
    }
}

impl Iterator for DoubleHashing {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let index = reduce(self.current, self.range) as usize;
        self.current = self.current.wrapping_add(self.step);
        Some(index)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining as usize, Some(self.remaining as usize))
    }
}

impl ExactSizeIterator for DoubleHashing {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn reduce_covers_the_range_and_stays_inside_it() {
        assert_eq!(reduce(0, 10), 0);
        assert_eq!(reduce(u64::MAX, 10), 9);
        assert_eq!(reduce(1 << 63, 10), 5);
    }

    #[test]
    fn double_hashing_is_an_arithmetic_progression_mod_two_to_the_64() {
        let (h1, h2) = hash128(b"apple", 7);
        let got: Vec<usize> = DoubleHashing::new(b"apple", 7, 1000, 4).collect();
        let want: Vec<usize> = (0..4u64)
            .map(|i| reduce(h1.wrapping_add(i.wrapping_mul(h2)), 1000) as usize)
            .collect();
        assert_eq!(got, want);
        assert!(got.iter().all(|&g| g < 1000));
    }

    #[test]
    fn xxh3_is_the_specified_algorithm() {
        // The reference values of XXH3 for the empty input with seed 0.
        assert_eq!(hash64(b"", 0), 0x2D06_8005_38D3_94C2);
        assert_eq!(
            hash128(b"", 0),
            (0x6001_C324_468D_497F, 0x99AA_06D3_0147_98D8)
        );
    }

    #[test]
    fn seeds_change_the_hash() {
        assert_ne!(hash64(b"apple", 1), hash64(b"apple", 2));
        assert_ne!(hash128(b"apple", 1), hash128(b"apple", 2));
        assert_ne!(splitmix64(1), splitmix64(2));
    }
}
