//! The Count-Min page's scenario — seed, ε, δ, the Zipf stream's skew,
//! universe and length, how many heavy hitters to track, the update rule,
//! typed items and cursor — read from and written to the URL, and the item
//! stream it describes.

use super::state::CmState;
use crate::permalink::Query;
use crate::viz::sketch_kit::read_seed;
use crate::viz::typed_scenario::{SketchParams, TypedScenario};
use dsviz_core::sketch::hashing::splitmix64;
use dsviz_core::sketch::{UpdateRule, Zipf};
use rand::SeedableRng;
use rand_pcg::Pcg64;

/// The smallest ε the picture accepts: `w = ⌈e/ε⌉` stays at most 55
/// columns. (The core sketch accepts far smaller.)
pub const MIN_EPSILON: f64 = 0.05;
/// The smallest δ the picture accepts: `d = ⌈ln(1/δ)⌉` stays at most 7 rows.
pub const MIN_DELTA: f64 = 0.001;
/// The largest universe of the generated stream.
pub const MAX_UNIVERSE: u64 = 10_000;
/// The largest Zipf exponent offered.
pub const MAX_SKEW: f64 = 3.0;
/// The longest generated stream a link may ask for.
pub const MAX_STREAM: usize = 5_000;
/// The most heavy hitters tracked.
pub const MAX_TRACKED: usize = 20;

/// The page's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct CmParams {
    pub seed: u64,
    /// ε: the error is at most ε·N with probability 1 - δ.
    pub epsilon: f64,
    pub delta: f64,
    /// The Zipf exponent `s` of the generated stream.
    pub skew: f64,
    /// Items `item-1 … item-universe`.
    pub universe: u64,
    /// How many items the generated stream holds.
    pub stream: usize,
    /// `k`: heavy hitters tracked.
    pub tracked: usize,
    pub conservative: bool,
}

impl Default for CmParams {
    fn default() -> Self {
        Self {
            seed: 1,
            epsilon: 0.1,
            delta: 0.05,
            skew: 1.1,
            universe: 200,
            stream: 500,
            tracked: 5,
            conservative: false,
        }
    }
}

impl CmParams {
    pub fn rule(&self) -> UpdateRule {
        if self.conservative {
            UpdateRule::Conservative
        } else {
            UpdateRule::Standard
        }
    }
}

/// Everything a Count-Min permalink holds.
pub type CmScenario = TypedScenario<CmParams>;

impl SketchParams for CmParams {
    type State = CmState;

    fn read(query: &mut Query) -> Self {
        let d = CmParams::default();
        let conservative = match query.raw("cu") {
            None => d.conservative,
            Some("1" | "true") => true,
            Some("0" | "false") => false,
            Some(other) => {
                let text = format!("'cu={other}' is not 0 or 1; using the default");
                query.problems.push(text);
                d.conservative
            }
        };
        CmParams {
            seed: read_seed(query, d.seed),
            epsilon: query.number(
                "eps",
                d.epsilon,
                |e: &f64| (MIN_EPSILON..1.0).contains(e),
                "an ε from 0.05 up to (not including) 1",
            ),
            delta: query.number(
                "delta",
                d.delta,
                |e: &f64| (MIN_DELTA..1.0).contains(e),
                "a δ from 0.001 up to (not including) 1",
            ),
            skew: query.number(
                "s",
                d.skew,
                |s: &f64| (0.0..=MAX_SKEW).contains(s),
                "a Zipf exponent from 0 to 3",
            ),
            universe: query.number(
                "u",
                d.universe,
                |u| (1..=MAX_UNIVERSE).contains(u),
                "a universe size from 1 to 10000",
            ),
            stream: query.number(
                "n",
                d.stream,
                |n| (1..=MAX_STREAM).contains(n),
                "a stream length from 1 to 5000",
            ),
            tracked: query.number(
                "k",
                d.tracked,
                |k| (1..=MAX_TRACKED).contains(k),
                "a number of heavy hitters from 1 to 20",
            ),
            conservative,
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("seed", self.seed.to_string()),
            ("eps", self.epsilon.to_string()),
            ("delta", self.delta.to_string()),
            ("s", self.skew.to_string()),
            ("u", self.universe.to_string()),
            ("n", self.stream.to_string()),
            ("k", self.tracked.to_string()),
            ("cu", u8::from(self.conservative).to_string()),
        ]
    }

    fn generated(&self) -> Vec<String> {
        generated_stream(self)
    }

    fn initial(&self) -> CmState {
        CmState::new(self)
    }
}

/// `stream` draws from Zipf(`universe`, `skew`): rank `r` is the item
/// `item-r`, so `item-1` is the most frequent.
pub fn generated_stream(params: &CmParams) -> Vec<String> {
    let Ok(zipf) = Zipf::new(params.universe, params.skew) else {
        return Vec::new();
    };
    let mut rng = Pcg64::seed_from_u64(splitmix64(params.seed));
    (0..params.stream)
        .map(|_| format!("item-{}", zipf.sample(&mut rng)))
        .collect()
}
