//! The Bloom page's scenario — variant, `m`, `k`, `n`, the number of
//! generated queries, the seed, the operations a person added and the
//! cursor — read from and written to the URL, and the words its generated
//! run is made of.
//!
//! A run is the generated operations (`n` inserts of seeded words, then
//! queries of other seeded words) up to a fork point, followed by the
//! person's own operations: `at=FORK&ops=i.cat,q.dog,r.cat` (see
//! [`crate::viz::item_ops`]).

use super::state::{BloomState, Variant};
use crate::permalink::Query;
use crate::permalink::query::build;
use crate::viz::item_ops::{Fork, ItemOp, script};
use crate::viz::item_words::Vocabulary;
use crate::viz::sketch_kit::{read_seed, read_step};
use dsviz_core::sketch::hashing::splitmix64;

/// Cells allowed: enough to see each one on a phone.
pub const CELLS: (usize, usize) = (8, 1024);
/// Hash functions allowed.
pub const HASHES: (u32, u32) = (1, 16);
/// Generated inserts allowed.
pub const ITEMS: (usize, usize) = (0, 500);
/// Generated queries allowed.
pub const QUERIES: (usize, usize) = (0, 1000);
/// The link key of the fork point (how many generated operations are kept).
const FORK_KEY: &str = "at";

const ONSETS: [&str; 16] = [
    "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh",
];
const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ou"];

/// Word number `index` of `stream` under `seed`: two or three syllables.
fn word(seed: u64, stream: u64, index: u64) -> String {
    let mut state = splitmix64(seed ^ splitmix64(stream << 32 ^ index));
    let mut next = || {
        state = splitmix64(state);
        state
    };
    let syllables = 2 + next() % 2;
    let mut out = String::new();
    for _ in 0..syllables {
        let r = next();
        out.push_str(ONSETS[(r % ONSETS.len() as u64) as usize]);
        out.push_str(VOWELS[(r / 16 % VOWELS.len() as u64) as usize]);
    }
    out
}

/// The made-up words a run inserts and asks about (about 900,000 of them).
pub const WORDS: Vocabulary = Vocabulary(word);

/// The page's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct BloomParams {
    pub variant: Variant,
    /// `m`, cells in the array.
    pub cells: usize,
    /// `k`, hash functions.
    pub hashes: u32,
    /// `n`, items the run inserts.
    pub items: usize,
    /// Queries of never-inserted items after the inserts.
    pub queries: usize,
    pub seed: u64,
}

impl Default for BloomParams {
    fn default() -> Self {
        Self {
            variant: Variant::Plain,
            cells: 96,
            hashes: 3,
            items: 20,
            queries: 30,
            seed: 1,
        }
    }
}

impl BloomParams {
    /// The same parameters with every number inside its allowed range.
    pub fn clamped(&self) -> Self {
        Self {
            cells: self.cells.clamp(CELLS.0, CELLS.1),
            hashes: self.hashes.clamp(HASHES.0, HASHES.1),
            items: self.items.clamp(ITEMS.0, ITEMS.1),
            queries: self.queries.clamp(QUERIES.0, QUERIES.1),
            ..self.clone()
        }
    }

    /// The empty filter these parameters describe.
    pub fn initial_state(&self) -> BloomState {
        let p = self.clamped();
        // Every clamped value is inside the core's limits (2^28 cells, 64 hashes).
        BloomState::new(p.variant, p.cells, p.hashes, p.seed)
            .expect("clamped parameters are within the filter's limits")
    }

    /// The generated run: `n` inserts, then the queries of strangers.
    pub fn generated_ops(&self) -> Vec<ItemOp> {
        let p = self.clamped();
        let inserted = WORDS.members(p.seed, p.items);
        let asked = WORDS.strangers(p.seed, p.queries, &inserted);
        script(inserted, asked)
    }

    /// The optimal `k` for these `m` and `n`, `round((m / n) ln 2)`, kept
    /// within the allowed range (`n = 0` counts as 1).
    pub fn optimal_hashes(&self) -> u32 {
        dsviz_core::sketch::BloomFilter::optimal_hashes(self.cells, self.items.max(1) as u64)
            .clamp(HASHES.0, HASHES.1)
    }
}

/// Everything a Bloom permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct BloomScenario {
    pub params: BloomParams,
    /// Every operation: generated ones up to the fork, then the person's.
    pub ops: Vec<ItemOp>,
    pub step: u64,
    /// Sentences naming each URL value that was replaced or skipped.
    pub problems: Vec<String>,
}

impl BloomScenario {
    /// Reads a scenario from a query string, replacing bad values by defaults.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let d = BloomParams::default();
        let variant = match query.raw("variant").map(str::to_owned) {
            None => d.variant,
            Some(text) => Variant::parse(&text).unwrap_or_else(|| {
                query.problems.push(format!(
                    "'variant={text}' is not 'plain' or 'counting'; using the default"
                ));
                d.variant
            }),
        };
        let params = BloomParams {
            variant,
            cells: query.number(
                "m",
                d.cells,
                |m| (CELLS.0..=CELLS.1).contains(m),
                "a cell count from 8 to 1024",
            ),
            hashes: query.number(
                "k",
                d.hashes,
                |k| (HASHES.0..=HASHES.1).contains(k),
                "a hash count from 1 to 16",
            ),
            items: query.number(
                "n",
                d.items,
                |n| (ITEMS.0..=ITEMS.1).contains(n),
                "an item count from 0 to 500",
            ),
            queries: query.number(
                "q",
                d.queries,
                |q| (QUERIES.0..=QUERIES.1).contains(q),
                "a query count from 0 to 1000",
            ),
            seed: read_seed(&mut query, d.seed),
        };
        let generated = params.generated_ops();
        let mut fork = Fork::read(&mut query, FORK_KEY, generated.len());
        if params.variant == Variant::Plain {
            fork.added.retain(|op| {
                let removes = matches!(op, ItemOp::Remove(_));
                if removes {
                    query.problems.push(format!(
                        "operation '{}' removes an item, which a plain Bloom filter cannot do; skipped",
                        op.encode()
                    ));
                }
                !removes
            });
        }
        let ops = fork.ops(generated);
        let step = read_step(&mut query, 0, ops.len() as u64);
        Self {
            params,
            ops,
            step,
            problems: query.problems,
        }
    }

    /// The query string that reproduces `ops` under `params` at `step`.
    pub fn to_query(params: &BloomParams, ops: &[ItemOp], step: u64) -> String {
        let mut pairs = vec![
            ("variant", params.variant.key().to_string()),
            ("m", params.cells.to_string()),
            ("k", params.hashes.to_string()),
            ("n", params.items.to_string()),
            ("q", params.queries.to_string()),
            ("seed", params.seed.to_string()),
        ];
        let generated = params.generated_ops();
        pairs.extend(Fork::of(&generated, ops).pairs(FORK_KEY, generated.len()));
        pairs.push(("step", step.to_string()));
        build(&pairs)
    }
}

/// The operations and step that show the same run under the other variant:
/// removals are dropped when switching to the plain filter, and the step
/// moves back by the number dropped before it.
pub fn switch_variant(ops: &[ItemOp], step: u64, to: Variant) -> (Vec<ItemOp>, u64) {
    if to == Variant::Counting {
        return (ops.to_vec(), step);
    }
    let before = usize::try_from(step).unwrap_or(usize::MAX).min(ops.len());
    let dropped = ops[..before]
        .iter()
        .filter(|op| matches!(op, ItemOp::Remove(_)))
        .count();
    let kept = ops
        .iter()
        .filter(|op| !matches!(op, ItemOp::Remove(_)))
        .cloned()
        .collect();
    (kept, step.min(ops.len() as u64) - dropped as u64)
}
