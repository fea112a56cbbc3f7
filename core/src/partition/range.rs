//! Range partitioning with dynamic splits, merges and rebalancing.
//!
//! # How it works
//!
//! Keys stay in byte order and the key space is cut into contiguous ranges
//! (Bigtable's *tablets*, HBase's *regions*), each served by one node
//! (Chang et al. 2006, "Bigtable: a distributed storage system for
//! structured data", §5: "an existing tablet is split into two", "two
//! existing tablets are merged", the master balances tablets across
//! servers). Range scans touch few nodes, but nothing spreads a skewed
//! workload by itself, so ranges adapt:
//!
//! ```text
//!   [−∞, "f") on a   ["f", "m") on b   ["m", +∞) on a
//!   "m…" grows past the threshold → split at its median key:
//!   [−∞, "f") on a   ["f", "m") on b   ["m", "t") on a   ["t", +∞) on a
//!   a now carries most of the load → the balancer moves ["t", +∞) to c
//! ```
//!
//! - **Split**: a range holding more than `max_keys` keys splits at its
//!   median key (Bigtable's size-based split); one whose load — the number
//!   of writes to its keys — exceeds `max_load` splits where the load
//!   halves (load-based splitting, as in CockroachDB and HBase's
//!   load-aware split policies). Both halves stay on the node; a split
//!   moves no data. A range of one key cannot split, so one hot key stays
//!   a hot range.
//! - **Merge**: after a key is removed, its range merges with a neighbour
//!   when the two together hold at most `max_keys / 2` keys and
//!   `max_load / 2` load, half the split thresholds so a merged range does
//!   not split again at once. The merged range stays on the node that held
//!   more keys; the other's keys move.
//! - **Rebalance**: while the busiest node's load exceeds `(1 + slop)`
//!   times the mean (HBase's balancer slop), the balancer moves the range
//!   of the busiest node that best evens it out with the least-loaded node
//!   (the one whose load is nearest half their difference, if that lowers
//!   the maximum). Each such move lowers the sum of squared node loads, so
//!   balancing ends. It runs after a write that split a range, after a
//!   removal, and when a node joins or leaves.
//!
//! Every write ([`Partitioner::insert`], including rewriting a stored key)
//! adds one to its key's load; removing a key takes its load away.

use super::error::{PartitionError, check_finite, check_range};
use super::keys::{Move, Placed};
use super::range_table::{Range, RangeTable};
use super::{NodeId, Partitioner};
use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;
use core::ops::Bound;

/// The largest balancer slop accepted.
pub const MAX_SLOP: f64 = 100.0;
/// The most nodes accepted.
pub const MAX_NODES: usize = 10_000;

/// When ranges split and when the balancer acts.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RangeConfig {
    /// Split a range holding more keys than this (`usize::MAX`: never).
    pub max_keys: usize,
    /// Split a range whose load exceeds this (`u64::MAX`: never).
    pub max_load: u64,
    /// Rebalance while the busiest node carries more than `1 + slop` times
    /// the mean load.
    pub slop: f64,
}

impl Default for RangeConfig {
    fn default() -> Self {
        Self {
            max_keys: 64,
            max_load: u64::MAX,
            slop: 0.2,
        }
    }
}

/// One range as a page draws it: `[start, end)`, `end = None` for +∞.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RangeInfo {
    pub start: Vec<u8>,
    pub end: Option<Vec<u8>>,
    pub node: NodeId,
    pub keys: usize,
    pub load: u64,
}

/// Contiguous key ranges over nodes, split, merged and balanced as they grow.
#[derive(Debug, Clone, PartialEq)]
pub struct RangePartitioner {
    config: RangeConfig,
    /// Each stored key's load.
    keys: BTreeMap<Vec<u8>, u64>,
    /// The ranges (the first starts at the empty key) and node loads.
    table: RangeTable,
    splits: u64,
    merges: u64,
    range_moves: u64,
}

impl RangePartitioner {
    /// An empty partitioner (no nodes, no ranges).
    pub fn new(config: RangeConfig) -> Result<Self, PartitionError> {
        check_range("max_keys", config.max_keys, 1, usize::MAX)?;
        check_range("max_load", config.max_load, 1, u64::MAX)?;
        check_finite("slop", config.slop, 0.0, MAX_SLOP)?;
        Ok(Self {
            config,
            keys: BTreeMap::new(),
            table: RangeTable::default(),
            splits: 0,
            merges: 0,
            range_moves: 0,
        })
    }

    /// The thresholds.
    pub fn config(&self) -> RangeConfig {
        self.config
    }

    /// Every range in key order.
    pub fn ranges(&self) -> Vec<RangeInfo> {
        self.table
            .iter()
            .map(|(start, range)| self.info(start, range))
            .collect()
    }

    /// The range that holds `key`, or `None` without nodes.
    pub fn range_of(&self, key: &[u8]) -> Option<RangeInfo> {
        let (start, range) = self.table.containing(key)?;
        Some(self.info(start, range))
    }

    /// The number of ranges.
    pub fn range_count(&self) -> usize {
        self.table.len()
    }

    /// Splits so far.
    pub fn splits(&self) -> u64 {
        self.splits
    }

    /// Merges so far.
    pub fn merges(&self) -> u64 {
        self.merges
    }

    /// Ranges moved between nodes so far (by the balancer, a merge, or a
    /// node's departure).
    pub fn range_moves(&self) -> u64 {
        self.range_moves
    }

    /// Each node's load (writes to the keys of its ranges).
    pub fn node_loads(&self) -> BTreeMap<NodeId, u64> {
        self.table.node_loads().clone()
    }

    /// A stored key's load.
    pub fn key_load(&self, key: &[u8]) -> Option<u64> {
        self.keys.get(key).copied()
    }

    fn info(&self, start: &[u8], range: &Range) -> RangeInfo {
        RangeInfo {
            start: start.to_vec(),
            end: self.table.end_of(start),
            node: range.node,
            keys: range.keys,
            load: range.load,
        }
    }

    /// The stored keys of the range starting at `start`, with their loads.
    fn keys_of(&self, start: &[u8]) -> Vec<(Vec<u8>, u64)> {
        let end = self.table.end_of(start);
        let upper = match &end {
            Some(end) => Bound::Excluded(end.as_slice()),
            None => Bound::Unbounded,
        };
        self.keys
            .range::<[u8], _>((Bound::Included(start), upper))
            .map(|(k, &l)| (k.clone(), l))
            .collect()
    }

    fn over(&self, range: &Range) -> bool {
        range.keys >= 2 && (range.keys > self.config.max_keys || range.load > self.config.max_load)
    }

    /// Splits the range at `start` (and its halves) while over a threshold;
    /// true when it split.
    fn split_while_over(&mut self, start: Vec<u8>) -> bool {
        let mut pending = vec![start];
        let mut split_any = false;
        while let Some(start) = pending.pop() {
            let range = self.table.get(&start);
            if !self.over(&range) {
                continue;
            }
            let keys = self.keys_of(&start);
            let at = if range.keys > self.config.max_keys {
                keys.len() / 2
            } else {
                load_midpoint(&keys, range.load)
            };
            let right_load: u64 = keys[at..].iter().map(|(_, l)| l).sum();
            let right_start = keys[at].0.clone();
            self.table.update(&start, |left| {
                left.keys = at;
                left.load -= right_load;
            });
            let right = Range {
                node: range.node,
                keys: keys.len() - at,
                load: right_load,
            };
            self.table.put(right_start.clone(), right);
            self.splits += 1;
            split_any = true;
            pending.push(start);
            pending.push(right_start);
        }
        split_any
    }

    /// Moves the range at `start` to `to`, appending its keys to `moves`.
    fn move_range(&mut self, start: &[u8], to: NodeId, moves: &mut Vec<Move>) {
        let from = self.table.get(start).node;
        if from == to {
            return;
        }
        for (key, _) in self.keys_of(start) {
            moves.push(Move { key, from, to });
        }
        self.table.update(start, |range| range.node = to);
        self.range_moves += 1;
    }

    /// Moves ranges from the busiest to the least-loaded node while the
    /// busiest exceeds `(1 + slop)` × mean and a move lowers the maximum.
    fn rebalance(&mut self, moves: &mut Vec<Move>) {
        // Each move lowers the sum of squared loads; the bound is a safety net.
        for _ in 0..2 * self.table.len() + self.table.node_count() {
            let Some((busiest, high)) = self.table.busiest() else {
                return;
            };
            let Some((idlest, low)) = self.table.idlest_except(Some(busiest)) else {
                return;
            };
            let total: u64 = self.table.node_loads().values().sum();
            let mean = total as f64 / self.table.node_count() as f64;
            if high as f64 <= (1.0 + self.config.slop) * mean {
                return;
            }
            let Some(start) = self.table.candidate(busiest, high - low) else {
                return;
            };
            self.move_range(&start, idlest, moves);
        }
    }

    /// Merges the range at `start` with a neighbour while both are small.
    fn merge_around(&mut self, start: Vec<u8>, moves: &mut Vec<Move>) {
        let mut start = start;
        loop {
            let next = self.table.end_of(&start).map(|n| (start.clone(), n));
            let prev = self.table.before(&start).map(|p| (p, start.clone()));
            let Some((left, right)) = [next, prev]
                .into_iter()
                .flatten()
                .find(|(left, right)| self.mergeable(left, right))
            else {
                return;
            };
            self.merge(&left, &right, moves);
            start = left;
        }
    }

    fn mergeable(&self, left: &[u8], right: &[u8]) -> bool {
        let (a, b) = (self.table.get(left), self.table.get(right));
        a.keys + b.keys <= self.config.max_keys / 2 && a.load + b.load <= self.config.max_load / 2
    }

    /// Merges the range at `right` into the one at `left`, on the node that
    /// held more keys (the left one's on a tie).
    fn merge(&mut self, left: &[u8], right: &[u8], moves: &mut Vec<Move>) {
        let (a, b) = (self.table.get(left), self.table.get(right));
        let keep = if b.keys > a.keys { b.node } else { a.node };
        self.move_range(left, keep, moves);
        self.move_range(right, keep, moves);
        let absorbed = self.table.take(right);
        self.table.update(left, |merged| {
            merged.keys += absorbed.keys;
            merged.load += absorbed.load;
        });
        self.merges += 1;
    }
}

/// The split index in `1..len` that halves the load most evenly (the
/// smaller index on a tie).
fn load_midpoint(keys: &[(Vec<u8>, u64)], total: u64) -> usize {
    let mut best = (u64::MAX, 1);
    let mut before = 0u64;
    for (i, (_, load)) in keys.iter().enumerate().take(keys.len() - 1) {
        before += load;
        let imbalance = (2 * before).abs_diff(total);
        if imbalance < best.0 {
            best = (imbalance, i + 1);
        }
    }
    best.1
}

impl Partitioner for RangePartitioner {
    fn add_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        if self.table.has_node(node) {
            return Err(PartitionError::DuplicateNode(node));
        }
        if self.table.node_count() == MAX_NODES {
            return Err(PartitionError::TooManyNodes { limit: MAX_NODES });
        }
        self.table.add_node(node);
        if self.table.is_empty() {
            let whole = Range {
                node,
                keys: 0,
                load: 0,
            };
            self.table.put(Vec::new(), whole);
        }
        let mut moves = Vec::new();
        self.rebalance(&mut moves);
        Ok(moves)
    }

    fn remove_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        if !self.table.has_node(node) {
            return Err(PartitionError::UnknownNode(node));
        }
        if self.table.node_count() == 1 {
            if !self.keys.is_empty() {
                return Err(PartitionError::LastNode(node));
            }
            self.table.clear();
            return Ok(Vec::new());
        }
        // Heaviest first, each to the node with the least load at that moment.
        let mut moves = Vec::new();
        for start in self.table.ranges_of(node) {
            let (to, _) = self
                .table
                .idlest_except(Some(node))
                .expect("another node exists");
            self.move_range(&start, to, &mut moves);
        }
        self.table.remove_node(node);
        self.rebalance(&mut moves);
        Ok(moves)
    }

    fn insert(&mut self, key: &[u8]) -> Result<Placed, PartitionError> {
        let start = self
            .table
            .containing(key)
            .map(|(start, _)| start.clone())
            .ok_or(PartitionError::NoNodes)?;
        let is_new = !self.keys.contains_key(key);
        *self.keys.entry(key.to_vec()).or_insert(0) += 1;
        self.table.update(&start, |range| {
            range.keys += usize::from(is_new);
            range.load += 1;
        });
        let mut moves = Vec::new();
        if self.split_while_over(start) {
            self.rebalance(&mut moves);
        }
        if is_new {
            // A new key is placed, not moved, even if its range moved.
            moves.retain(|m| m.key != key);
        }
        let owner = self.owner(key).expect("the key has a range");
        Ok(Placed { owner, moves })
    }

    fn remove(&mut self, key: &[u8]) -> Option<Placed> {
        let load = self.keys.remove(key)?;
        let (start, range) = self.table.containing(key)?;
        let (start, owner) = (start.clone(), range.node);
        self.table.update(&start, |range| {
            range.keys -= 1;
            range.load -= load;
        });
        let mut moves = Vec::new();
        self.merge_around(start, &mut moves);
        self.rebalance(&mut moves);
        Some(Placed { owner, moves })
    }

    fn owner(&self, key: &[u8]) -> Option<NodeId> {
        self.table.containing(key).map(|(_, r)| r.node)
    }

    fn nodes(&self) -> Vec<NodeId> {
        self.table.node_loads().keys().copied().collect()
    }

    fn key_count(&self) -> usize {
        self.keys.len()
    }

    fn loads(&self) -> BTreeMap<NodeId, usize> {
        let mut loads: BTreeMap<NodeId, usize> = self.nodes().into_iter().map(|n| (n, 0)).collect();
        for (_, range) in self.table.iter() {
            *loads.entry(range.node).or_insert(0) += range.keys;
        }
        loads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u64) -> [u8; 8] {
        i.to_be_bytes()
    }

    fn partitioner(config: RangeConfig, nodes: usize) -> RangePartitioner {
        let mut p = RangePartitioner::new(config).unwrap();
        for n in 0..nodes {
            p.add_node(n).unwrap();
        }
        p
    }

    /// Ranges tile the key space and their counters match the keys.
    fn check_tiling(p: &RangePartitioner) {
        let ranges = p.ranges();
        assert_eq!(ranges[0].start, Vec::<u8>::new());
        assert_eq!(ranges.last().unwrap().end, None);
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end.as_ref(), Some(&pair[1].start));
        }
        for r in &ranges {
            let keys = p.keys_of(&r.start);
            assert_eq!(keys.len(), r.keys);
            assert_eq!(keys.iter().map(|(_, l)| l).sum::<u64>(), r.load);
        }
        let mut node_loads: BTreeMap<NodeId, u64> = p.nodes().into_iter().map(|n| (n, 0)).collect();
        for r in &ranges {
            *node_loads.get_mut(&r.node).unwrap() += r.load;
        }
        assert_eq!(node_loads, p.node_loads());
    }

    #[test]
    fn ranges_split_at_the_median_when_they_grow() {
        let config = RangeConfig {
            max_keys: 10,
            ..RangeConfig::default()
        };
        let mut p = partitioner(config, 1);
        for i in 0..11 {
            p.insert(&key(i)).unwrap();
        }
        assert_eq!(p.splits(), 1);
        let ranges = p.ranges();
        assert_eq!((ranges[0].keys, ranges[1].keys), (5, 6));
        assert_eq!(ranges[1].start, key(5).to_vec());
        for i in 11..200 {
            p.insert(&key(i)).unwrap();
            check_tiling(&p);
        }
        assert!(p.ranges().iter().all(|r| r.keys <= 10));
    }

    #[test]
    fn a_hot_range_splits_by_load_down_to_its_hot_key() {
        let config = RangeConfig {
            max_keys: usize::MAX,
            max_load: 100,
            slop: 0.2,
        };
        let mut p = partitioner(config, 1);
        for i in 0..20 {
            p.insert(&key(i)).unwrap();
        }
        for _ in 0..500 {
            p.insert(&key(7)).unwrap();
        }
        check_tiling(&p);
        let hot = p.range_of(&key(7)).unwrap();
        assert_eq!(hot.keys, 1, "{:?}", p.ranges());
        assert!(
            p.ranges()
                .iter()
                .filter(|r| r.keys > 1)
                .all(|r| r.load <= 100)
        );
        assert_eq!(p.key_load(&key(7)), Some(501));
    }

    #[test]
    fn the_balancer_spreads_ranges_over_nodes() {
        let config = RangeConfig {
            max_keys: 20,
            ..RangeConfig::default()
        };
        let mut p = partitioner(config, 1);
        for i in 0..400 {
            p.insert(&key(i)).unwrap();
        }
        let mut moved = 0;
        for n in 1..4 {
            let moves = p.add_node(n).unwrap();
            assert!(moves.iter().all(|m| p.owner(&m.key) == Some(m.to)));
            moved += moves.len();
            check_tiling(&p);
        }
        let loads = p.node_loads();
        let mean = 100.0;
        assert!(
            loads.values().all(|&l| l as f64 <= 1.2 * mean + 20.0),
            "{loads:?}"
        );
        assert!((200..=400).contains(&moved), "{moved}");
        for (k, owner) in p.keys.keys().map(|k| (k.clone(), p.owner(k).unwrap())) {
            assert_eq!(p.range_of(&k).unwrap().node, owner);
        }
    }

    #[test]
    fn removing_a_node_hands_its_ranges_on() {
        let config = RangeConfig {
            max_keys: 16,
            ..RangeConfig::default()
        };
        let mut p = partitioner(config, 3);
        for i in 0..300 {
            p.insert(&key(i)).unwrap();
        }
        let held = p.loads()[&1];
        let moves = p.remove_node(1).unwrap();
        assert!(moves.iter().filter(|m| m.from == 1).count() == held);
        assert!(p.ranges().iter().all(|r| r.node != 1));
        check_tiling(&p);
    }

    #[test]
    fn small_neighbours_merge() {
        let config = RangeConfig {
            max_keys: 8,
            ..RangeConfig::default()
        };
        let mut p = partitioner(config, 2);
        for i in 0..64 {
            p.insert(&key(i)).unwrap();
        }
        let before = p.range_count();
        for i in 0..60 {
            let placed = p.remove(&key(i)).unwrap();
            for m in &placed.moves {
                assert_eq!(p.owner(&m.key), Some(m.to));
            }
            check_tiling(&p);
        }
        assert!(p.merges() > 0);
        assert!(
            p.range_count() < before / 2,
            "{} of {before}",
            p.range_count()
        );
        assert_eq!(p.remove(&key(0)), None);
    }

    #[test]
    fn bad_input_is_an_error() {
        let zero = RangeConfig {
            max_keys: 0,
            ..RangeConfig::default()
        };
        assert!(RangePartitioner::new(zero).is_err());
        let slop = RangeConfig {
            slop: f64::NAN,
            ..RangeConfig::default()
        };
        assert!(RangePartitioner::new(slop).is_err());
        let mut p = RangePartitioner::new(RangeConfig::default()).unwrap();
        assert_eq!(p.insert(b"a"), Err(PartitionError::NoNodes));
        assert_eq!(p.owner(b"a"), None);
        p.add_node(1).unwrap();
        assert_eq!(p.add_node(1), Err(PartitionError::DuplicateNode(1)));
        p.insert(b"a").unwrap();
        assert_eq!(p.remove_node(1), Err(PartitionError::LastNode(1)));
        assert_eq!(p.remove_node(2), Err(PartitionError::UnknownNode(2)));
        p.remove(b"a").unwrap();
        assert_eq!(p.remove_node(1), Ok(Vec::new()));
        assert_eq!(p.range_count(), 0);
    }
}
