//! Consistent hashing with bounded loads.
//!
//! # How it works
//!
//! A plain ring can leave one node with several times the average number
//! of keys. Mirrokni, Thorup and Zadimoghaddam (2018, "Consistent hashing
//! with bounded loads", SODA) give every node a capacity
//!
//! ```text
//!   cap = ⌈c · m / n⌉        m keys (counting the one being placed), n nodes, c ≥ 1
//! ```
//!
//! and place each key at the first node clockwise from its position that
//! is not full, walking past full ones — linear probing on the ring. No
//! node ever holds more than `c` times the average, and with `c = 1 + ε`
//! a key walks `O(1/ε²)` nodes in expectation.
//!
//! ```text
//!   cap = 2:   key k hashes here ↓
//!        ──[a: 2/2 full]──[b: 2/2 full]──[c: 1/2]──   k skips a and b, lands on c
//! ```
//!
//! The assignment here is always the paper's static allocation of the
//! current keys and nodes: keys are placed in insertion order, each at the
//! first node clockwise that is below the capacity of the current `m` and
//! `n`. So the state depends only on which keys (in which order) and which
//! nodes are present, not on the history of operations, and the capacity
//! is never exceeded. An insertion that leaves the capacity unchanged
//! places only the new key; one that raises it (and every removal, node
//! join or node departure) recomputes the allocation and reports the keys
//! whose node changed — keys pulled back towards their own position when
//! room appears, keys pushed on when a node leaves or the capacity drops.
//!
//! `cap` is computed in floating point; a value within 10⁻⁹ (relative) of
//! an integer counts as that integer, so `c = 1.1, m = 10, n = 11` gives 1,
//! and it is never below `⌈m / n⌉`, so every key has a place.

use super::error::{PartitionError, check_finite, check_range};
use super::keys::{Move, Placed};
use super::ring::MAX_TOKENS;
use super::tokens::{Token, Tokens};
use super::{NodeId, Partitioner};
use crate::sketch::hashing::hash64;
use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

/// The largest load factor `c` accepted.
pub const MAX_C: f64 = 1_000.0;
/// The most virtual nodes per node.
pub const MAX_VNODES: u32 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: Vec<u8>,
    hash: u64,
    owner: NodeId,
}

/// A consistent-hash ring whose nodes never exceed `⌈c · m / n⌉` keys.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundedLoadRing {
    c: f64,
    vnodes: u32,
    seed: u64,
    tokens: Tokens,
    /// The nodes, sorted.
    nodes: Vec<NodeId>,
    /// Stored keys by insertion number.
    entries: BTreeMap<u64, Entry>,
    index: BTreeMap<Vec<u8>, u64>,
    next_number: u64,
    /// Keys per node, indexed like `nodes`.
    loads: Vec<usize>,
}

/// `⌈c · keys / nodes⌉`, at least `⌈keys / nodes⌉`; 0 without nodes.
pub fn capacity(c: f64, keys: usize, nodes: usize) -> usize {
    if nodes == 0 {
        return 0;
    }
    let exact = c * keys as f64 / nodes as f64;
    let nearest = libm::round(exact);
    let cap = if (exact - nearest).abs() <= 1e-9 * nearest.max(1.0) {
        nearest
    } else {
        libm::ceil(exact)
    };
    (cap as usize).max(keys.div_ceil(nodes))
}

impl BoundedLoadRing {
    /// An empty ring with load factor `c` (1 ≤ c ≤ [`MAX_C`]) and `vnodes`
    /// tokens per node.
    pub fn new(c: f64, vnodes: u32, seed: u64) -> Result<Self, PartitionError> {
        check_finite("c", c, 1.0, MAX_C)?;
        check_range("vnodes", vnodes, 1, MAX_VNODES)?;
        Ok(Self {
            c,
            vnodes,
            seed,
            tokens: Tokens::default(),
            nodes: Vec::new(),
            entries: BTreeMap::new(),
            index: BTreeMap::new(),
            next_number: 0,
            loads: Vec::new(),
        })
    }

    /// The load factor.
    pub fn c(&self) -> f64 {
        self.c
    }

    /// Tokens per node.
    pub fn vnodes(&self) -> u32 {
        self.vnodes
    }

    /// The capacity of every node now, `⌈c · m / n⌉`.
    pub fn cap(&self) -> usize {
        capacity(self.c, self.entries.len(), self.nodes.len())
    }

    /// The largest load of any node.
    pub fn max_load(&self) -> usize {
        self.loads.iter().copied().max().unwrap_or(0)
    }

    /// Where `key` sits on the circle.
    pub fn position(&self, key: &[u8]) -> u64 {
        hash64(key, self.seed)
    }

    /// Every token, in ring order.
    pub fn tokens(&self) -> impl Iterator<Item = Token> + '_ {
        self.tokens.iter()
    }

    /// The node `key` would be stored on if it were inserted now (its
    /// stored node when it is already stored).
    pub fn probe(&self, key: &[u8]) -> Option<NodeId> {
        if let Some(number) = self.index.get(key) {
            return Some(self.entries[number].owner);
        }
        if self.nodes.is_empty() {
            return None;
        }
        let cap = capacity(self.c, self.entries.len() + 1, self.nodes.len());
        let loads = if cap == self.cap() {
            self.loads.clone()
        } else {
            self.allocate(cap).1
        };
        Some(self.walk(self.position(key), cap, &loads))
    }

    /// Adds every node of `batch` at once (one merge of the token array and
    /// one recomputation); returns the keys that moved. Nothing changes when
    /// any of them is refused.
    pub fn add_nodes(&mut self, batch: &[NodeId]) -> Result<Vec<Move>, PartitionError> {
        let mut fresh: Vec<NodeId> = batch.to_vec();
        fresh.sort_unstable();
        for (i, &node) in fresh.iter().enumerate() {
            if self.nodes.binary_search(&node).is_ok() || (i > 0 && fresh[i - 1] == node) {
                return Err(PartitionError::DuplicateNode(node));
            }
        }
        if self.tokens.len() + self.vnodes as usize * fresh.len() > MAX_TOKENS {
            return Err(PartitionError::TooManyNodes { limit: MAX_TOKENS });
        }
        let list: Vec<(NodeId, u32)> = fresh.iter().map(|&n| (n, self.vnodes)).collect();
        self.tokens.add_many(&list, self.seed);
        self.nodes.extend(fresh);
        self.nodes.sort_unstable();
        Ok(self.reallocate(u64::MAX))
    }

    /// Stores every key of `keys` (skipping stored ones) with one
    /// recomputation; returns the previously stored keys that moved.
    pub fn extend<'a>(
        &mut self,
        keys: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<Vec<Move>, PartitionError> {
        if self.nodes.is_empty() {
            return Err(PartitionError::NoNodes);
        }
        let first_new = self.next_number;
        for key in keys {
            self.push(key);
        }
        Ok(self.reallocate(first_new))
    }

    /// The stored keys and their owners, in insertion order.
    pub fn keys(&self) -> impl Iterator<Item = (&[u8], NodeId)> + '_ {
        self.entries.values().map(|e| (e.key.as_slice(), e.owner))
    }

    /// Appends `key`, not yet placed (its owner is set by the next
    /// allocation); false when already stored.
    fn push(&mut self, key: &[u8]) -> bool {
        if self.index.contains_key(key) {
            return false;
        }
        let number = self.next_number;
        self.next_number += 1;
        self.index.insert(key.to_vec(), number);
        let entry = Entry {
            key: key.to_vec(),
            hash: self.position(key),
            owner: self.nodes[0],
        };
        self.entries.insert(number, entry);
        true
    }

    fn rank(&self, node: NodeId) -> usize {
        self.nodes
            .binary_search(&node)
            .expect("every token's node is present")
    }

    /// The first node clockwise from `hash` whose load is below `cap`.
    fn walk(&self, hash: u64, cap: usize, loads: &[usize]) -> NodeId {
        let start = self.tokens.successor(hash).unwrap_or(0);
        let count = self.tokens.len();
        let nodes = self.tokens.nodes();
        for step in 0..count {
            let node = nodes[(start + step) % count];
            if loads[self.rank(node)] < cap {
                return node;
            }
        }
        unreachable!("n · cap ≥ m leaves a node below capacity")
    }

    /// The static allocation under `cap`: every key's node in insertion
    /// order, and the loads.
    fn allocate(&self, cap: usize) -> (Vec<NodeId>, Vec<usize>) {
        let ranks: Vec<usize> = self.tokens.nodes().iter().map(|&n| self.rank(n)).collect();
        let nodes = self.tokens.nodes();
        let count = ranks.len();
        let mut loads = vec![0; self.nodes.len()];
        let mut owners = Vec::with_capacity(self.entries.len());
        for entry in self.entries.values() {
            let start = self.tokens.successor(entry.hash).unwrap_or(0);
            let mut step = 0;
            while loads[ranks[(start + step) % count]] >= cap {
                step += 1;
                debug_assert!(step < count, "n · cap ≥ m leaves a node below capacity");
            }
            let at = (start + step) % count;
            loads[ranks[at]] += 1;
            owners.push(nodes[at]);
        }
        (owners, loads)
    }

    /// Recomputes the allocation; returns the keys that changed node, leaving
    /// out keys numbered `first_new` or later, which were not placed before.
    fn reallocate(&mut self, first_new: u64) -> Vec<Move> {
        if self.nodes.is_empty() {
            self.loads.clear();
            return Vec::new();
        }
        let (owners, loads) = self.allocate(self.cap());
        let mut moves = Vec::new();
        for ((&number, entry), owner) in self.entries.iter_mut().zip(owners) {
            if entry.owner != owner && number < first_new {
                moves.push(Move {
                    key: entry.key.clone(),
                    from: entry.owner,
                    to: owner,
                });
            }
            entry.owner = owner;
        }
        self.loads = loads;
        debug_assert!(self.max_load() <= self.cap());
        moves
    }
}

impl Partitioner for BoundedLoadRing {
    fn add_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        self.add_nodes(&[node])
    }

    fn remove_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        let Ok(at) = self.nodes.binary_search(&node) else {
            return Err(PartitionError::UnknownNode(node));
        };
        if self.nodes.len() == 1 && !self.entries.is_empty() {
            return Err(PartitionError::LastNode(node));
        }
        self.nodes.remove(at);
        self.tokens.remove(node);
        Ok(self.reallocate(u64::MAX))
    }

    fn insert(&mut self, key: &[u8]) -> Result<Placed, PartitionError> {
        if let Some(number) = self.index.get(key) {
            return Ok(Placed::alone(self.entries[number].owner));
        }
        if self.nodes.is_empty() {
            return Err(PartitionError::NoNodes);
        }
        let old_cap = self.cap();
        let hash = self.position(key);
        self.push(key);
        let number = self.next_number - 1;
        let cap = self.cap();
        if cap == old_cap {
            let owner = self.walk(hash, cap, &self.loads);
            let rank = self.rank(owner);
            self.loads[rank] += 1;
            self.entries.get_mut(&number).expect("just pushed").owner = owner;
            return Ok(Placed::alone(owner));
        }
        let moves = self.reallocate(number);
        let owner = self.entries[&number].owner;
        Ok(Placed { owner, moves })
    }

    fn remove(&mut self, key: &[u8]) -> Option<Placed> {
        let number = self.index.remove(key)?;
        let entry = self.entries.remove(&number)?;
        let rank = self.rank(entry.owner);
        self.loads[rank] -= 1;
        let moves = self.reallocate(u64::MAX);
        Some(Placed {
            owner: entry.owner,
            moves,
        })
    }

    fn owner(&self, key: &[u8]) -> Option<NodeId> {
        self.index.get(key).map(|n| self.entries[n].owner)
    }

    fn nodes(&self) -> Vec<NodeId> {
        self.nodes.clone()
    }

    fn key_count(&self) -> usize {
        self.entries.len()
    }

    fn loads(&self) -> BTreeMap<NodeId, usize> {
        self.nodes
            .iter()
            .copied()
            .zip(self.loads.iter().copied())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u64) -> [u8; 8] {
        i.to_le_bytes()
    }

    fn ring(nodes: usize, c: f64) -> BoundedLoadRing {
        let mut ring = BoundedLoadRing::new(c, 20, 11).unwrap();
        for n in 0..nodes {
            ring.add_node(n).unwrap();
        }
        ring
    }

    #[test]
    fn capacity_is_the_ceiling_of_c_times_the_average() {
        assert_eq!(capacity(1.25, 100, 10), 13);
        assert_eq!(capacity(1.25, 8, 10), 1);
        assert_eq!(capacity(1.1, 10, 11), 1, "float noise does not round up");
        assert_eq!(capacity(1.0, 11, 10), 2, "never below ⌈m/n⌉");
        assert_eq!(capacity(2.0, 0, 10), 0);
        assert_eq!(capacity(2.0, 5, 0), 0);
    }

    #[test]
    fn loads_never_exceed_the_cap() {
        let mut ring = ring(8, 1.1);
        for i in 0..800 {
            ring.insert(&key(i)).unwrap();
            assert!(ring.max_load() <= ring.cap(), "after key {i}");
        }
        assert_eq!(ring.cap(), 110);
        ring.add_node(8).unwrap();
        assert!(ring.max_load() <= ring.cap());
        ring.remove_node(3).unwrap();
        assert!(ring.max_load() <= ring.cap());
        for i in 0..400 {
            ring.remove(&key(i)).unwrap();
            assert!(ring.max_load() <= ring.cap(), "after removing {i}");
        }
        assert_eq!(ring.loads().values().sum::<usize>(), 400);
    }

    #[test]
    fn incremental_inserts_equal_the_static_allocation() {
        let mut one_by_one = ring(5, 1.25);
        let mut bulk = ring(5, 1.25);
        let keys: Vec<[u8; 8]> = (0..500).map(key).collect();
        for k in &keys {
            one_by_one.insert(k).unwrap();
        }
        let moved = bulk.extend(keys.iter().map(|k| &k[..])).unwrap();
        assert!(moved.is_empty(), "new keys are placements, not moves");
        assert_eq!(
            one_by_one.keys().collect::<Vec<_>>(),
            bulk.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn keys_walk_past_full_nodes_only() {
        let ring = ring(6, 1.05);
        let mut ring = ring;
        for i in 0..600 {
            ring.insert(&key(i)).unwrap();
        }
        let cap = ring.cap();
        let loads = ring.loads();
        // Every key's node is its first non-full node clockwise in the
        // static allocation, so a key away from home passed only full nodes.
        for (k, owner) in ring.keys() {
            let home = ring.tokens.owner_of(ring.position(k)).unwrap();
            if home != owner {
                assert_eq!(loads[&home], cap, "home of a displaced key is full");
            }
        }
    }

    #[test]
    fn probe_predicts_the_insert() {
        let mut ring = ring(4, 1.25);
        for i in 0..200 {
            let predicted = ring.probe(&key(i));
            assert_eq!(ring.insert(&key(i)).map(|p| p.owner).ok(), predicted);
        }
        assert_eq!(ring.probe(&key(3)), ring.owner(&key(3)));
    }

    #[test]
    fn moves_report_exactly_the_changed_owners() {
        let mut ring = ring(6, 1.25);
        for i in 0..600 {
            ring.insert(&key(i)).unwrap();
        }
        let before: BTreeMap<Vec<u8>, NodeId> = ring.keys().map(|(k, o)| (k.to_vec(), o)).collect();
        let moves = ring.add_node(6).unwrap();
        let changed = ring.keys().filter(|&(k, o)| before[k] != o).count();
        assert_eq!(moves.len(), changed);
        assert!(
            moves
                .iter()
                .all(|m| before[&m.key] == m.from && ring.owner(&m.key) == Some(m.to))
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        for c in [0.99, -1.0, f64::NAN, f64::INFINITY, MAX_C * 2.0] {
            assert!(BoundedLoadRing::new(c, 10, 0).is_err(), "{c}");
        }
        assert!(BoundedLoadRing::new(1.25, 0, 0).is_err());
        let mut ring = BoundedLoadRing::new(1.25, 4, 0).unwrap();
        assert_eq!(ring.insert(b"k"), Err(PartitionError::NoNodes));
        assert_eq!(ring.extend([&b"k"[..]]), Err(PartitionError::NoNodes));
        assert_eq!(ring.probe(b"k"), None);
        ring.add_node(1).unwrap();
        assert_eq!(ring.add_node(1), Err(PartitionError::DuplicateNode(1)));
        assert_eq!(ring.remove_node(2), Err(PartitionError::UnknownNode(2)));
        ring.insert(b"k").unwrap();
        assert_eq!(ring.remove_node(1), Err(PartitionError::LastNode(1)));
        assert_eq!(ring.remove(b"nope"), None);
    }
}
