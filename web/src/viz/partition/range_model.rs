//! The range partitioning page's model: a Zipf write workload over the
//! keys `1..=U` (rank `r` is the key `r`, so the hot keys are neighbours
//! and make one hot range), then an expiry phase that deletes a share of
//! the keys, on a [`RangePartitioner`]; each step is one batch of writes
//! or deletes, or a node joining or leaving.
//!
//! Keys are the big-endian bytes of their number, so byte order is numeric
//! order and a range `[start, end)` is a span of numbers.

use super::common::{NodeChange, merge_placed, placed_of};
use crate::player::Replay;
use dsviz_core::partition::{NodeId, Partitioner, RangeConfig, RangeInfo, RangePartitioner};
use dsviz_core::sim::driver_stream;
use dsviz_core::sketch::Zipf;
use rand::Rng;
use std::collections::BTreeSet;

/// The workload and the thresholds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RangeSetup {
    pub seed: u64,
    /// Nodes at the start, numbered `0..nodes`.
    pub nodes: usize,
    /// Keys are `1..=universe`.
    pub universe: u64,
    /// The Zipf exponent `s`: key `r` is written with probability ∝ `r^-s`.
    pub exponent: f64,
    pub writes: u64,
    /// Writes (or deletes) per step.
    pub batch: u64,
    /// Percent of the written keys deleted after the writes.
    pub expire_percent: u64,
    /// Split a range holding more keys than this.
    pub max_keys: usize,
    /// Split a range written more often than this.
    pub max_load: u64,
}

/// One step of a run.
#[derive(Clone, Debug, PartialEq)]
pub enum RangeOp {
    Writes(Vec<u64>),
    Deletes(Vec<u64>),
    Node(NodeChange),
}

/// The batches of writes, then of deletes, that `setup` generates.
pub fn workload(setup: &RangeSetup) -> Vec<RangeOp> {
    let Ok(zipf) = Zipf::new(setup.universe.max(1), setup.exponent) else {
        return Vec::new();
    };
    let batch = setup.batch.max(1) as usize;
    let mut rng = driver_stream(setup.seed, 0x4A4E);
    let writes: Vec<u64> = (0..setup.writes).map(|_| zipf.sample(&mut rng)).collect();
    let mut ops: Vec<RangeOp> = writes
        .chunks(batch)
        .map(|c| RangeOp::Writes(c.to_vec()))
        .collect();
    // Expiry: a seeded shuffle of the distinct keys written, the first share deleted.
    let mut keys: Vec<u64> = writes
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for i in (1..keys.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        keys.swap(i, j);
    }
    let expire = keys.len() * setup.expire_percent.min(100) as usize / 100;
    ops.extend(
        keys[..expire]
            .chunks(batch)
            .map(|c| RangeOp::Deletes(c.to_vec())),
    );
    ops
}

/// The whole run: the workload with each placed node change inserted.
pub fn operations(setup: &RangeSetup, placed: &[(usize, NodeChange)]) -> Vec<RangeOp> {
    merge_placed(workload(setup), placed, RangeOp::Node)
}

/// The node changes of a run, with their indexes.
pub fn placed_changes(ops: &[RangeOp]) -> Vec<(usize, NodeChange)> {
    placed_of(ops, |op| match op {
        RangeOp::Node(change) => Some(*change),
        _ => None,
    })
}

/// What the last step did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RangeStep {
    /// "25 writes", "25 deletes", "node 4 joined".
    pub what: String,
    pub splits: u64,
    pub merges: u64,
    /// Ranges that changed node: `(start, from, to)`.
    pub moved: Vec<(u64, NodeId, NodeId)>,
    /// Starts of the ranges created by this step's splits.
    pub new_starts: Vec<u64>,
    pub refused: Option<String>,
}

/// The partitioner after some steps.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeState {
    setup: RangeSetup,
    part: RangePartitioner,
    next_node: NodeId,
    writes: u64,
    deletes: u64,
    last: Option<RangeStep>,
}

/// A range bound as a number: the empty start is 0.
pub fn bound_value(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let tail = &bytes[bytes.len().saturating_sub(8)..];
    buf[8 - tail.len()..].copy_from_slice(tail);
    u64::from_be_bytes(buf)
}

/// The thresholds the core partitioner uses (balancer slop 20 %).
pub fn config(setup: &RangeSetup) -> RangeConfig {
    RangeConfig {
        max_keys: setup.max_keys.max(1),
        max_load: setup.max_load.max(1),
        slop: 0.2,
    }
}

impl RangeState {
    pub fn new(setup: RangeSetup) -> Self {
        let mut part = RangePartitioner::new(config(&setup))
            .or_else(|_| RangePartitioner::new(RangeConfig::default()))
            .expect("the default thresholds are accepted");
        let nodes = setup.nodes.max(1);
        for node in 0..nodes {
            let _ = part.add_node(node);
        }
        Self {
            setup,
            part,
            next_node: nodes,
            writes: 0,
            deletes: 0,
            last: None,
        }
    }

    pub fn setup(&self) -> RangeSetup {
        self.setup
    }

    pub fn ranges(&self) -> Vec<RangeInfo> {
        self.part.ranges()
    }

    pub fn partitioner(&self) -> &RangePartitioner {
        &self.part
    }

    pub fn last(&self) -> Option<&RangeStep> {
        self.last.as_ref()
    }

    pub fn next_node(&self) -> NodeId {
        self.next_node
    }

    /// Writes and deletes applied so far.
    pub fn counts(&self) -> (u64, u64) {
        (self.writes, self.deletes)
    }
}

impl Replay for RangeState {
    type Op = RangeOp;

    fn apply(&mut self, op: &RangeOp) {
        let before = self.part.ranges();
        let (splits, merges) = (self.part.splits(), self.part.merges());
        let mut refused = None;
        let what = match op {
            RangeOp::Writes(keys) => {
                for &key in keys {
                    let _ = self.part.insert(&key.to_be_bytes());
                }
                self.writes += keys.len() as u64;
                format!("{} writes", keys.len())
            }
            RangeOp::Deletes(keys) => {
                for &key in keys {
                    self.part.remove(&key.to_be_bytes());
                }
                self.deletes += keys.len() as u64;
                format!("{} keys expired", keys.len())
            }
            RangeOp::Node(NodeChange::Add) => {
                let node = self.next_node;
                self.next_node += 1;
                if let Err(e) = self.part.add_node(node) {
                    refused = Some(e.to_string());
                }
                format!("node {node} joined")
            }
            RangeOp::Node(NodeChange::Remove(node)) => {
                if let Err(e) = self.part.remove_node(*node) {
                    refused = Some(e.to_string());
                }
                format!("node {node} left")
            }
        };
        let after = self.part.ranges();
        let old_starts: BTreeSet<Vec<u8>> = before.iter().map(|r| r.start.clone()).collect();
        let new_starts = after
            .iter()
            .filter(|r| !old_starts.contains(&r.start))
            .map(|r| bound_value(&r.start))
            .collect();
        let moved = after
            .iter()
            .filter_map(|r| {
                let old = before
                    .iter()
                    .find(|b| b.start == r.start && b.end == r.end)?;
                (old.node != r.node).then(|| (bound_value(&r.start), old.node, r.node))
            })
            .collect();
        self.last = Some(RangeStep {
            what,
            splits: self.part.splits() - splits,
            merges: self.part.merges() - merges,
            moved,
            new_starts,
            refused,
        });
    }
}
