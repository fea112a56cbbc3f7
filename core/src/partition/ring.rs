//! Consistent hashing with virtual nodes, weights and preference lists.
//!
//! # How it works
//!
//! Keys and nodes are hashed onto one circle, the 64-bit hash space. A key
//! belongs to the first node token at or after its position, going
//! clockwise (Karger, Lehman, Leighton, Panigrahy, Levine, Lewin 1997,
//! "Consistent hashing and random trees"). Each node puts `V` virtual nodes
//! (tokens) on the circle, so its share of the circle is the sum of `V`
//! random arcs and concentrates around `1/N`; a node of weight `w` puts
//! `round(w·V)` tokens (at least one), so its share is proportional to its
//! weight.
//!
//! ```text
//!            a1        k1 → b2      tokens:  a1 a2 (node a), b1 b2 (node b),
//!        ●───●───────●──────●       c1 (node c)
//!      b1             ↑      \      key k1 hashes between a1 and b2, so it
//!      ●              b2      ●     belongs to b; remove b and it walks on
//!       \                    c1     to c1: only b's keys move.
//!        ●────────●─────────●
//!       a2       k2 → a2
//! ```
//!
//! A lookup is one binary search over the sorted token positions. Adding a
//! node takes over exactly the arcs that end at its new tokens, so only the
//! keys on those arcs move, all to the newcomer (about `K/(N+1)` of `K`
//! keys); removing a node hands each of its arcs to the next token
//! clockwise, so only its own keys move. [`Partitioner::add_node`] and
//! [`Partitioner::remove_node`] find those keys by range queries over the
//! stored keys ordered by hash, not by rehashing all of them.
//!
//! The *preference list* of a key is the first `R` distinct nodes clockwise
//! from it — where Dynamo keeps a key's `R` replicas, skipping further
//! tokens of nodes already chosen (DeCandia et al. 2007, "Dynamo: Amazon's
//! highly available key-value store", §4.3).
//!
//! Positions are XXH3-64 under the ring's seed: a key sits at
//! `XXH3(key, seed)`, virtual node `i` of node `n` at
//! `XXH3(le64(n) ‖ le64(i), seed)`.

use super::error::{PartitionError, check_range};
use super::keys::{KeyTable, Move, Placed};
use super::tokens::{Token, Tokens};
use super::{NodeId, Partitioner};
use crate::sketch::hashing::hash64;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// The most virtual nodes per unit of weight.
pub const MAX_VNODES: u32 = 10_000;
/// The largest node weight accepted.
pub const MAX_WEIGHT: f64 = 1_000.0;
/// The most tokens on one ring (16 MiB of token arrays).
pub const MAX_TOKENS: usize = 1 << 20;

/// A consistent-hash ring that stores keys and reports what moves.
#[derive(Debug, Clone, PartialEq)]
pub struct HashRing {
    vnodes: u32,
    seed: u64,
    /// Each node's weight and token count.
    nodes: BTreeMap<NodeId, (f64, u32)>,
    tokens: Tokens,
    keys: KeyTable,
}

impl HashRing {
    /// An empty ring whose nodes put `vnodes` tokens per unit of weight.
    pub fn new(vnodes: u32, seed: u64) -> Result<Self, PartitionError> {
        check_range("vnodes", vnodes, 1, MAX_VNODES)?;
        Ok(Self {
            vnodes,
            seed,
            nodes: BTreeMap::new(),
            tokens: Tokens::default(),
            keys: KeyTable::default(),
        })
    }

    /// Tokens per unit of weight.
    pub fn vnodes(&self) -> u32 {
        self.vnodes
    }

    /// The hash seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The tokens a node of `weight` gets: `round(weight · vnodes)`, at least 1.
    pub fn tokens_for(&self, weight: f64) -> u32 {
        libm::round(weight * f64::from(self.vnodes)).max(1.0) as u32
    }

    /// Adds `node` with `weight` (0 < weight ≤ [`MAX_WEIGHT`]); returns the
    /// stored keys that moved to it.
    pub fn add_weighted_node(
        &mut self,
        node: NodeId,
        weight: f64,
    ) -> Result<Vec<Move>, PartitionError> {
        self.add_weighted_nodes(&[(node, weight)])
    }

    /// Adds every `(node, weight)` at once (one merge of the token array,
    /// so building a large ring is not quadratic); returns the stored keys
    /// that moved, each to one of the new nodes. Nothing changes when any
    /// of them is refused.
    pub fn add_weighted_nodes(
        &mut self,
        batch: &[(NodeId, f64)],
    ) -> Result<Vec<Move>, PartitionError> {
        let mut counts: BTreeMap<NodeId, (f64, u32)> = BTreeMap::new();
        for &(node, weight) in batch {
            check_weight(weight)?;
            let fresh = counts
                .insert(node, (weight, self.tokens_for(weight)))
                .is_none();
            if !fresh || self.nodes.contains_key(&node) {
                return Err(PartitionError::DuplicateNode(node));
            }
        }
        let added: usize = counts.values().map(|&(_, count)| count as usize).sum();
        if self.tokens.len() + added > MAX_TOKENS {
            return Err(PartitionError::TooManyNodes { limit: MAX_TOKENS });
        }
        let list: Vec<(NodeId, u32)> = counts.iter().map(|(&n, &(_, c))| (n, c)).collect();
        self.tokens.add_many(&list, self.seed);
        self.nodes.extend(counts);
        let mut moves = Vec::new();
        let (tokens, nodes) = (&self.tokens, &list);
        let is_new = |n: NodeId| nodes.binary_search_by_key(&n, |&(m, _)| m).is_ok();
        for (low, high) in tokens.intervals_where(is_new) {
            self.keys.reassign_hashes(
                low,
                high,
                |hash| tokens.owner_of(hash).expect("the ring has tokens"),
                &mut moves,
            );
        }
        debug_assert!(moves.iter().all(|m| is_new(m.to)));
        Ok(moves)
    }

    /// A node's weight, if present.
    pub fn weight(&self, node: NodeId) -> Option<f64> {
        self.nodes.get(&node).map(|&(weight, _)| weight)
    }

    /// Where `key` sits on the circle.
    pub fn position(&self, key: &[u8]) -> u64 {
        hash64(key, self.seed)
    }

    /// The node that owns a position on the circle.
    pub fn owner_of_position(&self, position: u64) -> Option<NodeId> {
        self.tokens.owner_of(position)
    }

    /// The first `replicas` distinct nodes clockwise from `key` (all nodes
    /// when there are fewer); the first is the owner.
    pub fn preference_list(&self, key: &[u8], replicas: usize) -> Vec<NodeId> {
        let count = replicas.min(self.nodes.len());
        self.tokens.distinct_from(self.position(key), count)
    }

    /// Every token, in ring order.
    pub fn tokens(&self) -> impl Iterator<Item = Token> + '_ {
        self.tokens.iter()
    }

    /// The number of tokens.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// The fraction of the circle each node owns.
    pub fn shares(&self) -> BTreeMap<NodeId, f64> {
        self.tokens.shares()
    }

    /// The stored keys and their owners, in ring order.
    pub fn keys(&self) -> impl Iterator<Item = (&[u8], NodeId)> + '_ {
        self.keys.iter().map(|(_, key, owner)| (key, owner))
    }
}

pub(crate) fn check_weight(weight: f64) -> Result<f64, PartitionError> {
    if !(weight > 0.0 && weight <= MAX_WEIGHT) {
        return Err(PartitionError::invalid(
            "weight",
            alloc::format!("must be greater than 0 and at most {MAX_WEIGHT} (got {weight})"),
        ));
    }
    Ok(weight)
}

impl Partitioner for HashRing {
    fn add_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        self.add_weighted_node(node, 1.0)
    }

    fn remove_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        if !self.nodes.contains_key(&node) {
            return Err(PartitionError::UnknownNode(node));
        }
        if self.nodes.len() == 1 && !self.keys.is_empty() {
            return Err(PartitionError::LastNode(node));
        }
        let intervals = self.tokens.intervals_where(|n| n == node);
        self.nodes.remove(&node);
        self.tokens.remove(node);
        let mut moves = Vec::new();
        let tokens = &self.tokens;
        for (low, high) in intervals {
            self.keys.reassign_hashes(
                low,
                high,
                |hash| tokens.owner_of(hash).unwrap_or(node),
                &mut moves,
            );
        }
        debug_assert!(moves.iter().all(|m| m.from == node));
        Ok(moves)
    }

    fn insert(&mut self, key: &[u8]) -> Result<Placed, PartitionError> {
        let hash = self.position(key);
        let owner = self.tokens.owner_of(hash).ok_or(PartitionError::NoNodes)?;
        let owner = self.keys.insert(hash, key, owner).unwrap_or(owner);
        Ok(Placed::alone(owner))
    }

    fn remove(&mut self, key: &[u8]) -> Option<Placed> {
        self.keys.remove(self.position(key), key).map(Placed::alone)
    }

    fn owner(&self, key: &[u8]) -> Option<NodeId> {
        self.tokens.owner_of(self.position(key))
    }

    fn nodes(&self) -> Vec<NodeId> {
        self.nodes.keys().copied().collect()
    }

    fn key_count(&self) -> usize {
        self.keys.len()
    }

    fn loads(&self) -> BTreeMap<NodeId, usize> {
        self.keys.loads(self.nodes.keys().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn ring(nodes: usize, vnodes: u32) -> HashRing {
        let mut ring = HashRing::new(vnodes, 3).unwrap();
        for n in 0..nodes {
            ring.add_node(n).unwrap();
        }
        ring
    }

    fn key(i: u64) -> [u8; 8] {
        i.to_le_bytes()
    }

    #[test]
    fn owners_are_the_first_token_clockwise() {
        let ring = ring(4, 8);
        let tokens: Vec<Token> = ring.tokens().collect();
        for i in 0..200 {
            let position = ring.position(&key(i));
            let want = tokens
                .iter()
                .find(|t| t.position >= position)
                .unwrap_or(&tokens[0])
                .node;
            assert_eq!(ring.owner(&key(i)), Some(want));
        }
    }

    #[test]
    fn adding_a_node_moves_exactly_the_keys_it_now_owns() {
        let mut ring = ring(5, 20);
        for i in 0..2_000 {
            ring.insert(&key(i)).unwrap();
        }
        let before: BTreeMap<Vec<u8>, NodeId> = ring.keys().map(|(k, o)| (k.to_vec(), o)).collect();
        let moves = ring.add_node(9).unwrap();
        let now_on_9: Vec<Vec<u8>> = ring
            .keys()
            .filter(|&(_, o)| o == 9)
            .map(|(k, _)| k.to_vec())
            .collect();
        let mut moved: Vec<Vec<u8>> = moves.iter().map(|m| m.key.clone()).collect();
        moved.sort();
        let mut expected = now_on_9.clone();
        expected.sort();
        assert_eq!(moved, expected);
        assert!(moves.iter().all(|m| m.to == 9 && before[&m.key] == m.from));
        assert!(!moves.is_empty() && moves.len() < 700, "{}", moves.len());
    }

    #[test]
    fn adding_nodes_at_once_equals_adding_them_one_by_one() {
        let mut one_by_one = ring(3, 16);
        let mut batch = ring(3, 16);
        for i in 0..500 {
            one_by_one.insert(&key(i)).unwrap();
            batch.insert(&key(i)).unwrap();
        }
        for n in [7, 5] {
            one_by_one.add_weighted_node(n, 1.5).unwrap();
        }
        let moves = batch.add_weighted_nodes(&[(7, 1.5), (5, 1.5)]).unwrap();
        assert_eq!(one_by_one, batch);
        assert!(moves.iter().all(|m| m.to == 5 || m.to == 7) && !moves.is_empty());
        let refused = batch.add_weighted_nodes(&[(8, 1.0), (8, 1.0)]);
        assert_eq!(refused, Err(PartitionError::DuplicateNode(8)));
        assert_eq!(
            batch.add_weighted_nodes(&[(9, 1.0), (0, 1.0)]),
            Err(PartitionError::DuplicateNode(0))
        );
        assert_eq!(one_by_one, batch, "a refused batch changes nothing");
    }

    #[test]
    fn removing_a_node_moves_exactly_its_keys() {
        let mut ring = ring(5, 20);
        for i in 0..2_000 {
            ring.insert(&key(i)).unwrap();
        }
        let owned_by_2 = ring.loads()[&2];
        let moves = ring.remove_node(2).unwrap();
        assert_eq!(moves.len(), owned_by_2);
        for m in &moves {
            assert_eq!(m.from, 2);
            assert_eq!(ring.owner(&m.key), Some(m.to));
        }
        assert_eq!(ring.loads().get(&2), None);
        assert_eq!(ring.loads().values().sum::<usize>(), 2_000);
    }

    #[test]
    fn preference_lists_are_distinct_and_start_with_the_owner() {
        let ring = ring(6, 10);
        for i in 0..100 {
            let list = ring.preference_list(&key(i), 3);
            assert_eq!(list.len(), 3);
            assert_eq!(Some(list[0]), ring.owner(&key(i)));
            assert!(list[0] != list[1] && list[1] != list[2] && list[0] != list[2]);
        }
        assert_eq!(ring.preference_list(&key(1), 99).len(), 6);
        assert_eq!(ring.preference_list(&key(1), 0), vec![]);
    }

    #[test]
    fn weights_scale_the_token_count_and_the_share() {
        let mut ring = HashRing::new(200, 1).unwrap();
        ring.add_weighted_node(0, 1.0).unwrap();
        ring.add_weighted_node(1, 3.0).unwrap();
        assert_eq!(ring.token_count(), 800);
        let shares = ring.shares();
        assert!((shares[&1] - 0.75).abs() < 0.05, "{shares:?}");
        assert_eq!(ring.tokens_for(0.0001), 1);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(HashRing::new(0, 0).is_err());
        assert!(HashRing::new(MAX_VNODES + 1, 0).is_err());
        let mut ring = HashRing::new(4, 0).unwrap();
        assert_eq!(ring.insert(b"k"), Err(PartitionError::NoNodes));
        assert_eq!(ring.owner(b"k"), None);
        assert_eq!(ring.remove_node(1), Err(PartitionError::UnknownNode(1)));
        ring.add_node(1).unwrap();
        assert_eq!(ring.add_node(1), Err(PartitionError::DuplicateNode(1)));
        for w in [0.0, -1.0, f64::NAN, f64::INFINITY, MAX_WEIGHT * 2.0] {
            assert!(ring.add_weighted_node(2, w).is_err(), "{w}");
        }
        ring.insert(b"k").unwrap();
        assert_eq!(ring.remove_node(1), Err(PartitionError::LastNode(1)));
        assert_eq!(ring.remove(b"k").map(|p| p.owner), Some(1));
        assert_eq!(ring.remove(b"k"), None);
        assert_eq!(ring.remove_node(1), Ok(vec![]));
        let mut big = HashRing::new(MAX_VNODES, 0).unwrap();
        assert!(
            big.add_weighted_node(0, MAX_WEIGHT).is_err(),
            "token budget"
        );
    }
}
