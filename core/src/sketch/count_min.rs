//! Count-Min sketch: approximate counts of items in a stream, never too low.
//!
//! # How it works
//!
//! (Cormode and Muthukrishnan 2005, "An improved data stream summary: the
//! count-min sketch and its applications", J. Algorithms 55(1).) A `d × w`
//! table of counters; row `j` has its own hash function `h_j` onto `0..w`.
//! Adding `c` to item `x` adds `c` to one counter per row; the estimate of
//! `x` is the smallest of its `d` counters:
//!
//! ```text
//!          0   1   2   3   4   5   6   7
//!   h_0  [ 0 | 5 | 0 | 2 | 0 | 0 | 1 | 0 ]   x → column 1
//!   h_1  [ 2 | 0 | 0 | 0 | 6 | 0 | 0 | 0 ]   x → column 4
//!   h_2  [ 0 | 0 | 5 | 0 | 0 | 1 | 0 | 2 ]   x → column 2
//!                                            estimate(x) = min(5, 6, 5) = 5
//! ```
//!
//! Every counter of `x` holds `x`'s true count plus whatever collided with
//! it, so the estimate never underestimates. With `w = ⌈e/ε⌉` and
//! `d = ⌈ln(1/δ)⌉`, the paper's Theorem 1 gives
//! `estimate ≤ true + ε·N` with probability at least `1 - δ`, where `N` is
//! the total of all counts.
//!
//! The row hashes are XXH3-64 under `d` seeds derived from the sketch's seed
//! by SplitMix64, reduced onto `0..w` by multiply-shift: independent-looking
//! hash functions, standing in for the paper's pairwise-independent family.
//!
//! **Conservative update** (Estan and Varghese 2002, "New directions in
//! traffic measurement and accounting") raises each of `x`'s counters only
//! as far as `estimate(x) + c`, never past it. Estimates stay
//! never-too-low and get tighter, but the sketch then supports only
//! non-negative increments (no deletions) and is no longer linear (two
//! conservative sketches cannot be added).
//!
//! # Example
//!
//! ```
//! use dsviz_core::sketch::{CountMinSketch, UpdateRule};
//! let mut sketch = CountMinSketch::with_error(0.01, 0.01, UpdateRule::Standard, 7).unwrap();
//! sketch.insert("cat", 3);
//! sketch.insert("dog", 1);
//! assert!(sketch.estimate("cat") >= 3);
//! assert!(sketch.estimate("cat") as f64 <= 3.0 + sketch.error_bound());
//! ```

use super::error::{SketchError, check_range};
use super::hashing::{hash64, reduce, splitmix64};
use alloc::vec;
use alloc::vec::Vec;

/// The widest row accepted.
pub const MAX_WIDTH: usize = 1 << 24;
/// The most rows accepted.
pub const MAX_DEPTH: usize = 32;
/// The most counters accepted in total (32 MiB of `u64`).
pub const MAX_COUNTERS: usize = 1 << 22;

/// How an insert updates the counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum UpdateRule {
    /// Add the count to every row (the paper's update).
    #[default]
    Standard,
    /// Raise each counter only up to the new estimate.
    Conservative,
}

/// A Count-Min sketch over byte-string items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountMinSketch {
    counters: Vec<u64>,
    row_seeds: Vec<u64>,
    width: usize,
    rule: UpdateRule,
    seed: u64,
    total: u64,
}

impl CountMinSketch {
    /// A sketch of `depth` rows of `width` counters.
    pub fn new(
        width: usize,
        depth: usize,
        rule: UpdateRule,
        seed: u64,
    ) -> Result<Self, SketchError> {
        check_range("width", width, 1, MAX_WIDTH)?;
        check_range("depth", depth, 1, MAX_DEPTH)?;
        if width * depth > MAX_COUNTERS {
            return Err(SketchError::invalid(
                "width",
                alloc::format!("{width} × {depth} counters exceed the limit of {MAX_COUNTERS}"),
            ));
        }
        let mut state = seed;
        let row_seeds = (0..depth)
            .map(|_| {
                state = splitmix64(state);
                state
            })
            .collect();
        Ok(Self {
            counters: vec![0; width * depth],
            row_seeds,
            width,
            rule,
            seed,
            total: 0,
        })
    }

    /// A sketch with error `epsilon` and failure probability `delta`:
    /// `w = ⌈e/ε⌉`, `d = ⌈ln(1/δ)⌉`.
    pub fn with_error(
        epsilon: f64,
        delta: f64,
        rule: UpdateRule,
        seed: u64,
    ) -> Result<Self, SketchError> {
        super::error::check_open_probability("epsilon", epsilon)?;
        super::error::check_open_probability("delta", delta)?;
        let width = libm::ceil(core::f64::consts::E / epsilon);
        if width > MAX_WIDTH as f64 {
            return Err(SketchError::invalid(
                "epsilon",
                alloc::format!("{epsilon} needs {width} counters per row, more than {MAX_WIDTH}"),
            ));
        }
        let depth = libm::ceil(libm::log(1.0 / delta)).max(1.0);
        Self::new(width as usize, depth as usize, rule, seed)
    }

    /// The column of `item` in each row.
    pub fn columns<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> Vec<usize> {
        self.row_seeds
            .iter()
            .map(|&s| self.column(item.as_ref(), s))
            .collect()
    }

    #[inline]
    fn column(&self, item: &[u8], row_seed: u64) -> usize {
        reduce(hash64(item, row_seed), self.width as u64) as usize
    }

    /// Adds `count` occurrences of `item` (counters saturate at `u64::MAX`).
    pub fn insert<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T, count: u64) {
        let item = item.as_ref();
        self.total = self.total.saturating_add(count);
        match self.rule {
            UpdateRule::Standard => {
                for row in 0..self.row_seeds.len() {
                    let index = row * self.width + self.column(item, self.row_seeds[row]);
                    self.counters[index] = self.counters[index].saturating_add(count);
                }
            }
            UpdateRule::Conservative => {
                let target = self.estimate(item).saturating_add(count);
                for row in 0..self.row_seeds.len() {
                    let index = row * self.width + self.column(item, self.row_seeds[row]);
                    self.counters[index] = self.counters[index].max(target);
                }
            }
        }
    }

    /// The smallest of the item's counters: never below its true count.
    pub fn estimate<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> u64 {
        let item = item.as_ref();
        (0..self.row_seeds.len())
            .map(|row| self.counters[row * self.width + self.column(item, self.row_seeds[row])])
            .min()
            .unwrap_or(0)
    }

    /// Adds `other`'s counters to these (standard update only: conservative
    /// sketches are not linear).
    pub fn merge(&mut self, other: &Self) -> Result<(), SketchError> {
        if (self.width, self.row_seeds.len(), self.seed)
            != (other.width, other.row_seeds.len(), other.seed)
        {
            return Err(SketchError::incompatible("width, depth, or seed differ"));
        }
        if self.rule == UpdateRule::Conservative || other.rule == UpdateRule::Conservative {
            return Err(SketchError::incompatible(
                "conservative-update sketches cannot be added",
            ));
        }
        for (mine, theirs) in self.counters.iter_mut().zip(&other.counters) {
            *mine = mine.saturating_add(*theirs);
        }
        self.total = self.total.saturating_add(other.total);
        Ok(())
    }

    /// `ε·N` with `ε = e/w`: the additive error bound of Theorem 1.
    pub fn error_bound(&self) -> f64 {
        core::f64::consts::E / self.width as f64 * self.total as f64
    }

    /// Row `row` of counters; empty past the last row.
    pub fn row(&self, row: usize) -> &[u64] {
        let start = row.saturating_mul(self.width);
        self.counters
            .get(start..start.saturating_add(self.width))
            .unwrap_or(&[])
    }

    /// `N`, the sum of all counts inserted.
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn depth(&self) -> usize {
        self.row_seeds.len()
    }

    pub fn rule(&self) -> UpdateRule {
        self.rule
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizing_follows_the_paper() {
        let sketch = CountMinSketch::with_error(0.01, 0.01, UpdateRule::Standard, 0).unwrap();
        // ⌈e / 0.01⌉ = 272, ⌈ln 100⌉ = 5.
        assert_eq!((sketch.width(), sketch.depth()), (272, 5));
    }

    #[test]
    fn one_item_alone_is_counted_exactly() {
        for rule in [UpdateRule::Standard, UpdateRule::Conservative] {
            let mut sketch = CountMinSketch::new(64, 4, rule, 1).unwrap();
            sketch.insert("x", 3);
            sketch.insert("x", 4);
            assert_eq!(sketch.estimate("x"), 7);
            assert_eq!(sketch.total(), 7);
            let columns = sketch.columns("x");
            for (row, &column) in columns.iter().enumerate() {
                assert_eq!(sketch.row(row)[column], 7);
            }
            assert!(sketch.row(4).is_empty());
        }
    }

    #[test]
    fn conservative_update_is_never_looser_than_standard() {
        let mut standard = CountMinSketch::new(8, 3, UpdateRule::Standard, 5).unwrap();
        let mut conservative = CountMinSketch::new(8, 3, UpdateRule::Conservative, 5).unwrap();
        for i in 0..200u32 {
            let item = (i % 37).to_le_bytes();
            standard.insert(&item, 1);
            conservative.insert(&item, 1);
        }
        for i in 0..37u32 {
            let item = i.to_le_bytes();
            let truth = 200 / 37 + u64::from(i < 200 % 37);
            assert!(conservative.estimate(&item) >= truth);
            assert!(conservative.estimate(&item) <= standard.estimate(&item));
        }
    }

    #[test]
    fn merge_adds_standard_sketches() {
        let mut a = CountMinSketch::new(16, 2, UpdateRule::Standard, 3).unwrap();
        let mut b = a.clone();
        a.insert("x", 2);
        b.insert("x", 5);
        a.merge(&b).unwrap();
        assert_eq!((a.estimate("x"), a.total()), (7, 7));
        let c = CountMinSketch::new(16, 2, UpdateRule::Conservative, 3).unwrap();
        assert!(a.merge(&c).is_err());
        assert!(
            a.merge(&CountMinSketch::new(16, 3, UpdateRule::Standard, 3).unwrap())
                .is_err()
        );
    }

    #[test]
    fn impossible_parameters_are_errors() {
        assert!(CountMinSketch::new(0, 1, UpdateRule::Standard, 0).is_err());
        assert!(CountMinSketch::new(1, 0, UpdateRule::Standard, 0).is_err());
        assert!(CountMinSketch::new(MAX_WIDTH, 2, UpdateRule::Standard, 0).is_err());
        assert!(CountMinSketch::with_error(0.0, 0.1, UpdateRule::Standard, 0).is_err());
        assert!(CountMinSketch::with_error(0.1, 1.0, UpdateRule::Standard, 0).is_err());
        assert!(CountMinSketch::with_error(1e-9, 0.1, UpdateRule::Standard, 0).is_err());
    }
}
