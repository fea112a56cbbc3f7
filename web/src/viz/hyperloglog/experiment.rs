//! "Run 1,000 streams": how far HyperLogLog's estimate strays, measured.
//!
//! Stream `t` holds the `N` distinct items `0, 1, …, N-1` (as little-endian
//! bytes) and is hashed under its own seed derived from the page's seed by
//! SplitMix64 — the same derivation as the core's `hll_error` experiment, so
//! the two agree exactly. Each stream gives one relative error
//! `(E - N) / N` of the improved estimator; the page plots their histogram
//! against the paper's standard error `1.04 / √m` and reports the measured
//! root-mean-square error. The work is done a slice at a time so the page
//! stays responsive; the result does not depend on the slicing.

use dsviz_core::sketch::hashing::splitmix64;
use dsviz_core::sketch::{Estimator, HyperLogLog};

/// How many streams one run measures.
pub const STREAMS: u32 = 1_000;
/// Item insertions per slice of work (a few milliseconds).
const INSERTS_PER_SLICE: u64 = 100_000;
/// Histogram bins, spanning ±4 standard errors.
pub const BINS: usize = 40;
const SPAN_IN_ERRORS: f64 = 4.0;

/// The relative error of stream `trial`.
pub fn stream_error(precision: u8, distinct: u64, seed: u64, trial: u32) -> f64 {
    let Ok(mut sketch) = HyperLogLog::new(
        precision,
        splitmix64(seed ^ u64::from(trial).rotate_left(32)),
    ) else {
        return 0.0;
    };
    for i in 0..distinct {
        sketch.insert(&i.to_le_bytes());
    }
    let n = distinct.max(1) as f64;
    (sketch.estimate_with(Estimator::Ertl) - n) / n
}

/// A run in progress or finished.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamsRun {
    pub precision: u8,
    pub distinct: u64,
    pub seed: u64,
    pub errors: Vec<f64>,
}

impl StreamsRun {
    pub fn new(precision: u8, distinct: u64, seed: u64) -> Self {
        Self {
            precision,
            distinct,
            seed,
            errors: Vec::with_capacity(STREAMS as usize),
        }
    }

    /// Measures the next slice of streams; true when all are done.
    pub fn run_slice(&mut self) -> bool {
        let per_slice = (INSERTS_PER_SLICE / self.distinct.max(1)).max(1);
        for _ in 0..per_slice {
            if self.done() {
                break;
            }
            let trial = self.errors.len() as u32;
            self.errors.push(stream_error(
                self.precision,
                self.distinct,
                self.seed,
                trial,
            ));
        }
        self.done()
    }

    pub fn done(&self) -> bool {
        self.errors.len() >= STREAMS as usize
    }

    /// `1.04 / √m`.
    pub fn standard_error(&self) -> f64 {
        1.04 / f64::from(1u32 << self.precision).sqrt()
    }

    /// `√(mean(error²))` over the streams measured so far.
    pub fn rmse(&self) -> f64 {
        if self.errors.is_empty() {
            return 0.0;
        }
        (self.errors.iter().map(|e| e * e).sum::<f64>() / self.errors.len() as f64).sqrt()
    }

    /// The share of streams whose error is within `k` standard errors.
    pub fn share_within(&self, k: f64) -> f64 {
        if self.errors.is_empty() {
            return 0.0;
        }
        let bound = k * self.standard_error();
        self.errors.iter().filter(|e| e.abs() <= bound).count() as f64 / self.errors.len() as f64
    }

    /// Counts per bin over `[-4σ, 4σ]`; errors outside land in the end bins.
    pub fn histogram(&self) -> Vec<u32> {
        let span = SPAN_IN_ERRORS * self.standard_error();
        let mut counts = vec![0u32; BINS];
        for &error in &self.errors {
            let position = (error + span) / (2.0 * span) * BINS as f64;
            let bin = if position.is_finite() {
                (position.floor().max(0.0) as usize).min(BINS - 1)
            } else {
                0
            };
            counts[bin] += 1;
        }
        counts
    }

    /// The relative error at a fraction `0..=1` of the histogram's width.
    pub fn error_at(&self, fraction: f64) -> f64 {
        let span = SPAN_IN_ERRORS * self.standard_error();
        -span + 2.0 * span * fraction
    }

    /// Where relative error `error` falls, as a fraction of the width.
    pub fn fraction_of(&self, error: f64) -> f64 {
        let span = SPAN_IN_ERRORS * self.standard_error();
        (error + span) / (2.0 * span)
    }
}
