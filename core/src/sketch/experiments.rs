//! Experiments that measure the sketches against their theory.
//!
//! Each is a plain function from parameters and a seed to a plain report, so
//! the lab CLI prints it as JSON and the web app plots it. Items are the
//! little-endian bytes of integers: inserted items are even numbers and
//! probe items odd ones, so probes are never members. The same seed gives
//! the same report on every platform.

use super::count_min::{CountMinSketch, UpdateRule};
use super::error::{SketchError, check_range};
use super::hashing::splitmix64;
use super::hyperloglog::{Estimator, HyperLogLog};
use super::zipf::Zipf;
use super::{BloomFilter, CuckooFilter, cuckoo::DEFAULT_MAX_KICKS};
use alloc::vec;
use rand::SeedableRng;
use rand_pcg::Pcg64;

/// The most probe queries an experiment accepts.
pub const MAX_QUERIES: u64 = 100_000_000;
/// The most item insertions an experiment accepts in total.
pub const MAX_WORK: u64 = 1_000_000_000;

fn member(i: u64) -> [u8; 8] {
    (2 * i).to_le_bytes()
}

fn stranger(i: u64) -> [u8; 8] {
    (2 * i + 1).to_le_bytes()
}

/// Measured against predicted false-positive rate of a Bloom filter.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BloomReport {
    pub bits: usize,
    pub hashes: u32,
    pub items: u64,
    pub queries: u64,
    pub measured_fpr: f64,
    pub theoretical_fpr: f64,
    pub false_negatives: u64,
}

/// Sizes a filter for `items` at `fpr`, inserts `items` members, then asks
/// `queries` non-members and every member.
pub fn bloom_fpr(
    items: u64,
    fpr: f64,
    queries: u64,
    seed: u64,
) -> Result<BloomReport, SketchError> {
    check_range("queries", queries, 1, MAX_QUERIES)?;
    let mut filter = BloomFilter::with_target(items, fpr, seed)?;
    for i in 0..items {
        filter.insert(&member(i));
    }
    let false_negatives = (0..items).filter(|&i| !filter.contains(&member(i))).count() as u64;
    let false_positives = (0..queries)
        .filter(|&i| filter.contains(&stranger(i)))
        .count();
    Ok(BloomReport {
        bits: filter.bit_count(),
        hashes: filter.hash_count(),
        items,
        queries,
        measured_fpr: false_positives as f64 / queries as f64,
        theoretical_fpr: BloomFilter::theoretical_fpr(
            filter.bit_count(),
            filter.hash_count(),
            items,
        ),
        false_negatives,
    })
}

/// How full a cuckoo filter gets before its first failed insert.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CuckooReport {
    pub buckets: usize,
    pub bucket_size: usize,
    pub fingerprint_bits: u32,
    pub items: u64,
    pub load_factor: f64,
    pub bits_per_item: f64,
    pub queries: u64,
    pub measured_fpr: f64,
    /// The rate expected at the final load.
    pub expected_fpr: f64,
    /// The rate of a completely full table.
    pub fpr_bound: f64,
    pub false_negatives: u64,
}

/// A filter with room for `capacity` fingerprints (rounded up to a power of
/// two buckets), filled until the first insert fails; then probed.
pub fn cuckoo_fill(
    fingerprint_bits: u32,
    bucket_size: usize,
    capacity: u64,
    queries: u64,
    seed: u64,
) -> Result<CuckooReport, SketchError> {
    check_range("queries", queries, 1, MAX_QUERIES)?;
    check_range(
        "bucket_size",
        bucket_size,
        1,
        super::cuckoo::MAX_BUCKET_SIZE,
    )?;
    let max_capacity = (super::cuckoo::MAX_BUCKETS * bucket_size) as u64;
    check_range("capacity", capacity, 1, max_capacity)?;
    let buckets = (capacity.div_ceil(bucket_size as u64) as usize).next_power_of_two();
    let mut filter = CuckooFilter::new(
        buckets,
        bucket_size,
        fingerprint_bits,
        DEFAULT_MAX_KICKS,
        seed,
    )?;
    let mut items = 0;
    while filter.insert(&member(items)).is_ok() {
        items += 1;
    }
    let false_negatives = (0..items).filter(|&i| !filter.contains(&member(i))).count() as u64;
    let false_positives = (0..queries)
        .filter(|&i| filter.contains(&stranger(i)))
        .count();
    Ok(CuckooReport {
        buckets,
        bucket_size,
        fingerprint_bits,
        items,
        load_factor: filter.load_factor(),
        bits_per_item: filter.bits_per_item(),
        queries,
        measured_fpr: false_positives as f64 / queries as f64,
        expected_fpr: filter.expected_fpr(),
        fpr_bound: filter.fpr_bound(),
        false_negatives,
    })
}

/// HyperLogLog accuracy over independent trials.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HllReport {
    pub precision: u8,
    pub distinct: u64,
    pub trials: u32,
    pub estimator: Estimator,
    pub mean_estimate: f64,
    /// `√(mean((E - n)²)) / n`.
    pub rmse_relative: f64,
    /// `1.04 / √m`.
    pub theoretical_rse: f64,
}

/// `trials` sketches, each with its own hash seed, of the same `distinct`
/// items.
pub fn hll_error(
    precision: u8,
    distinct: u64,
    trials: u32,
    estimator: Estimator,
    seed: u64,
) -> Result<HllReport, SketchError> {
    check_range("distinct", distinct, 1, MAX_WORK)?;
    check_range("trials", trials, 1, 100_000)?;
    if distinct.saturating_mul(u64::from(trials)) > MAX_WORK {
        return Err(SketchError::invalid(
            "trials",
            alloc::format!("distinct × trials exceeds {MAX_WORK}"),
        ));
    }
    let n = distinct as f64;
    let (mut sum, mut squares) = (0.0, 0.0);
    let mut theoretical_rse = 0.0;
    for trial in 0..trials {
        let mut sketch = HyperLogLog::new(
            precision,
            splitmix64(seed ^ u64::from(trial).rotate_left(32)),
        )?;
        for i in 0..distinct {
            sketch.insert(&i.to_le_bytes());
        }
        let estimate = sketch.estimate_with(estimator);
        sum += estimate;
        squares += (estimate - n) * (estimate - n);
        theoretical_rse = sketch.standard_error();
    }
    let trials_f = f64::from(trials);
    Ok(HllReport {
        precision,
        distinct,
        trials,
        estimator,
        mean_estimate: sum / trials_f,
        rmse_relative: libm::sqrt(squares / trials_f) / n,
        theoretical_rse,
    })
}

/// Count-Min overestimates on a Zipf stream, against `ε·N`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CountMinReport {
    pub width: usize,
    pub depth: usize,
    pub items: u64,
    pub universe: u64,
    pub rule: UpdateRule,
    /// `ε·N`.
    pub bound: f64,
    /// The share of the universe's items whose estimate exceeds truth + `ε·N`
    /// (Theorem 1: at most `δ` in expectation).
    pub fraction_over_bound: f64,
    pub max_overestimate: u64,
    pub mean_overestimate: f64,
    /// Items whose estimate was below their true count (always 0).
    pub underestimates: u64,
}

/// Streams `items` Zipf(`universe`, `exponent`) draws into a sketch sized by
/// `epsilon` and `delta`, then compares every rank's estimate with its count.
pub fn count_min_error(
    epsilon: f64,
    delta: f64,
    items: u64,
    universe: u64,
    exponent: f64,
    rule: UpdateRule,
    seed: u64,
) -> Result<CountMinReport, SketchError> {
    check_range("items", items, 1, MAX_WORK)?;
    let zipf = Zipf::new(universe, exponent)?;
    let mut sketch = CountMinSketch::with_error(epsilon, delta, rule, seed)?;
    let mut truth = vec![0u64; universe as usize + 1];
    let mut rng = Pcg64::seed_from_u64(splitmix64(seed));
    for _ in 0..items {
        let rank = zipf.sample(&mut rng);
        truth[rank as usize] += 1;
        sketch.insert(&rank.to_le_bytes(), 1);
    }
    let bound = sketch.error_bound();
    let (mut over, mut max_over, mut sum_over, mut under) = (0u64, 0u64, 0u64, 0u64);
    for rank in 1..=universe {
        let estimate = sketch.estimate(&rank.to_le_bytes());
        let actual = truth[rank as usize];
        if estimate < actual {
            under += 1;
            continue;
        }
        let excess = estimate - actual;
        over += u64::from(excess as f64 > bound);
        max_over = max_over.max(excess);
        sum_over += excess;
    }
    Ok(CountMinReport {
        width: sketch.width(),
        depth: sketch.depth(),
        items,
        universe,
        rule,
        bound,
        fraction_over_bound: over as f64 / universe as f64,
        max_overestimate: max_over,
        mean_overestimate: sum_over as f64 / universe as f64,
        underestimates: under,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bloom_report_is_sane_and_reproducible() {
        let a = bloom_fpr(2_000, 0.05, 20_000, 1).unwrap();
        assert_eq!(a, bloom_fpr(2_000, 0.05, 20_000, 1).unwrap());
        assert_eq!(a.false_negatives, 0);
        assert!((a.measured_fpr - a.theoretical_fpr).abs() < 0.02, "{a:?}");
        assert!(bloom_fpr(10, 0.1, 0, 1).is_err());
    }

    #[test]
    fn cuckoo_fills_most_of_its_slots() {
        let report = cuckoo_fill(12, 4, 4096, 10_000, 2).unwrap();
        assert_eq!(report.buckets, 1024);
        assert!(report.load_factor > 0.9, "{report:?}");
        assert_eq!(report.false_negatives, 0);
        assert!(report.measured_fpr <= 2.0 * report.fpr_bound);
    }

    #[test]
    fn hll_report_averages_over_trials() {
        let report = hll_error(8, 1_000, 20, Estimator::Ertl, 3).unwrap();
        assert!((report.theoretical_rse - 0.065).abs() < 0.001);
        assert!(
            report.rmse_relative < 2.0 * report.theoretical_rse,
            "{report:?}"
        );
        assert!(hll_error(8, 1_000_000, 10_000, Estimator::Ertl, 3).is_err());
    }

    #[test]
    fn count_min_never_undercounts_and_rarely_exceeds_the_bound() {
        let report =
            count_min_error(0.01, 0.01, 20_000, 1_000, 1.1, UpdateRule::Standard, 4).unwrap();
        assert_eq!((report.width, report.depth), (272, 5));
        assert_eq!(report.underestimates, 0);
        assert!(report.fraction_over_bound <= 0.01, "{report:?}");
    }
}
