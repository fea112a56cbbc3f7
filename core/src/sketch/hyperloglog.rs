//! HyperLogLog: the number of distinct items in a stream, estimated from
//! `m` small registers.
//!
//! # How it works
//!
//! (Flajolet, Fusy, Gandouet, Meunier 2007, "HyperLogLog: the analysis of a
//! near-optimal cardinality estimation algorithm", AofA.) Each item is hashed
//! to 64 bits. The first `p` bits choose one of `m = 2^p` registers; the rest
//! is a random bit string whose *rank* — the position of its first 1-bit — is
//! `k` with probability `2^-k`. Each register keeps the largest rank it saw:
//!
//! ```text
//!   hash = 0110 | 0001 0110 …        p = 4
//!          └ j ┘  └ rank 4 (three zeros, then a one)
//!   register[6] = max(register[6], 4)
//! ```
//!
//! Seeing rank `k` hints that about `2^k` distinct items reached that
//! register. The *raw estimate* combines the registers by a harmonic mean:
//! `E = α_m · m² / Σ_j 2^-M[j]`, with `α_16 = 0.673`, `α_32 = 0.697`,
//! `α_64 = 0.709`, and `α_m = 0.7213 / (1 + 1.079/m)` for larger `m`. Its
//! relative standard error is about `1.04 / √m`.
//!
//! # Estimators
//!
//! - [`Estimator::Ertl`] (the default): Otmar Ertl 2017, "New cardinality
//!   estimation algorithms for HyperLogLog sketches" (arXiv:1702.01284),
//!   the *improved raw estimator*. It counts the registers by value,
//!   `C_0 … C_{q+1}` with `q = 64 - p`, and in place of the harmonic sum uses
//!   `z = m·σ(C_0/m) + Σ_{k=1..q} C_k 2^-k + m·τ(1 - C_{q+1}/m) 2^-q`, where
//!   `σ(x) = x + Σ_{k≥1} x^{2^k} 2^{k-1}` and
//!   `τ(x) = (1 - x - Σ_{k≥1} (1 - x^{2^-k})² 2^-k) / 3` account for empty and
//!   saturated registers; the estimate is `α_∞ m² / z` with
//!   `α_∞ = 1 / (2 ln 2)`. It needs no empirical bias tables and no switch
//!   between regimes, and its relative error stays near `1.04 / √m` from
//!   the smallest cardinalities up.
//! - [`Estimator::Classic`]: the 2007 paper's raw estimate with its
//!   small-range correction: when `E ≤ 5m/2` and some registers are zero,
//!   use linear counting `m ln(m / V)` (`V` = number of zero registers).
//!   Error about `1.04 / √m` in mid range, with a visible bias near the
//!   switch at `5m/2`. The paper's large-range correction exists because it
//!   used 32-bit hashes, which collide near `2³²` items; with the 64-bit hash
//!   here that happens only near `2⁶⁴`, so it is left out.
//!
//! Merging two sketches of the same precision and seed takes the register-wise
//! maximum, and is exactly the sketch of the union of their streams.
//!
//! # Example
//!
//! ```
//! use dsviz_core::sketch::HyperLogLog;
//! let mut sketch = HyperLogLog::new(12, 7).unwrap();
//! for i in 0..10_000u32 {
//!     sketch.insert(&i.to_le_bytes());
//! }
//! let error = (sketch.estimate() - 10_000.0).abs() / 10_000.0;
//! assert!(error < 5.0 * sketch.standard_error());
//! ```

use super::error::{SketchError, check_range};
use super::hashing::hash64;
use alloc::vec;
use alloc::vec::Vec;

/// The smallest precision accepted.
pub const MIN_PRECISION: u8 = 4;
/// The largest precision accepted.
pub const MAX_PRECISION: u8 = 18;

/// Which formula turns registers into a cardinality.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Estimator {
    /// Flajolet et al. 2007: raw estimate plus linear counting.
    Classic,
    /// Ertl 2017: the improved raw estimator.
    #[default]
    Ertl,
}

/// What inserting an item does to the sketch, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HllItemView {
    pub hash: u64,
    pub register: usize,
    pub rank: u8,
}

/// A HyperLogLog sketch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HyperLogLog {
    registers: Vec<u8>,
    precision: u8,
    seed: u64,
}

impl HyperLogLog {
    /// A sketch with `2^precision` registers, `precision` in 4..=18.
    pub fn new(precision: u8, seed: u64) -> Result<Self, SketchError> {
        check_range("precision", precision, MIN_PRECISION, MAX_PRECISION)?;
        Ok(Self {
            registers: vec![0; 1 << precision],
            precision,
            seed,
        })
    }

    /// The smallest sketch whose standard error `1.04/√m` is at most `error`.
    pub fn with_error(error: f64, seed: u64) -> Result<Self, SketchError> {
        super::error::check_open_probability("error", error)?;
        let registers = (1.04 / error) * (1.04 / error);
        let precision = libm::ceil(libm::log2(registers)).max(f64::from(MIN_PRECISION));
        if precision > f64::from(MAX_PRECISION) {
            return Err(SketchError::invalid(
                "error",
                alloc::format!("{error} needs precision {precision}, more than {MAX_PRECISION}"),
            ));
        }
        Self::new(precision as u8, seed)
    }

    /// The item's hash, register, and rank.
    #[inline]
    pub fn inspect<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> HllItemView {
        let hash = hash64(item.as_ref(), self.seed);
        let p = u32::from(self.precision);
        let register = (hash >> (64 - p)) as usize;
        let rank = ((hash << p).leading_zeros().min(64 - p) + 1) as u8;
        HllItemView {
            hash,
            register,
            rank,
        }
    }

    /// Adds an item; returns whether a register grew.
    #[inline]
    pub fn insert<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) -> bool {
        let view = self.inspect(item);
        let slot = &mut self.registers[view.register];
        let grew = view.rank > *slot;
        *slot = (*slot).max(view.rank);
        grew
    }

    /// Folds `other` in (register-wise maximum).
    pub fn merge(&mut self, other: &Self) -> Result<(), SketchError> {
        if (self.precision, self.seed) != (other.precision, other.seed) {
            return Err(SketchError::incompatible(alloc::format!(
                "precision {} seed {} differs from precision {} seed {}",
                self.precision,
                self.seed,
                other.precision,
                other.seed
            )));
        }
        for (mine, theirs) in self.registers.iter_mut().zip(&other.registers) {
            *mine = (*mine).max(*theirs);
        }
        Ok(())
    }

    /// The cardinality estimate of the default estimator ([`Estimator::Ertl`]).
    pub fn estimate(&self) -> f64 {
        self.estimate_with(Estimator::default())
    }

    /// The cardinality estimate of the chosen estimator.
    pub fn estimate_with(&self, estimator: Estimator) -> f64 {
        match estimator {
            Estimator::Classic => self.classic_estimate(),
            Estimator::Ertl => self.ertl_estimate(),
        }
    }

    fn classic_estimate(&self) -> f64 {
        let raw = self.raw_estimate();
        match self.linear_counting_estimate() {
            Some(linear) if raw <= 2.5 * self.registers.len() as f64 => linear,
            _ => raw,
        }
    }

    /// The 2007 paper's raw estimate `E = α_m · m² / Σ_j 2^-M[j]`, before
    /// any range correction (for display beside the corrected estimates).
    pub fn raw_estimate(&self) -> f64 {
        let m = self.registers.len() as f64;
        let sum: f64 = self
            .registers
            .iter()
            .map(|&r| libm::exp2(-f64::from(r)))
            .sum();
        self.alpha() * m * m / sum
    }

    /// Linear counting `m · ln(m / V)` over the `V` zero registers; `None`
    /// when no register is zero. [`Estimator::Classic`] uses it when the raw
    /// estimate is at most `5m/2`.
    pub fn linear_counting_estimate(&self) -> Option<f64> {
        let m = self.registers.len() as f64;
        let zeros = self.registers.iter().filter(|&&r| r == 0).count();
        (zeros > 0).then(|| m * libm::log(m / zeros as f64))
    }

    /// The bias constant `α_m` of the raw estimate for this sketch's `m`.
    pub fn alpha(&self) -> f64 {
        alpha(self.registers.len())
    }

    fn ertl_estimate(&self) -> f64 {
        let m = self.registers.len() as f64;
        let q = 64 - usize::from(self.precision);
        let histogram = self.histogram();
        let mut z = m * tau(1.0 - histogram[q + 1] as f64 / m);
        for k in (1..=q).rev() {
            z = 0.5 * (z + histogram[k] as f64);
        }
        z += m * sigma(histogram[0] as f64 / m);
        m * m / (2.0 * core::f64::consts::LN_2 * z)
    }

    /// `C_k`: how many registers hold the value `k`, for `k = 0..=q+1`.
    pub fn histogram(&self) -> Vec<u32> {
        let mut counts = vec![0u32; 64 - usize::from(self.precision) + 2];
        for &r in &self.registers {
            counts[usize::from(r)] += 1;
        }
        counts
    }

    /// The registers, for display.
    pub fn registers(&self) -> &[u8] {
        &self.registers
    }

    /// `p`.
    pub fn precision(&self) -> u8 {
        self.precision
    }

    /// The hash seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// `1.04 / √m`, the standard error the paper predicts.
    pub fn standard_error(&self) -> f64 {
        1.04 / libm::sqrt(self.registers.len() as f64)
    }
}

/// The bias constant `α_m` of the 2007 paper.
fn alpha(m: usize) -> f64 {
    match m {
        16 => 0.673,
        32 => 0.697,
        64 => 0.709,
        _ => 0.7213 / (1.0 + 1.079 / m as f64),
    }
}

/// `σ(x) = x + Σ_{k≥1} x^{2^k} 2^{k-1}`, summed until it stops changing.
fn sigma(x: f64) -> f64 {
    if x >= 1.0 {
        return f64::INFINITY;
    }
    let (mut power, mut weight, mut sum) = (x, 1.0, x);
    loop {
        power *= power;
        let before = sum;
        sum += power * weight;
        weight *= 2.0;
        if sum == before {
            return sum;
        }
    }
}

/// `τ(x) = (1 - x - Σ_{k≥1} (1 - x^{2^-k})² 2^-k) / 3`, summed until it
/// stops changing.
fn tau(x: f64) -> f64 {
    if x <= 0.0 || x >= 1.0 {
        return 0.0;
    }
    let (mut root, mut weight, mut sum) = (x, 1.0, 1.0 - x);
    loop {
        root = libm::sqrt(root);
        weight *= 0.5;
        let before = sum;
        sum -= (1.0 - root) * (1.0 - root) * weight;
        if sum == before {
            return sum / 3.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspect_splits_the_hash_into_register_and_rank() {
        let sketch = HyperLogLog::new(4, 0).unwrap();
        let view = sketch.inspect("apple");
        assert_eq!(view.register, (view.hash >> 60) as usize);
        let rest = view.hash << 4;
        assert_eq!(u32::from(view.rank), rest.leading_zeros().min(60) + 1);
        assert!((1..=61).contains(&view.rank));
    }

    #[test]
    fn empty_sketch_estimates_zero_and_one_item_about_one() {
        let mut sketch = HyperLogLog::new(10, 0).unwrap();
        assert_eq!(sketch.estimate_with(Estimator::Classic), 0.0);
        assert!(sketch.estimate().abs() < 1e-9, "{}", sketch.estimate());
        sketch.insert("one");
        assert!(
            (sketch.estimate() - 1.0).abs() < 0.01,
            "{}",
            sketch.estimate()
        );
        assert!((sketch.estimate_with(Estimator::Classic) - 1.0).abs() < 0.01);
    }

    #[test]
    fn sigma_and_tau_match_their_series() {
        // σ(0.5) = 0.5 + 0.25·1 + 0.0625·2 + 0.00390625·4 + …
        let direct: f64 = 0.5
            + (1..8)
                .map(|k| libm::pow(0.5, libm::exp2(k as f64)) * libm::exp2(k as f64 - 1.0))
                .sum::<f64>();
        assert!((sigma(0.5) - direct).abs() < 1e-12);
        assert_eq!(sigma(0.0), 0.0);
        assert_eq!(sigma(1.0), f64::INFINITY);
        let direct_tau = (1.0
            - 0.5
            - (1..60)
                .map(|k| {
                    let d = 1.0 - libm::pow(0.5, libm::exp2(-(k as f64)));
                    d * d * libm::exp2(-(k as f64))
                })
                .sum::<f64>())
            / 3.0;
        assert!((tau(0.5) - direct_tau).abs() < 1e-12);
        assert_eq!((tau(0.0), tau(1.0)), (0.0, 0.0));
    }

    #[test]
    fn classic_estimate_is_raw_or_linear_counting() {
        let mut sketch = HyperLogLog::new(6, 3).unwrap();
        assert_eq!(sketch.linear_counting_estimate(), Some(0.0));
        for i in 0..20u32 {
            sketch.insert(&i.to_le_bytes());
        }
        let zeros = sketch.registers().iter().filter(|&&r| r == 0).count() as f64;
        let linear = sketch.linear_counting_estimate().unwrap();
        assert!((linear - 64.0 * libm::log(64.0 / zeros)).abs() < 1e-9);
        assert!(sketch.raw_estimate() <= 2.5 * 64.0);
        assert_eq!(sketch.estimate_with(Estimator::Classic), linear);
        for i in 20..5_000u32 {
            sketch.insert(&i.to_le_bytes());
        }
        assert_eq!(sketch.linear_counting_estimate(), None);
        assert_eq!(
            sketch.estimate_with(Estimator::Classic),
            sketch.raw_estimate()
        );
        assert_eq!(sketch.alpha(), 0.709);
    }

    #[test]
    fn alpha_constants_of_the_paper() {
        assert_eq!(alpha(16), 0.673);
        assert!((alpha(1024) - 0.7213 / (1.0 + 1.079 / 1024.0)).abs() < 1e-15);
    }

    #[test]
    fn estimates_track_the_truth_at_several_scales() {
        for &n in &[10u32, 1_000, 50_000] {
            let mut sketch = HyperLogLog::new(12, 7).unwrap();
            for i in 0..n {
                sketch.insert(&i.to_le_bytes());
            }
            for estimator in [Estimator::Ertl, Estimator::Classic] {
                let error = (sketch.estimate_with(estimator) - f64::from(n)).abs() / f64::from(n);
                // 5 standard errors of 1.04/64 = 8 %; tiny n is near exact.
                assert!(error < 0.08, "n={n} {estimator:?} error {error}");
            }
        }
    }

    #[test]
    fn merge_checks_compatibility() {
        let mut a = HyperLogLog::new(8, 1).unwrap();
        assert!(a.merge(&HyperLogLog::new(9, 1).unwrap()).is_err());
        assert!(a.merge(&HyperLogLog::new(8, 2).unwrap()).is_err());
        let mut b = HyperLogLog::new(8, 1).unwrap();
        b.insert("x");
        a.merge(&b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn sizing_and_validation() {
        assert!(HyperLogLog::new(3, 0).is_err());
        assert!(HyperLogLog::new(19, 0).is_err());
        assert_eq!(HyperLogLog::with_error(0.033, 0).unwrap().precision(), 10);
        assert!(HyperLogLog::with_error(0.0001, 0).is_err());
        assert_eq!(HyperLogLog::with_error(0.5, 0).unwrap().precision(), 4);
    }
}
