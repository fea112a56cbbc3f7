//! The stored keys of the hash-placed structures, and the moves between
//! nodes that operations report.
//!
//! [`KeyTable`] keeps each key with its hash and owner, ordered by
//! `(hash, key)`, so a ring can find the keys on one arc of hash space with
//! a range query, and a table of hashes gives every structure the same,
//! platform-independent order.

use super::NodeId;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::ops::Bound;

/// One stored key that changed owner.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Move {
    pub key: Vec<u8>,
    pub from: NodeId,
    pub to: NodeId,
}

/// Where an inserted (or removed) key lives, and the stored keys the
/// operation moved (a newly inserted key is placed, never listed as moved).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Placed {
    pub owner: NodeId,
    pub moves: Vec<Move>,
}

impl Placed {
    pub(crate) fn alone(owner: NodeId) -> Self {
        Self {
            owner,
            moves: Vec::new(),
        }
    }
}

/// Keys with their hash and owner, ordered by `(hash, key)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KeyTable {
    entries: BTreeMap<(u64, Vec<u8>), NodeId>,
}

impl KeyTable {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Stores `key` with `owner`; returns the owner it already had, if any
    /// (and then leaves it unchanged).
    pub fn insert(&mut self, hash: u64, key: &[u8], owner: NodeId) -> Option<NodeId> {
        let slot = (hash, key.to_vec());
        if let Some(&existing) = self.entries.get(&slot) {
            return Some(existing);
        }
        self.entries.insert(slot, owner);
        None
    }

    pub fn remove(&mut self, hash: u64, key: &[u8]) -> Option<NodeId> {
        self.entries.remove(&(hash, key.to_vec()))
    }

    /// Every `(hash, key, owner)` in `(hash, key)` order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &[u8], NodeId)> + '_ {
        self.entries
            .iter()
            .map(|((hash, key), &owner)| (*hash, key.as_slice(), owner))
    }

    /// Gives each key whose hash lies in `low..=high` the owner `owner_of`
    /// returns for its hash, and appends the keys that changed to `moves`.
    pub fn reassign_hashes(
        &mut self,
        low: u64,
        high: u64,
        mut owner_of: impl FnMut(u64) -> NodeId,
        moves: &mut Vec<Move>,
    ) {
        let start = Bound::Included((low, Vec::new()));
        let end = match high.checked_add(1) {
            Some(next) => Bound::Excluded((next, Vec::new())),
            None => Bound::Unbounded,
        };
        for ((hash, key), owner) in self.entries.range_mut((start, end)) {
            let to = owner_of(*hash);
            if to != *owner {
                moves.push(Move {
                    key: key.clone(),
                    from: *owner,
                    to,
                });
                *owner = to;
            }
        }
    }

    /// Gives every key the owner `owner_of(hash, current owner)` returns, and
    /// appends the keys that changed to `moves`.
    pub fn reassign_all(
        &mut self,
        mut owner_of: impl FnMut(u64, NodeId) -> NodeId,
        moves: &mut Vec<Move>,
    ) {
        for ((hash, key), owner) in self.entries.iter_mut() {
            let to = owner_of(*hash, *owner);
            if to != *owner {
                moves.push(Move {
                    key: key.clone(),
                    from: *owner,
                    to,
                });
                *owner = to;
            }
        }
    }

    /// Keys per node, with every node of `nodes` present.
    pub fn loads(&self, nodes: impl Iterator<Item = NodeId>) -> BTreeMap<NodeId, usize> {
        let mut loads: BTreeMap<NodeId, usize> = nodes.map(|n| (n, 0)).collect();
        for &owner in self.entries.values() {
            *loads.entry(owner).or_insert(0) += 1;
        }
        loads
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn reassigning_a_hash_interval_touches_only_that_interval() {
        let mut table = KeyTable::default();
        for (hash, key) in [(5, b"a"), (10, b"b"), (10, b"c"), (u64::MAX, b"d")] {
            assert_eq!(table.insert(hash, key, 0), None);
        }
        assert_eq!(
            table.insert(10, b"b", 7),
            Some(0),
            "a second insert keeps the owner"
        );
        let mut moves = Vec::new();
        table.reassign_hashes(6, 10, |_| 1, &mut moves);
        assert_eq!(
            moves,
            vec![
                Move {
                    key: b"b".to_vec(),
                    from: 0,
                    to: 1
                },
                Move {
                    key: b"c".to_vec(),
                    from: 0,
                    to: 1
                },
            ]
        );
        moves.clear();
        table.reassign_hashes(11, u64::MAX, |_| 2, &mut moves);
        assert_eq!(
            moves,
            vec![Move {
                key: b"d".to_vec(),
                from: 0,
                to: 2
            }]
        );
        let loads = table.loads([0, 1, 2, 3].into_iter());
        assert_eq!(
            loads.into_iter().collect::<Vec<_>>(),
            vec![(0, 1), (1, 2), (2, 1), (3, 0)]
        );
        assert_eq!(table.remove(10, b"c"), Some(1));
        assert_eq!(table.len(), 3);
    }
}
