//! Rendezvous (highest random weight, HRW) hashing, plain and weighted.
//!
//! # How it works
//!
//! Every node scores every key with a hash of the pair, and the key belongs
//! to the node with the highest score (Thaler and Ravishankar 1998, "Using
//! name-based mappings to increase hit rates"). No ring, no tokens: a
//! lookup scores all `N` nodes. When a node leaves, only the keys it won
//! move, each to its second-best node; when a node joins, it takes exactly
//! the keys whose score it beats, about `K/(N+1)` of them. Sorting the
//! scores gives a preference list of replicas for free.
//!
//! ```text
//!   key "cat"   node a: 0.31   node b: 0.87 ← owner   node c: 0.55
//!   remove b →  node a: 0.31                          node c: 0.55 ← owner
//! ```
//!
//! Weighted nodes use the *logarithmic method* (Schindelhauer and Schomaker
//! 2005, "Weighted distributed hash tables", SPAA; the same rule is often
//! called weighted rendezvous hashing): with `u ∈ (0, 1)` the pair's
//! uniform hash, node `i` scores `-wᵢ / ln u`. Then `-ln(u) / wᵢ` is
//! exponentially distributed with rate `wᵢ`, the smallest of independent
//! exponentials is the highest score, and node `i` wins with probability
//! exactly `wᵢ / Σ w` — shares proportional to weight, with the same
//! minimal disruption as the plain method.
//!
//! Hashes: a key hashes once, `h = XXH3(key, seed)`; node `n` has a salt
//! `s = XXH3(le64(n), splitmix64(seed))`; the pair's hash is
//! `splitmix64(h ⊕ s)`, one multiply-xorshift mix per node, and
//! `u = (top 53 bits + ½) / 2⁵³`. When every node has the same weight the
//! winner is simply the highest pair hash, which the weighted formula
//! ranks the same way (it is increasing in `u`), so equal weights skip the
//! logarithms. Ties go to the smaller node id.

use super::error::PartitionError;
use super::keys::{KeyTable, Move, Placed};
use super::ring::check_weight;
use super::{NodeId, Partitioner};
use crate::sketch::hashing::{hash64, splitmix64};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// The most nodes one structure accepts (a lookup scores each one).
pub const MAX_NODES: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Member {
    node: NodeId,
    salt: u64,
    weight: f64,
}

/// Rendezvous hashing over a set of weighted nodes, storing keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendezvous {
    seed: u64,
    /// Sorted by node id.
    members: Vec<Member>,
    /// Every member has the same weight.
    uniform: bool,
    keys: KeyTable,
}

impl Rendezvous {
    /// An empty set of nodes under `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            members: Vec::new(),
            uniform: true,
            keys: KeyTable::default(),
        }
    }

    /// The hash seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Adds `node` with `weight` (0 < weight ≤ [`super::ring::MAX_WEIGHT`]);
    /// returns the stored keys it won.
    pub fn add_weighted_node(
        &mut self,
        node: NodeId,
        weight: f64,
    ) -> Result<Vec<Move>, PartitionError> {
        check_weight(weight)?;
        let Err(at) = self.members.binary_search_by_key(&node, |m| m.node) else {
            return Err(PartitionError::DuplicateNode(node));
        };
        if self.members.len() == MAX_NODES {
            return Err(PartitionError::TooManyNodes { limit: MAX_NODES });
        }
        let salt = hash64(&(node as u64).to_le_bytes(), splitmix64(self.seed));
        let member = Member { node, salt, weight };
        self.members.insert(at, member);
        self.uniform = self.members.iter().all(|m| m.weight == weight);
        let mut moves = Vec::new();
        let (members, uniform) = (&self.members, self.uniform);
        self.keys.reassign_all(
            |hash, owner| {
                let current = members[find(members, owner)];
                if beats(&member, &current, hash, uniform) {
                    node
                } else {
                    owner
                }
            },
            &mut moves,
        );
        Ok(moves)
    }

    /// A node's weight, if present.
    pub fn weight(&self, node: NodeId) -> Option<f64> {
        self.members
            .binary_search_by_key(&node, |m| m.node)
            .ok()
            .map(|i| self.members[i].weight)
    }

    /// Every node's score for `key`, `-w / ln u`, in node order: the owner
    /// has the highest.
    pub fn scores(&self, key: &[u8]) -> Vec<(NodeId, f64)> {
        let hash = hash64(key, self.seed);
        self.members
            .iter()
            .map(|m| (m.node, weighted(m, pair_hash(hash, m.salt))))
            .collect()
    }

    /// The `replicas` highest-scoring nodes for `key`, best first (all nodes
    /// when there are fewer).
    pub fn preference_list(&self, key: &[u8], replicas: usize) -> Vec<NodeId> {
        let hash = hash64(key, self.seed);
        let mut ranked: Vec<&Member> = self.members.iter().collect();
        let uniform = self.uniform;
        let order = |a: &&Member, b: &&Member| rank(a, b, hash, uniform);
        let count = replicas.min(ranked.len());
        if count == 0 {
            return Vec::new();
        }
        if count < ranked.len() {
            ranked.select_nth_unstable_by(count - 1, order);
            ranked.truncate(count);
        }
        ranked.sort_unstable_by(order);
        ranked.iter().map(|m| m.node).collect()
    }

    /// The stored keys and their owners, in hash order.
    pub fn keys(&self) -> impl Iterator<Item = (&[u8], NodeId)> + '_ {
        self.keys.iter().map(|(_, key, owner)| (key, owner))
    }

    fn owner_of_hash(&self, hash: u64) -> Option<NodeId> {
        best(&self.members, hash, self.uniform)
    }
}

/// The pair hash of a key hash and a node salt.
#[inline]
fn pair_hash(hash: u64, salt: u64) -> u64 {
    splitmix64(hash ^ salt)
}

/// The logarithmic method's score `-w / ln u`, with `u` in `(0, 1)`.
fn weighted(member: &Member, pair: u64) -> f64 {
    let u = ((pair >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0);
    -member.weight / libm::log(u)
}

/// `Less` when `a` ranks before (scores higher than) `b` for `hash`.
fn rank(a: &Member, b: &Member, hash: u64, uniform: bool) -> Ordering {
    let (pa, pb) = (pair_hash(hash, a.salt), pair_hash(hash, b.salt));
    let by_score = if uniform {
        Ordering::Equal
    } else {
        weighted(b, pb).total_cmp(&weighted(a, pa))
    };
    by_score
        .then_with(|| pb.cmp(&pa))
        .then_with(|| a.node.cmp(&b.node))
}

fn beats(a: &Member, b: &Member, hash: u64, uniform: bool) -> bool {
    rank(a, b, hash, uniform) == Ordering::Less
}

/// The highest-scoring member for `hash`.
#[inline]
fn best(members: &[Member], hash: u64, uniform: bool) -> Option<NodeId> {
    if uniform {
        // Members are in node order, so a strict `>` keeps the smaller id on a tie.
        let mut winner: Option<(u64, NodeId)> = None;
        for m in members {
            let score = pair_hash(hash, m.salt);
            if winner.is_none_or(|(top, _)| score > top) {
                winner = Some((score, m.node));
            }
        }
        return winner.map(|(_, node)| node);
    }
    let mut winner: Option<&Member> = None;
    for m in members {
        if winner.is_none_or(|w| beats(m, w, hash, false)) {
            winner = Some(m);
        }
    }
    winner.map(|m| m.node)
}

fn find(members: &[Member], node: NodeId) -> usize {
    members
        .binary_search_by_key(&node, |m| m.node)
        .expect("every stored key's owner is a member")
}

impl Partitioner for Rendezvous {
    fn add_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        self.add_weighted_node(node, 1.0)
    }

    fn remove_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        let Ok(at) = self.members.binary_search_by_key(&node, |m| m.node) else {
            return Err(PartitionError::UnknownNode(node));
        };
        if self.members.len() == 1 && !self.keys.is_empty() {
            return Err(PartitionError::LastNode(node));
        }
        self.members.remove(at);
        self.uniform = self
            .members
            .first()
            .is_none_or(|first| self.members.iter().all(|m| m.weight == first.weight));
        let mut moves = Vec::new();
        let (members, uniform) = (&self.members, self.uniform);
        self.keys.reassign_all(
            |hash, owner| {
                if owner == node {
                    best(members, hash, uniform).unwrap_or(node)
                } else {
                    owner
                }
            },
            &mut moves,
        );
        Ok(moves)
    }

    fn insert(&mut self, key: &[u8]) -> Result<Placed, PartitionError> {
        let hash = hash64(key, self.seed);
        let owner = self.owner_of_hash(hash).ok_or(PartitionError::NoNodes)?;
        let owner = self.keys.insert(hash, key, owner).unwrap_or(owner);
        Ok(Placed::alone(owner))
    }

    fn remove(&mut self, key: &[u8]) -> Option<Placed> {
        self.keys
            .remove(hash64(key, self.seed), key)
            .map(Placed::alone)
    }

    #[inline]
    fn owner(&self, key: &[u8]) -> Option<NodeId> {
        self.owner_of_hash(hash64(key, self.seed))
    }

    fn nodes(&self) -> Vec<NodeId> {
        self.members.iter().map(|m| m.node).collect()
    }

    fn key_count(&self) -> usize {
        self.keys.len()
    }

    fn loads(&self) -> BTreeMap<NodeId, usize> {
        self.keys.loads(self.members.iter().map(|m| m.node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn key(i: u64) -> [u8; 8] {
        i.to_le_bytes()
    }

    fn hrw(nodes: usize) -> Rendezvous {
        let mut r = Rendezvous::new(5);
        for n in 0..nodes {
            r.add_node(n).unwrap();
        }
        r
    }

    #[test]
    fn the_owner_has_the_highest_score() {
        let mut r = hrw(7);
        r.add_weighted_node(7, 2.5).unwrap();
        for i in 0..300 {
            let scores = r.scores(&key(i));
            let top = scores.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap().0;
            assert_eq!(r.owner(&key(i)), Some(top));
            assert_eq!(r.preference_list(&key(i), 1), vec![top]);
        }
    }

    #[test]
    fn equal_weights_rank_like_the_weighted_formula() {
        let mut plain = hrw(9);
        let mut scaled = Rendezvous::new(5);
        for n in 0..9 {
            scaled.add_weighted_node(n, 4.0).unwrap();
        }
        for i in 0..500 {
            assert_eq!(
                plain.preference_list(&key(i), 9),
                scaled.preference_list(&key(i), 9)
            );
        }
        // Breaking uniformity switches to the logarithmic scores.
        plain.add_weighted_node(9, 1.5).unwrap();
        assert!(!plain.uniform);
        plain.remove_node(9).unwrap();
        assert!(plain.uniform);
    }

    #[test]
    fn only_the_departed_nodes_keys_move() {
        let mut r = hrw(6);
        for i in 0..3_000 {
            r.insert(&key(i)).unwrap();
        }
        let before: BTreeMap<Vec<u8>, NodeId> = r.keys().map(|(k, o)| (k.to_vec(), o)).collect();
        let lost = r.loads()[&4];
        let moves = r.remove_node(4).unwrap();
        assert_eq!(moves.len(), lost);
        for m in &moves {
            assert_eq!((m.from, before[&m.key]), (4, 4));
            assert_eq!(r.owner(&m.key), Some(m.to));
        }
        let moves = r.add_node(4).unwrap();
        assert_eq!(moves.len(), lost, "the node wins back exactly its keys");
        assert!(moves.iter().all(|m| m.to == 4));
    }

    #[test]
    fn preference_lists_are_the_ranking() {
        let r = hrw(10);
        for i in 0..50 {
            let all = r.preference_list(&key(i), 10);
            assert_eq!(all.len(), 10);
            assert_eq!(r.preference_list(&key(i), 3), all[..3].to_vec());
        }
        assert!(r.preference_list(&key(0), 0).is_empty());
        assert!(Rendezvous::new(0).preference_list(&key(0), 3).is_empty());
    }

    #[test]
    fn bad_input_is_an_error() {
        let mut r = Rendezvous::new(1);
        assert_eq!(r.insert(b"x"), Err(PartitionError::NoNodes));
        assert_eq!(r.remove_node(3), Err(PartitionError::UnknownNode(3)));
        r.add_node(3).unwrap();
        assert_eq!(r.add_node(3), Err(PartitionError::DuplicateNode(3)));
        assert!(r.add_weighted_node(4, 0.0).is_err());
        assert!(r.add_weighted_node(4, f64::NAN).is_err());
        r.insert(b"x").unwrap();
        assert_eq!(r.remove_node(3), Err(PartitionError::LastNode(3)));
    }
}
