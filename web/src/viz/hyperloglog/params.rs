//! The HyperLogLog page's scenario — seed, precision, stream length, the
//! experiment's stream size, typed items and cursor — read from and written
//! to the URL, and the item stream it describes.

use super::state::HllState;
use crate::permalink::Query;
use crate::viz::sketch_kit::read_seed;
use crate::viz::typed_scenario::{SketchParams, TypedScenario};
use dsviz_core::sketch::hashing::splitmix64;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

/// The precisions the picture can show: 16 to 1024 registers. (The core
/// sketch accepts 4..=18; past 1024 bars the chart stops being readable.)
pub const PRECISIONS: std::ops::RangeInclusive<u8> = 4..=10;
/// The longest generated stream a link may ask for.
pub const MAX_STREAM: usize = 5_000;
/// The largest number of distinct items per stream in the experiment.
pub const MAX_RUN_DISTINCT: u64 = 20_000;
/// The share of generated items that repeat an earlier item, in quarters:
/// one item in four is a repeat.
const REPEAT_ONE_IN: u32 = 4;

/// The page's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HllParams {
    pub seed: u64,
    /// `p`: the sketch has `2^p` registers.
    pub precision: u8,
    /// How many items the generated stream holds.
    pub stream: usize,
    /// `N`: distinct items per stream in "Run 1,000 streams".
    pub run_distinct: u64,
}

impl Default for HllParams {
    fn default() -> Self {
        Self {
            seed: 1,
            precision: 6,
            stream: 400,
            run_distinct: 1_000,
        }
    }
}

/// Everything a HyperLogLog permalink holds.
pub type HllScenario = TypedScenario<HllParams>;

impl SketchParams for HllParams {
    type State = HllState;

    fn read(query: &mut Query) -> Self {
        let d = HllParams::default();
        HllParams {
            seed: read_seed(query, d.seed),
            precision: query.number(
                "p",
                d.precision,
                |p| PRECISIONS.contains(p),
                "a precision from 4 to 10",
            ),
            stream: query.number(
                "n",
                d.stream,
                |n| (1..=MAX_STREAM).contains(n),
                "a stream length from 1 to 5000",
            ),
            run_distinct: query.number(
                "runN",
                d.run_distinct,
                |n| (1..=MAX_RUN_DISTINCT).contains(n),
                "a number of distinct items from 1 to 20000",
            ),
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("seed", self.seed.to_string()),
            ("p", self.precision.to_string()),
            ("n", self.stream.to_string()),
            ("runN", self.run_distinct.to_string()),
        ]
    }

    fn generated(&self) -> Vec<String> {
        generated_stream(self)
    }

    fn initial(&self) -> HllState {
        HllState::new(self.precision, self.seed)
    }
}

/// `stream` items from the seed: mostly new items (`item-1`, `item-2`, …),
/// and one in four a repeat of an earlier one, which must not change the
/// estimate's target.
pub fn generated_stream(params: &HllParams) -> Vec<String> {
    let mut rng = Pcg64::seed_from_u64(splitmix64(params.seed));
    let mut distinct = 0u32;
    (0..params.stream)
        .map(|_| {
            if distinct > 0 && rng.random_range(0..REPEAT_ONE_IN) == 0 {
                format!("item-{}", rng.random_range(1..=distinct))
            } else {
                distinct += 1;
                format!("item-{distinct}")
            }
        })
        .collect()
}
