//! The sorted token array shared by the hash rings: every virtual node's
//! position on the circle `0..2⁶⁴` and the node it belongs to.
//!
//! Virtual node `i` of node `n` sits at `XXH3-64(le64(n) ‖ le64(i), seed)`.
//! Tokens are kept sorted by `(position, node)`, in two parallel arrays so a
//! lookup binary-searches a dense array of `u64`s. A hash `h` belongs to the
//! first token at or after it, wrapping past the top of the circle to the
//! first token: token `j` owns the arc `(position[j-1], position[j]]`, and
//! token 0 owns everything after the last token as well as `[0, position[0]]`.
//! When two tokens share a position, the first (smaller node id) owns the
//! arc and the second owns nothing.

use super::NodeId;
use crate::sketch::hashing::hash64;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// One virtual node: a position on the circle and the node it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Token {
    pub position: u64,
    pub node: NodeId,
}

/// Tokens sorted by `(position, node)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tokens {
    positions: Vec<u64>,
    owners: Vec<NodeId>,
}

impl Tokens {
    /// Where virtual node `index` of `node` sits under `seed`.
    pub fn position(seed: u64, node: NodeId, index: u32) -> u64 {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&(node as u64).to_le_bytes());
        bytes[8..].copy_from_slice(&u64::from(index).to_le_bytes());
        hash64(&bytes, seed)
    }

    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Adds `count` virtual nodes of `node`.
    #[cfg(test)]
    pub fn add(&mut self, node: NodeId, count: u32, seed: u64) {
        self.add_many(&[(node, count)], seed);
    }

    /// Adds `count` virtual nodes of each `(node, count)`: sorts the new
    /// tokens, then merges them into the array in one pass.
    pub fn add_many(&mut self, batch: &[(NodeId, u32)], seed: u64) {
        let mut new: Vec<(u64, NodeId)> = batch
            .iter()
            .flat_map(|&(node, count)| {
                (0..count).map(move |i| (Self::position(seed, node, i), node))
            })
            .collect();
        new.sort_unstable();
        let total = self.positions.len() + new.len();
        let mut positions = Vec::with_capacity(total);
        let mut owners = Vec::with_capacity(total);
        let (mut old, mut fresh) = (0, 0);
        while old < self.positions.len() || fresh < new.len() {
            let take_old = fresh == new.len()
                || (old < self.positions.len()
                    && (self.positions[old], self.owners[old]) <= new[fresh]);
            let (position, node) = if take_old {
                old += 1;
                (self.positions[old - 1], self.owners[old - 1])
            } else {
                fresh += 1;
                new[fresh - 1]
            };
            positions.push(position);
            owners.push(node);
        }
        self.positions = positions;
        self.owners = owners;
    }

    /// Removes every virtual node of `node`.
    pub fn remove(&mut self, node: NodeId) {
        let mut kept = 0;
        for i in 0..self.positions.len() {
            if self.owners[i] != node {
                self.positions[kept] = self.positions[i];
                self.owners[kept] = self.owners[i];
                kept += 1;
            }
        }
        self.positions.truncate(kept);
        self.owners.truncate(kept);
    }

    /// The index of the token that owns `hash`.
    #[inline]
    pub fn successor(&self, hash: u64) -> Option<usize> {
        if self.positions.is_empty() {
            return None;
        }
        let index = self.positions.partition_point(|&p| p < hash);
        Some(if index == self.positions.len() {
            0
        } else {
            index
        })
    }

    /// The node that owns `hash`.
    #[inline]
    pub fn owner_of(&self, hash: u64) -> Option<NodeId> {
        self.successor(hash).map(|i| self.owners[i])
    }

    /// Every token's node, in ring order.
    pub fn nodes(&self) -> &[NodeId] {
        &self.owners
    }

    /// The tokens in ring order.
    pub fn iter(&self) -> impl Iterator<Item = Token> + '_ {
        self.positions
            .iter()
            .zip(&self.owners)
            .map(|(&position, &node)| Token { position, node })
    }

    /// The hash intervals `[low, high]` that token `index` owns (at most
    /// two: the arc of token 0 wraps past the top of the circle).
    fn intervals(&self, index: usize, out: &mut Vec<(u64, u64)>) {
        let here = self.positions[index];
        if index == 0 {
            out.push((0, here));
            let last = self.positions[self.positions.len() - 1];
            if let Some(next) = last.checked_add(1) {
                out.push((next, u64::MAX));
            }
        } else {
            let before = self.positions[index - 1];
            if before < here {
                out.push((before + 1, here));
            }
        }
    }

    /// Every hash interval owned by a token whose node satisfies `chosen`.
    pub fn intervals_where(&self, chosen: impl Fn(NodeId) -> bool) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        for index in 0..self.positions.len() {
            if chosen(self.owners[index]) {
                self.intervals(index, &mut out);
            }
        }
        out
    }

    /// Every hash interval that `node`'s tokens own.
    #[cfg(test)]
    pub fn intervals_of(&self, node: NodeId) -> Vec<(u64, u64)> {
        self.intervals_where(|n| n == node)
    }

    /// The first `count` distinct nodes met walking clockwise from `hash`
    /// (fewer when the ring has fewer nodes): Dynamo's preference list.
    pub fn distinct_from(&self, hash: u64, count: usize) -> Vec<NodeId> {
        let mut nodes: Vec<NodeId> = Vec::with_capacity(count);
        let Some(start) = self.successor(hash) else {
            return nodes;
        };
        for step in 0..self.positions.len() {
            if nodes.len() == count {
                break;
            }
            let node = self.owners[(start + step) % self.positions.len()];
            if !nodes.contains(&node) {
                nodes.push(node);
            }
        }
        nodes
    }

    /// The fraction of the circle each node owns.
    pub fn shares(&self) -> BTreeMap<NodeId, f64> {
        let mut arcs: BTreeMap<NodeId, u128> = BTreeMap::new();
        let count = self.positions.len();
        for index in 0..count {
            let here = u128::from(self.positions[index]);
            let length = if index == 0 {
                here + (1u128 << 64) - u128::from(self.positions[count - 1])
            } else {
                here - u128::from(self.positions[index - 1])
            };
            *arcs.entry(self.owners[index]).or_insert(0) += length;
        }
        arcs.into_iter()
            .map(|(node, length)| (node, length as f64 / 18_446_744_073_709_551_616.0))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn tokens(list: &[(u64, NodeId)]) -> Tokens {
        Tokens {
            positions: list.iter().map(|&(p, _)| p).collect(),
            owners: list.iter().map(|&(_, n)| n).collect(),
        }
    }

    #[test]
    fn a_hash_belongs_to_the_first_token_at_or_after_it() {
        let t = tokens(&[(10, 1), (20, 2), (30, 3)]);
        assert_eq!(t.owner_of(0), Some(1));
        assert_eq!(t.owner_of(10), Some(1));
        assert_eq!(t.owner_of(11), Some(2));
        assert_eq!(t.owner_of(30), Some(3));
        assert_eq!(t.owner_of(31), Some(1), "wraps past the top");
        assert_eq!(t.owner_of(u64::MAX), Some(1));
        assert_eq!(Tokens::default().owner_of(5), None);
    }

    #[test]
    fn intervals_cover_the_circle_exactly_once() {
        let t = tokens(&[(10, 1), (20, 2), (20, 3), (u64::MAX, 1)]);
        assert_eq!(t.intervals_of(1), vec![(0, 10), (21, u64::MAX)]);
        assert_eq!(t.intervals_of(2), vec![(11, 20)]);
        assert_eq!(
            t.intervals_of(3),
            vec![],
            "a tied second token owns nothing"
        );
        let one = tokens(&[(7, 4)]);
        assert_eq!(one.intervals_of(4), vec![(0, 7), (8, u64::MAX)]);
        let shares = t.shares();
        let total: f64 = shares.values().sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(one.shares()[&4], 1.0);
    }

    #[test]
    fn preference_lists_skip_repeated_nodes() {
        let t = tokens(&[(10, 1), (20, 1), (30, 2), (40, 1), (50, 3)]);
        assert_eq!(t.distinct_from(15, 3), vec![1, 2, 3]);
        assert_eq!(t.distinct_from(45, 2), vec![3, 1]);
        assert_eq!(t.distinct_from(45, 9), vec![3, 1, 2], "at most every node");
    }

    #[test]
    fn adding_and_removing_keeps_the_order() {
        let mut t = Tokens::default();
        t.add(1, 50, 9);
        t.add(2, 50, 9);
        assert_eq!(t.len(), 100);
        t.add(3, 50, 9);
        let pairs: Vec<Token> = t.iter().collect();
        assert!(
            pairs.windows(2).all(|w| w[0] < w[1]),
            "sorted by (position, node)"
        );
        t.remove(3);
        t.remove(1);
        assert_eq!(t.len(), 50);
        assert!(t.iter().all(|tok| tok.node == 2));
        assert!(
            t.iter()
                .any(|tok| tok.position == Tokens::position(9, 2, 49))
        );
        assert_ne!(Tokens::position(9, 2, 0), Tokens::position(10, 2, 0));
    }
}
