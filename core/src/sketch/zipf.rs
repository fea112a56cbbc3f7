//! A seeded Zipf sampler, for skewed workloads.
//!
//! Zipf's law with exponent `s` over ranks `1..=n` gives rank `k` probability
//! `k^-s / H(n, s)`, where `H(n, s) = Σ_{i=1..n} i^-s`: a few ranks are very
//! common and a long tail is rare, as with words, URLs, or network flows.
//! `s = 0` is the uniform distribution.
//!
//! The sampler tabulates the cumulative distribution once (`O(n)` memory)
//! and inverts it by binary search for each draw (`O(log n)`), using a
//! uniform variate from the caller's generator; exact and simple, which
//! suits the workload sizes of this lab.

use super::error::{SketchError, check_range};
use alloc::vec::Vec;
use rand::{Rng, RngExt};

/// The largest universe accepted.
pub const MAX_UNIVERSE: u64 = 1 << 22;
/// The largest exponent accepted.
pub const MAX_EXPONENT: f64 = 10.0;

/// Zipf(`n`, `s`) over `1..=n`.
#[derive(Debug, Clone, PartialEq)]
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    /// The distribution over `1..=universe` with exponent `exponent` ≥ 0.
    pub fn new(universe: u64, exponent: f64) -> Result<Self, SketchError> {
        check_range("universe", universe, 1, MAX_UNIVERSE)?;
        if !(0.0..=MAX_EXPONENT).contains(&exponent) {
            return Err(SketchError::invalid(
                "exponent",
                alloc::format!("must be between 0 and {MAX_EXPONENT} (got {exponent})"),
            ));
        }
        let mut running = 0.0;
        let mut cumulative: Vec<f64> = (1..=universe)
            .map(|rank| {
                running += libm::pow(rank as f64, -exponent);
                running
            })
            .collect();
        for value in &mut cumulative {
            *value /= running;
        }
        Ok(Self { cumulative })
    }

    /// The probability of `rank` (0 outside `1..=n`).
    pub fn probability(&self, rank: u64) -> f64 {
        let Some(index) = rank
            .checked_sub(1)
            .map(|i| i as usize)
            .filter(|&i| i < self.cumulative.len())
        else {
            return 0.0;
        };
        let below = if index == 0 {
            0.0
        } else {
            self.cumulative[index - 1]
        };
        self.cumulative[index] - below
    }

    /// One draw from `1..=n`.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let u: f64 = rng.random();
        let index = self.cumulative.partition_point(|&c| c <= u);
        index.min(self.cumulative.len() - 1) as u64 + 1
    }

    /// `n`.
    pub fn universe(&self) -> u64 {
        self.cumulative.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64;

    #[test]
    fn probabilities_follow_the_power_law() {
        let zipf = Zipf::new(4, 1.0).unwrap();
        // H(4, 1) = 1 + 1/2 + 1/3 + 1/4 = 25/12.
        for (rank, weight) in [(1, 1.0), (2, 0.5), (3, 1.0 / 3.0), (4, 0.25)] {
            assert!((zipf.probability(rank) - weight * 12.0 / 25.0).abs() < 1e-12);
        }
        assert_eq!((zipf.probability(0), zipf.probability(5)), (0.0, 0.0));
    }

    #[test]
    fn samples_match_the_probabilities() {
        let zipf = Zipf::new(10, 1.2).unwrap();
        let mut rng = Pcg64::seed_from_u64(3);
        let mut counts = [0u32; 11];
        let draws = 100_000;
        for _ in 0..draws {
            counts[zipf.sample(&mut rng) as usize] += 1;
        }
        assert_eq!(counts[0], 0);
        for rank in 1..=10u64 {
            let p = zipf.probability(rank);
            let sd = libm::sqrt(p * (1.0 - p) * f64::from(draws));
            let diff = (f64::from(counts[rank as usize]) - p * f64::from(draws)).abs();
            assert!(
                diff < 5.0 * sd,
                "rank {rank}: {} vs {}",
                counts[rank as usize],
                p * f64::from(draws)
            );
        }
    }

    #[test]
    fn bad_parameters_are_errors() {
        assert!(Zipf::new(0, 1.0).is_err());
        assert!(Zipf::new(10, -1.0).is_err());
        assert!(Zipf::new(10, f64::NAN).is_err());
        assert!(Zipf::new(MAX_UNIVERSE + 1, 1.0).is_err());
        assert_eq!(
            Zipf::new(1, 0.0)
                .unwrap()
                .sample(&mut Pcg64::seed_from_u64(0)),
            1
        );
    }
}
