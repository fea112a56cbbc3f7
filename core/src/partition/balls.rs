//! Balls into bins with `d` choices: the experiment behind
//! power-of-two-choices load balancing.
//!
//! # How it works
//!
//! Throw `m` balls into `n` bins. With one random bin per ball (`d = 1`)
//! the fullest bin of `m = n` ends with about `ln n / ln ln n` balls; if
//! each ball instead looks at `d ≥ 2` bins chosen uniformly at random and
//! joins the least loaded, the maximum drops to `ln ln n / ln d + O(1)` —
//! an exponential improvement from one extra look (Azar, Broder, Karlin and
//! Upfal 1994, "Balanced allocations", STOC). Here ties go to the first
//! sampled bin, and the `d` bins are independent draws (with replacement).
//!
//! ```text
//!   d = 2:   ball → samples bins 3 and 7      bin  0 1 2 3 4 5 6 7
//!            loads 2 and 0 → joins bin 7      load 1 0 1 2 1 0 0 0 → 1
//! ```
//!
//! Mitzenmacher's fluid limit (2001, "The power of two choices in
//! randomized load balancing", IEEE TPDS) predicts the whole load profile:
//! with `sᵢ(t)` the fraction of bins holding at least `i` balls after
//! `t·n` balls, `s₀ = 1` and `dsᵢ/dt = sᵢ₋₁ᵈ − sᵢᵈ`; a ball lands on a bin of
//! load exactly `i - 1` when all `d` samples have load ≥ `i - 1` but not all
//! have load ≥ `i`. For `d = 1` this is the Poisson tail,
//! `sᵢ(t) = P(Poisson(t) ≥ i)`. The tests integrate it and compare.
//!
//! Bins are drawn as `reduce(x, n)` of 64-bit PCG-64 outputs (multiply-shift;
//! see [`crate::sketch::hashing::reduce`]), biased by at most `n / 2⁶⁴`.

use super::error::{PartitionError, check_range};
use crate::sim::{NodeRng, driver_stream};
use crate::sketch::hashing::reduce;
use alloc::vec;
use alloc::vec::Vec;
use rand::Rng;

/// The most bins accepted (64 MiB of loads).
pub const MAX_BINS: usize = 1 << 24;
/// The most choices per ball accepted.
pub const MAX_CHOICES: u32 = 16;

/// The random stream balls are drawn from (any fixed stream id will do).
const BALLS_STREAM: u64 = 0xBA11;

/// One ball: the bins it looked at, in order, and the one it joined.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Throw {
    pub candidates: Vec<usize>,
    pub bin: usize,
}

/// `n` bins filled one ball at a time, each ball to the least loaded of
/// `d` random bins.
#[derive(Debug, Clone, PartialEq)]
pub struct BallsIntoBins {
    loads: Vec<u32>,
    choices: u32,
    balls: u64,
    rng: NodeRng,
}

impl BallsIntoBins {
    /// `bins` empty bins (1 ≤ bins ≤ [`MAX_BINS`]); each ball samples
    /// `choices` of them (1 ≤ choices ≤ [`MAX_CHOICES`]).
    pub fn new(bins: usize, choices: u32, seed: u64) -> Result<Self, PartitionError> {
        check_range("bins", bins, 1, MAX_BINS)?;
        check_range("choices", choices, 1, MAX_CHOICES)?;
        Ok(Self {
            loads: vec![0; bins],
            choices,
            balls: 0,
            rng: driver_stream(seed, BALLS_STREAM),
        })
    }

    /// Throws one ball and says where it looked and where it went.
    pub fn throw(&mut self) -> Throw {
        let candidates: Vec<usize> = (0..self.choices).map(|_| self.sample()).collect();
        let bin = self.least_loaded(candidates.iter().copied());
        self.loads[bin] += 1;
        self.balls += 1;
        Throw { candidates, bin }
    }

    /// Throws `count` balls.
    pub fn throw_many(&mut self, count: u64) {
        for _ in 0..count {
            let mut bin = self.sample();
            for _ in 1..self.choices {
                let other = self.sample();
                if self.loads[other] < self.loads[bin] {
                    bin = other;
                }
            }
            self.loads[bin] += 1;
        }
        self.balls += count;
    }

    #[inline]
    fn sample(&mut self) -> usize {
        reduce(self.rng.next_u64(), self.loads.len() as u64) as usize
    }

    /// The first of `bins` with the smallest load.
    fn least_loaded(&self, bins: impl Iterator<Item = usize>) -> usize {
        let mut best: Option<usize> = None;
        for bin in bins {
            if best.is_none_or(|b| self.loads[bin] < self.loads[b]) {
                best = Some(bin);
            }
        }
        best.expect("at least one choice")
    }

    /// Each bin's load.
    pub fn loads(&self) -> &[u32] {
        &self.loads
    }

    /// The number of bins.
    pub fn bins(&self) -> usize {
        self.loads.len()
    }

    /// Choices per ball.
    pub fn choices(&self) -> u32 {
        self.choices
    }

    /// Balls thrown so far.
    pub fn balls(&self) -> u64 {
        self.balls
    }

    /// The fullest bin's load.
    pub fn max_load(&self) -> u32 {
        self.loads.iter().copied().max().unwrap_or(0)
    }

    /// `result[i - 1]` is the fraction of bins holding at least `i` balls,
    /// for `i = 1..=max_load`.
    pub fn fraction_at_least(&self) -> Vec<f64> {
        let max = self.max_load() as usize;
        let mut at_least = vec![0u64; max + 2];
        for &load in &self.loads {
            at_least[load as usize] += 1;
        }
        // Suffix sums turn "exactly i" into "at least i".
        for i in (0..=max).rev() {
            at_least[i] += at_least[i + 1];
        }
        let bins = self.loads.len() as f64;
        at_least[1..=max].iter().map(|&c| c as f64 / bins).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ball_joins_the_first_least_loaded_candidate() {
        let mut b = BallsIntoBins::new(8, 3, 1).unwrap();
        for _ in 0..200 {
            let before = b.loads().to_vec();
            let throw = b.throw();
            assert_eq!(throw.candidates.len(), 3);
            let least = throw.candidates.iter().map(|&c| before[c]).min().unwrap();
            let first = *throw
                .candidates
                .iter()
                .find(|&&c| before[c] == least)
                .unwrap();
            assert_eq!(throw.bin, first);
            assert_eq!(b.loads()[throw.bin], before[throw.bin] + 1);
        }
        assert_eq!(b.balls(), 200);
        assert_eq!(b.loads().iter().map(|&l| u64::from(l)).sum::<u64>(), 200);
    }

    #[test]
    fn throw_and_throw_many_agree() {
        let mut one = BallsIntoBins::new(100, 2, 9).unwrap();
        let mut many = one.clone();
        for _ in 0..1_000 {
            one.throw();
        }
        many.throw_many(1_000);
        assert_eq!(one.loads(), many.loads());
    }

    #[test]
    fn fractions_count_bins_at_or_above_each_load() {
        let mut b = BallsIntoBins::new(4, 1, 0).unwrap();
        b.loads = vec![0, 1, 3, 1];
        assert_eq!(b.fraction_at_least(), vec![0.75, 0.25, 0.25]);
        assert_eq!(b.max_load(), 3);
        assert!(
            BallsIntoBins::new(4, 1, 0)
                .unwrap()
                .fraction_at_least()
                .is_empty()
        );
    }

    #[test]
    fn two_choices_flatten_the_maximum() {
        let mut one = BallsIntoBins::new(10_000, 1, 4).unwrap();
        let mut two = BallsIntoBins::new(10_000, 2, 4).unwrap();
        one.throw_many(10_000);
        two.throw_many(10_000);
        assert!(one.max_load() >= 5, "{}", one.max_load());
        assert!(two.max_load() <= 4, "{}", two.max_load());
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(BallsIntoBins::new(0, 2, 0).is_err());
        assert!(BallsIntoBins::new(MAX_BINS + 1, 2, 0).is_err());
        assert!(BallsIntoBins::new(10, 0, 0).is_err());
        assert!(BallsIntoBins::new(10, MAX_CHOICES + 1, 0).is_err());
    }
}
