//! The sketches against the error rates their papers predict, with fixed
//! seeds. Sample sizes are chosen so that a wrong formula or a broken hash
//! is many standard deviations away, while each test stays fast in debug
//! builds.

use dsviz_core::sketch::experiments::{bloom_fpr, count_min_error, cuckoo_fill, hll_error};
use dsviz_core::sketch::{Estimator, UpdateRule};

/// Bloom 1970 / Broder–Mitzenmacher: measured FPR within ±10 % (relative)
/// of `(1 - e^{-kn/m})^k` over 10⁶ non-member queries. At p = 0.01 that is
/// about 10⁴ false positives, so the sampling error is ~1 %.
#[test]
fn bloom_false_positive_rate_matches_the_formula() {
    for (items, fpr, seed) in [(100_000, 0.01, 11), (20_000, 0.1, 12)] {
        let report = bloom_fpr(items, fpr, 1_000_000, seed).unwrap();
        assert_eq!(report.false_negatives, 0);
        let relative =
            (report.measured_fpr - report.theoretical_fpr).abs() / report.theoretical_fpr;
        assert!(
            relative < 0.10,
            "seed {seed}: {report:?}, relative error {relative:.4}"
        );
    }
}

/// Flajolet et al. 2007 and Ertl 2017: relative RMSE within 1.2 × 1.04/√m
/// over 200 independently seeded trials, for small, middle, and large
/// cardinalities (m = 256). With 200 trials the RMSE itself is known to
/// about ±5 %, so 1.2× leaves room for chance but not for a biased
/// estimator.
#[test]
fn hyperloglog_error_matches_the_standard_error() {
    for estimator in [Estimator::Ertl, Estimator::Classic] {
        for (distinct, seed) in [(200u64, 21), (2_560, 22), (40_000, 23)] {
            let report = hll_error(8, distinct, 200, estimator, seed).unwrap();
            let bound = 1.2 * report.theoretical_rse;
            assert!(
                report.rmse_relative < bound,
                "seed {seed} {estimator:?}: {report:?}"
            );
        }
    }
}

/// Ertl's estimator is unbiased across the range: the mean of 200 trials is
/// within 3 standard errors of the mean (3 · 6.5 % / √200 ≈ 1.4 %).
#[test]
fn ertl_estimator_is_unbiased() {
    for (distinct, seed) in [(200u64, 31), (2_560, 32), (40_000, 33)] {
        let report = hll_error(8, distinct, 200, Estimator::Ertl, seed).unwrap();
        let bias = (report.mean_estimate - distinct as f64).abs() / distinct as f64;
        assert!(
            bias < 3.0 * report.theoretical_rse / 200f64.sqrt(),
            "seed {seed}: {report:?}"
        );
    }
}

/// Cormode–Muthukrishnan Theorem 1: each estimate exceeds truth + εN with
/// probability at most δ, and no estimate is ever low.
#[test]
fn count_min_overestimates_stay_within_the_bound() {
    for rule in [UpdateRule::Standard, UpdateRule::Conservative] {
        let report = count_min_error(0.005, 0.05, 200_000, 5_000, 1.1, rule, 41).unwrap();
        assert_eq!(report.underestimates, 0);
        assert!(report.fraction_over_bound <= 0.05, "{report:?}");
        assert!(
            (report.max_overestimate as f64) < 3.0 * report.bound,
            "{report:?}"
        );
    }
}

/// Fan et al. 2014: with b = 4 the table fills to about 95 % before the
/// first failed insert, and the FPR is that of `2bα` comparisons with
/// `f`-bit fingerprints: ±20 % (relative) over 4·10⁵ queries, which see
/// about 760 false positives (sampling error ≈ 3.6 %).
#[test]
fn cuckoo_filter_fills_to_high_load() {
    let report = cuckoo_fill(12, 4, 1 << 14, 400_000, 51).unwrap();
    assert!(report.load_factor > 0.93, "{report:?}");
    assert_eq!(report.false_negatives, 0);
    let relative = (report.measured_fpr - report.expected_fpr).abs() / report.expected_fpr;
    assert!(relative < 0.2, "{report:?}");
    assert!(report.expected_fpr <= report.fpr_bound);
}
