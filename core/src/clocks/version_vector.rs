//! Version vectors (Parker, Popek, Rudisin, Stoughton, Walker, Walton,
//! Chow, Edwards, Kiser & Kline, "Detection of Mutual Inconsistency in
//! Distributed Systems", IEEE TSE 9(3), 1983).
//!
//! A version vector tags one replicated item: entry `r` counts the updates
//! replica `r` has applied to it (its own and those it learned). It is the
//! vector-clock lattice applied to *versions* instead of events: a replica
//! increments its own entry when it accepts a write, and when two copies
//! meet, one *descends* from the other (it has seen every update the other
//! has: keep it) or they are *concurrent* (conflicting updates: keep both,
//! or reconcile, and merge the vectors).
//!
//! ```text
//!   write at r:      V[r] += 1
//!   reconcile:       V := max(V, W)          (commutative, associative,
//!                                             idempotent: a join)
//!   V descends W  ⇔  ∀r V[r] ≥ W[r]
//! ```

use super::{Causality, compare_counters, merge_counters};
use crate::sim::NodeId;
use alloc::collections::BTreeMap;
use core::cmp::Ordering;

/// A version vector.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VersionVector {
    counters: BTreeMap<NodeId, u64>,
}

impl VersionVector {
    pub fn new() -> Self {
        Self::default()
    }

    /// From `(replica, counter)` pairs (zeros dropped, largest kept).
    pub fn from_entries(entries: impl IntoIterator<Item = (NodeId, u64)>) -> Self {
        let mut vv = Self::new();
        for (r, n) in entries {
            vv.set_at_least(r, n);
        }
        vv
    }

    /// The updates of `replica` covered (0 if absent).
    pub fn get(&self, replica: NodeId) -> u64 {
        self.counters.get(&replica).copied().unwrap_or(0)
    }

    /// The non-zero entries in replica order.
    pub fn entries(&self) -> impl Iterator<Item = (NodeId, u64)> + '_ {
        self.counters.iter().map(|(&r, &n)| (r, n))
    }

    /// Raises the entry of `replica` to at least `counter`.
    pub fn set_at_least(&mut self, replica: NodeId, counter: u64) {
        if counter > 0 {
            let slot = self.counters.entry(replica).or_insert(0);
            *slot = (*slot).max(counter);
        }
    }

    /// A new update accepted at `replica`; returns its counter.
    pub fn increment(&mut self, replica: NodeId) -> u64 {
        let slot = self.counters.entry(replica).or_insert(0);
        *slot += 1;
        *slot
    }

    /// The join (pointwise maximum).
    pub fn merge(&mut self, other: &VersionVector) {
        merge_counters(&mut self.counters, &other.counters);
    }

    /// The join, as a new vector.
    pub fn merged(&self, other: &VersionVector) -> VersionVector {
        let mut out = self.clone();
        out.merge(other);
        out
    }

    pub fn compare(&self, other: &VersionVector) -> Causality {
        compare_counters(&self.counters, &other.counters)
    }

    /// Has seen every update `other` has (equal counts).
    pub fn descends(&self, other: &VersionVector) -> bool {
        matches!(self.compare(other), Causality::After | Causality::Equal)
    }

    /// Descends and differs.
    pub fn dominates(&self, other: &VersionVector) -> bool {
        self.compare(other) == Causality::After
    }

    pub fn concurrent(&self, other: &VersionVector) -> bool {
        self.compare(other) == Causality::Concurrent
    }
}

impl PartialOrd for VersionVector {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.compare(other).partial_ordering()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicting_updates_are_concurrent_until_merged() {
        let mut a = VersionVector::new();
        a.increment(0);
        let mut b = a.clone();
        a.increment(0);
        b.increment(1);
        assert!(a.concurrent(&b));
        let m = a.merged(&b);
        assert!(m.descends(&a) && m.dominates(&b));
        assert_eq!(m, VersionVector::from_entries([(0, 2), (1, 1)]));
        assert!(m.descends(&m) && !m.dominates(&m));
    }
}
