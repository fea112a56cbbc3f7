//! The range partitioning page's scenario in the URL.
//!
//! `?seed=1&nodes=3&u=1000&s=1.1&writes=3000&batch=30&expire=70&split-keys=64&split-load=300&changes=40.a&step=12`:
//! the seed, starting nodes, key universe, Zipf exponent, writes, writes
//! per step, the percent of keys that expire afterwards, the two split
//! thresholds, node changes placed at step indexes, and the step shown.

use super::common::{NodeChange, encode_placed, read_placed_changes};
use super::range_model::{RangeOp, RangeSetup, RangeState, operations};
use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::OpPlayer;
use crate::viz::sketch_kit::{read_seed, read_step};

pub const MAX_NODES: usize = 8;
pub const MAX_UNIVERSE: u64 = 100_000;
pub const MAX_WRITES: u64 = 20_000;
pub const MAX_BATCH: u64 = 1_000;
/// The Zipf exponents offered, in hundredths.
pub const EXPONENTS: [u32; 7] = [0, 50, 80, 100, 110, 120, 150];

/// Steps per second at 1×.
pub const RATE: f64 = 4.0;

pub fn default_setup() -> RangeSetup {
    RangeSetup {
        seed: 1,
        nodes: 3,
        universe: 1_000,
        exponent: 1.1,
        writes: 3_000,
        batch: 30,
        expire_percent: 80,
        max_keys: 64,
        max_load: 300,
    }
}

/// Everything a range permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeScenario {
    pub setup: RangeSetup,
    pub placed: Vec<(usize, NodeChange)>,
    pub step: u64,
    pub problems: Vec<String>,
}

impl RangeScenario {
    pub fn from_query(search: &str) -> Self {
        let d = default_setup();
        let mut q = Query::parse(search);
        let seed = read_seed(&mut q, d.seed);
        let nodes = q.number(
            "nodes",
            d.nodes,
            |n| (1..=MAX_NODES).contains(n),
            &format!("a node count from 1 to {MAX_NODES}"),
        );
        let universe = q.number(
            "u",
            d.universe,
            |u| (2..=MAX_UNIVERSE).contains(u),
            &format!("a key universe from 2 to {MAX_UNIVERSE}"),
        );
        let exponent = q.number(
            "s",
            d.exponent,
            |s: &f64| (0.0..=3.0).contains(s),
            "a Zipf exponent from 0 to 3",
        );
        let writes = q.number(
            "writes",
            d.writes,
            |w| (1..=MAX_WRITES).contains(w),
            &format!("a write count from 1 to {MAX_WRITES}"),
        );
        let batch = q.number(
            "batch",
            d.batch,
            |b| (1..=MAX_BATCH).contains(b),
            &format!("a batch from 1 to {MAX_BATCH}"),
        );
        let expire_percent = q.number(
            "expire",
            d.expire_percent,
            |e| *e <= 100,
            "a percentage from 0 to 100",
        );
        let max_keys = q.number(
            "split-keys",
            d.max_keys,
            |k| (2..=100_000).contains(k),
            "a key count from 2 to 100000",
        );
        let max_load = q.number(
            "split-load",
            d.max_load,
            |l| (2..=1_000_000).contains(l),
            "a load from 2 to 1000000",
        );
        let placed = read_placed_changes(&mut q, "changes");
        let setup = RangeSetup {
            seed,
            nodes,
            universe,
            exponent,
            writes,
            batch,
            expire_percent,
            max_keys,
            max_load,
        };
        let total = operations(&setup, &placed).len() as u64;
        let step = read_step(&mut q, 0, total);
        Self {
            setup,
            placed,
            step,
            problems: q.problems,
        }
    }

    pub fn to_query(setup: &RangeSetup, placed: &[(usize, NodeChange)], step: u64) -> String {
        let mut pairs = vec![
            ("seed", setup.seed.to_string()),
            ("nodes", setup.nodes.to_string()),
            ("u", setup.universe.to_string()),
            ("s", setup.exponent.to_string()),
            ("writes", setup.writes.to_string()),
            ("batch", setup.batch.to_string()),
            ("expire", setup.expire_percent.to_string()),
            ("split-keys", setup.max_keys.to_string()),
            ("split-load", setup.max_load.to_string()),
        ];
        if !placed.is_empty() {
            pairs.push(("changes", encode_placed(placed)));
        }
        pairs.push(("step", step.to_string()));
        build(&pairs)
    }
}

/// A player over the run `setup` and `placed` describe, at `step`.
pub fn range_player(
    setup: RangeSetup,
    placed: &[(usize, NodeChange)],
    step: u64,
) -> OpPlayer<RangeState> {
    let ops: Vec<RangeOp> = operations(&setup, placed);
    OpPlayer::at(RangeState::new(setup), ops, RATE, step)
}
